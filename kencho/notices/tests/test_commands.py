"""The demo command and the command-line batch with its progress line."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ..models import Notice, NoticeKind, NoticeTemplate
from .factories import make_applications, make_notice_procedure, make_scheme, make_template

pytestmark = pytest.mark.django_db


def test_notices_issue_prints_progress_and_issues_every_notice(units, settings) -> None:
    settings.KENCHO_NOTICES_CHUNK_SIZE = 2
    unit = units["section"]
    template = make_template(unit, scheme=make_scheme(unit), kind=NoticeKind.REJECTION, name="不受理通知")
    procedure = make_notice_procedure(unit)
    make_applications(procedure, 3)
    out = io.StringIO()
    call_command(
        "notices_issue",
        "--template", str(template.pk),
        "--procedure", procedure.slug,
        "--decided-on", "令和7年6月2日",
        "--value", "理由=期限後の申請のため",
        "--no-pdf",
        stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "2/3 (66%)" in text and "3/3 (100%)" in text
    assert "3 issued, 0 failed" in text
    assert Notice.objects.count() == 3


def test_notices_issue_explains_what_is_missing(units) -> None:
    with pytest.raises(CommandError):
        call_command("notices_issue", "--template", "1", stdout=io.StringIO())


def test_load_notices_demo_makes_the_two_templates_once(db) -> None:
    call_command("load_demo", stdout=io.StringIO())
    before = NoticeTemplate.objects.count()
    call_command("load_notices_demo", stdout=io.StringIO())
    assert NoticeTemplate.objects.count() == before  # the second run adds nothing
    names = set(NoticeTemplate.objects.values_list("name", flat=True))
    assert {"みえ学生応援食事券 不受理通知", "中小企業デジタル化支援補助金 交付決定通知書"} <= names
    assert all(t.versions.count() == 1 for t in NoticeTemplate.objects.all())


def test_the_demo_templates_are_valid(units) -> None:
    make_template(units["section"], scheme=None)
    make_template(units["section"], scheme=None, kind=NoticeKind.REJECTION, name="不受理通知")


def test_system_check_warns_without_libreoffice(monkeypatch) -> None:
    from ..checks import check_notices_settings

    monkeypatch.setattr("kencho.notices.pdf.soffice_path", lambda: None)
    assert [m.id for m in check_notices_settings(None)] == ["notices.W001"]


def test_system_check_refuses_an_unknown_runner(settings) -> None:
    from ..checks import check_notices_settings

    settings.KENCHO_NOTICES_BATCH_RUNNER = "cron"
    assert "notices.E001" in [m.id for m in check_notices_settings(None)]
