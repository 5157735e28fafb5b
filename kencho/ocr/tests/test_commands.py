from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from kencho.ocr import samples
from kencho.ocr.models import Batch, FormTemplate, PageStatus

pytestmark = pytest.mark.django_db


def test_the_demo_loader_runs_twice_and_leaves_one_template_and_batch() -> None:
    from kencho.core.models import User
    from kencho.core.services import membership_add, org_unit_create

    department = org_unit_create(code="02", name_ja="雇用経済部", name_en="", level="department", parent=None)
    division = org_unit_create(code="0202", name_ja="課", name_en="", level="division", parent=department)
    section = org_unit_create(
        code="020201", name_ja="学生支援班", name_en="", level="section", parent=division
    )
    officer = User.objects.create_user(
        "officer@kencho.example.jp", "x-very-long-password", kind=User.Kind.STAFF
    )
    membership_add(user=officer, unit=section, role="officer")
    out = io.StringIO()
    call_command("load_ocr_demo", "--pages", "2", stdout=out)
    call_command("load_ocr_demo", "--pages", "2", stdout=out)
    assert FormTemplate.objects.count() == 1 and Batch.objects.count() == 1
    batch = Batch.objects.get()
    assert batch.is_finished and batch.total == 3
    assert batch.pages.filter(status=PageStatus.UNREADABLE).count() == 1
    assert "pages read: 3/3" in out.getvalue()


def test_ocr_read_prints_a_progress_line(ocr_template: FormTemplate, tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(samples.filled_page(samples.sample_answers(61, "handwriting")))
    out = io.StringIO()
    call_command("ocr_read", "--template", str(ocr_template.pk), "--no-archive", str(scan), stdout=out)
    assert "1/1 pages" in out.getvalue() and "1 wait for review" in out.getvalue()
