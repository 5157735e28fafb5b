from __future__ import annotations

from typing import Any

import pytest

from kencho.conftest import make_staff

from ..demo_forms import OVERTIME_RULES, nursing_home_definition, overtime_definition
from .factories import make_organisation, make_respondent, make_survey


@pytest.fixture
def sender(units: dict[str, Any]) -> Any:
    return make_staff("survey.sender@example.jp", units["section"], name="三重 照会")


@pytest.fixture
def tsu(db: Any) -> Any:
    return make_organisation("242012", "津市")


@pytest.fixture
def yokkaichi(db: Any) -> Any:
    return make_organisation("242021", "四日市市")


@pytest.fixture
def tsu_user(tsu: Any) -> Any:
    return make_respondent(tsu)


@pytest.fixture
def overtime(units: dict[str, Any], sender: Any, tsu: Any, yokkaichi: Any) -> Any:
    return make_survey(
        units["section"],
        sender,
        overtime_definition(),
        [tsu, yokkaichi],
        rules=OVERTIME_RULES,
        series="overtime",
        period="2025-04",
    )


@pytest.fixture
def nursing(units: dict[str, Any], sender: Any, tsu: Any, yokkaichi: Any) -> Any:
    return make_survey(
        units["section"],
        sender,
        nursing_home_definition(),
        [tsu, yokkaichi],
        title="特別養護老人ホーム入所状況調査",
    )
