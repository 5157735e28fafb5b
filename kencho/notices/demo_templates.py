"""The demo templates, written as real Word files with python-docx: a 交付決定通知書 and a 不受理通知,
laid out the way a prefecture's 通知書 usually is (number and date top right, addressee, sender,
title, body, 記). The demo command and the tests use them; staff would make theirs in Word."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

MINCHO = "ＭＳ 明朝"


def _document() -> WordDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.name = MINCHO
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), MINCHO)
    return document


def _right(document: WordDocument, text: str) -> None:
    document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _centre(document: WordDocument, text: str, *, size: int = 14) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = True


def _save(document: WordDocument) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def grant_decision_docx() -> bytes:
    """交付決定通知書: per-notice 決定額 and 条件, the form's answers, 教示 at the end."""
    document = _document()
    _right(document, "{{ 文書番号 }}")
    _right(document, "{{ 発行日 }}")
    document.add_paragraph("{{ 申請者郵便番号 }}")
    document.add_paragraph("{{ 申請者住所 }}")
    document.add_paragraph("{{ 申請者氏名 }}　様")
    _right(document, "{{ 差出人 }}")
    _centre(document, "{{ 年度 }}　{{ 手続名 }}交付決定通知書")
    document.add_paragraph(
        "{{ 申請日 }}付けで申請のあった{{ 手続名 }}については、{{ 決定日 }}付けで下記のとおり交付することに"
        "決定したので、{{ 手続名 }}交付要綱の規定により通知します。"
    )
    _centre(document, "記", size=11)
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    rows = [("受付番号", "{{ 受付番号 }}"), ("交付決定額", "{{ 決定額 }}"), ("交付の条件", "{{ 条件 }}")]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("")
    document.add_paragraph("（担当）{{ 所属名 }}")
    document.add_paragraph(
        "この決定に不服がある場合は、この通知を受けた日の翌日から起算して3か月以内に、三重県知事に対して"
        "審査請求をすることができます。"
    )
    return _save(document)


def rejection_docx() -> bytes:
    """不受理通知: a batch-wide 理由, the applicant's name split across runs as Word does."""
    document = _document()
    _right(document, "{{ 文書番号 }}")
    _right(document, "{{ 発行日 }}")
    paragraph = document.add_paragraph()
    # Word splits text into runs at every change of formatting or spell-check mark; docxtpl joins a
    # placeholder split like this one.
    paragraph.add_run("{{ 申請者")
    paragraph.add_run("氏名 }}")
    paragraph.add_run("　様")
    _right(document, "{{ 差出人 }}")
    _centre(document, "申請の不受理について（通知）")
    document.add_paragraph(
        "{{ 申請日 }}付けで申請のあった{{ 手続名 }}（受付番号 {{ 受付番号 }}）については、"
        "下記の理由により受理しないこととしたので通知します。"
    )
    _centre(document, "記", size=11)
    document.add_paragraph("理由　{{ 理由 }}")
    document.add_paragraph("（担当）{{ 所属名 }}")
    return _save(document)
