from __future__ import annotations

from typing import Any

import pytest

from kencho.core.models import OrgUnit, User
from kencho.ocr import samples
from kencho.ocr.models import FormTemplate
from kencho.ocr.services import template_boxes_save, template_create
from kencho.procedures.models import Procedure
from kencho.procedures.tests.factories import make_procedure


@pytest.fixture
def ocr_procedure(units: dict[str, OrgUnit]) -> Procedure:
    return make_procedure(
        unit=units["section"],
        slug="jido-fuyo",
        schema=samples.FORM_DEFINITION,
        title_ja="児童扶養手当の認定請求",
        allow_guest=False,
    )


@pytest.fixture
def ocr_template(ocr_procedure: Procedure, officer: User) -> FormTemplate:
    template = template_create(
        name="認定請求書",
        procedure=ocr_procedure,
        image_name="blank.png",
        image=samples.blank_page_bytes(),
        actor=officer,
    )
    template_boxes_save(template=template, boxes=[dict(b) for b in samples.TEMPLATE_BOXES], actor=officer)
    return template


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "ocr: reads real scans with the OCR engines")
