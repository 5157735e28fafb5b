"""Checking an uploaded Word template: what is refused, with which message, and what is kept."""

from __future__ import annotations

import pytest

from kencho.core.models import AuditEntry

from ..demo_templates import grant_decision_docx
from ..errors import NoticeError
from ..models import NoticeKind
from ..services import notice_template_create, notice_template_version_add
from ..templating import TemplateRejected, template_inspect
from .documents import docx_split_across_runs, docx_with, with_external_image, with_macro
from .factories import make_scheme, make_template

pytestmark = pytest.mark.django_db


def rejected(content: bytes, filename: str = "template.docx") -> TemplateRejected:
    with pytest.raises(TemplateRejected) as caught:
        template_inspect(content, filename)
    return caught.value


def test_placeholders_in_japanese_and_english_are_listed() -> None:
    inspection = template_inspect(docx_with("{{ 申請者氏名 }} 様", "{{ document_number }}"), "a.docx")
    assert inspection.placeholders == ["document_number", "申請者氏名"]
    assert len(inspection.sha256) == 64


def test_a_placeholder_word_split_across_runs_is_found() -> None:
    inspection = template_inspect(docx_split_across_runs("宛先 ", "{{ 申請者", "氏名 }}", " 様"), "a.docx")
    assert inspection.placeholders == ["申請者氏名"]


def test_unknown_placeholder_is_refused_by_name() -> None:
    problem = rejected(docx_with("{{ 申請者名 }} 様 {{ 文書番号 }}"))
    assert problem.code == "unknown_placeholder"
    assert "{{ 申請者名 }}" in str(problem.message)
    assert "文書番号" not in str(problem.message)


def test_broken_expression_is_refused() -> None:
    problem = rejected(docx_with("{{ 申請者氏名 }"))
    assert problem.code == "syntax"


def test_unknown_filter_is_refused_by_name() -> None:
    problem = rejected(docx_with("{{ 決定額|千円 }}"))
    assert problem.code == "syntax"
    assert "千円" in str(problem.message)


def test_python_internals_are_out_of_reach() -> None:
    problem = rejected(docx_with("{{ 回答.__class__.__mro__ }}"))
    assert problem.code == "template_error"


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"PK\x03\x04 not a zip at all", "a.docx", "broken"),
        (b"%PDF-1.7\n", "a.docx", "broken"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "old_or_encrypted"),
        (b"", "a.docm", "macro"),
        (b"hello", "a.txt", "extension"),
    ],
)
def test_files_that_are_not_usable_word_documents_are_refused(
    content: bytes, filename: str, code: str
) -> None:
    assert rejected(content, filename).code == code


def test_a_docx_with_a_macro_inside_is_refused() -> None:
    problem = rejected(with_macro(docx_with("{{ 文書番号 }}")))
    assert problem.code == "macro"
    assert ".docx" in str(problem.message)


def test_a_linked_external_picture_is_refused() -> None:
    assert rejected(with_external_image(docx_with("{{ 文書番号 }}"))).code == "external_link"


def test_messages_are_in_english_for_english_users() -> None:
    from django.utils import translation

    with translation.override("en"):
        problem = rejected(b"hello", "a.txt")
        assert str(problem.message)  # the English catalogue may translate it; never empty


def test_new_versions_are_numbered_and_keep_their_placeholders(units, officer) -> None:
    template = make_template(units["section"], scheme=make_scheme(units["section"]), actor=officer)
    version = notice_template_version_add(
        template=template,
        content=docx_with("{{ 申請者氏名 }}"),
        filename="v2.docx",
        actor=officer,
        comment="宛名だけ",
    )
    assert [v.number for v in template.versions.order_by("number")] == [1, 2]
    assert version.placeholders == ["申請者氏名"]
    assert version.original_filename == "v2.docx"
    assert AuditEntry.objects.filter(action="notices.template_version_added").count() == 2


def test_a_refused_version_changes_nothing(units, officer) -> None:
    template = make_template(units["section"], scheme=None, kind=NoticeKind.RECEIPT, actor=officer)
    with pytest.raises(TemplateRejected):
        notice_template_version_add(template=template, content=b"nope", filename="x.docx", actor=officer)
    assert template.versions.count() == 1


def test_scheme_of_another_unit_is_refused(units, officer) -> None:
    other_scheme = make_scheme(units["other"])
    with pytest.raises(NoticeError) as caught:
        notice_template_create(
            unit=units["section"],
            kind=NoticeKind.PERMIT,
            name="許可通知書",
            numbering_scheme=other_scheme,
            sender="",
            content=grant_decision_docx(),
            filename="a.docx",
            actor=officer,
        )
    assert caught.value.code == "scheme_unit"
