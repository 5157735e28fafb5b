"""Word files made in the tests with python-docx, with formatting to keep."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt


def make_docx() -> bytes:
    """A notice: a bold heading, a paragraph whose flagged words are split across runs of different
    formatting, and a table."""
    document = Document()
    heading = document.add_paragraph()
    title = heading.add_run("説明会のお知らせ")
    title.bold = True
    title.font.size = Pt(16)
    body = document.add_paragraph()
    body.add_run("まず最初に、")
    italic = body.add_run("申請書")
    italic.italic = True
    body.add_run("の内容を確認して下")
    body.add_run("さい。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "受付番号"
    table.cell(0, 1).text = "Ａ１２３"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
