"""Filling a template in: 和暦 dates, amounts with 円, full width, escaping, and the PDF's text."""

from __future__ import annotations

import datetime

import pytest

from ..demo_templates import grant_decision_docx, rejection_docx
from ..pdf import docx_to_pdf
from ..placeholders import filter_wareki, filter_yen, filter_zenkaku, per_notice_values, sample_context
from ..templating import RenderFailed, render_docx
from .conftest import needs_libreoffice
from .documents import docx_split_across_runs, docx_text, docx_with, pdf_fonts, pdf_text


def test_filters_write_japanese_dates_amounts_and_full_width() -> None:
    assert filter_wareki(datetime.date(2025, 4, 1)) == "令和7年4月1日"
    assert filter_wareki("2019-05-01") == "令和元年5月1日"
    assert filter_yen(1234000) == "1,234,000円"
    assert filter_yen("１２３４") == "1,234円"
    assert filter_yen("別紙のとおり") == "別紙のとおり"
    assert filter_zenkaku("環第123号 1,234円") == "環第１２３号　１，２３４円"


def test_per_notice_values_take_either_name_and_format_amounts() -> None:
    assert per_notice_values({"amount": 500000, "理由": "期限後の申請"}) == {
        "決定額": "500,000円",
        "理由": "期限後の申請",
    }
    with pytest.raises(KeyError):
        per_notice_values({"申請者氏名": "上書き"})


def test_demo_grant_decision_is_filled_in_everywhere_including_the_table() -> None:
    text = docx_text(render_docx(grant_decision_docx(), sample_context()))
    assert "三重県指令 環第123号" in text
    assert "令和7年4月1日" in text
    assert "株式会社 伊勢テック　様" in text
    assert "1,234,000円" in text
    assert "{{" not in text


def test_a_placeholder_split_across_runs_is_filled() -> None:
    text = docx_text(
        render_docx(docx_split_across_runs("宛先 ", "{{ 申請者", "氏名 }}", " 様"), sample_context())
    )
    assert text == "宛先 株式会社 伊勢テック 様"


def test_values_are_escaped_for_word() -> None:
    context = {**sample_context(), "申請者氏名": "<w:p>A&B </w:t>"}
    assert docx_text(render_docx(docx_with("{{ 申請者氏名 }}"), context)) == "<w:p>A&B </w:t>"


def test_filters_in_the_template_format_values() -> None:
    content = docx_with("{{ 文書番号|全角 }}", "{{ 回答.amount|円 }}", "{{ applicant_name }}")
    text = docx_text(render_docx(content, sample_context()))
    assert text.splitlines() == ["三重県指令　環第１２３号", "1,500,000円", "株式会社 伊勢テック"]


def test_a_missing_per_notice_value_names_it() -> None:
    context = {k: v for k, v in sample_context().items() if k not in {"理由", "reason"}}
    with pytest.raises(RenderFailed) as caught:
        render_docx(rejection_docx(), context)
    assert caught.value.code == "missing_value"
    assert "理由" in caught.value.message


def test_an_answer_the_form_does_not_have_reads_empty() -> None:
    assert docx_text(render_docx(docx_with("[{{ 回答.nothing }}]"), sample_context())) == "[]"


def test_multi_line_values_become_line_breaks() -> None:
    context = {**sample_context(), "理由": "一つ目の理由\n二つ目の理由"}
    text = docx_text(render_docx(docx_with("{{ 理由 }}"), context))
    assert "一つ目の理由\n二つ目の理由" in text


@needs_libreoffice
def test_pdf_has_the_japanese_text_and_embedded_fonts() -> None:
    pdf = docx_to_pdf(render_docx(grant_decision_docx(), sample_context()))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "三重県指令環第123号" in text
    assert "令和7年4月1日" in text
    assert "交付決定通知書" in text
    # ＭＳ 明朝 in the template is set in IPAex明朝 (a mincho), not a gothic fallback, and embedded.
    assert pdf_fonts(pdf) == {"IPAexMincho": True}
