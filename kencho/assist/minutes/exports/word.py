"""Minutes as a Word document (.docx), in the layout of a prefecture's 議事録: a title, a table of
the meeting's date, place and attendees, the turns with the speaker in bold, then tables of
decisions, action items (内容・担当・期限) and open questions.

Japanese fonts are set in the document's styles (w:eastAsia), so Word uses them whatever the
reader's defaults; the document language is ja-JP and table header rows repeat on each page.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..style import MinutesStyle, minutes_style
from .content import MinutesContent

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import BaseStyle
    from docx.table import Table


def _set_fonts(style: BaseStyle, *, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn

    font = style.font  # type: ignore[attr-defined]  # character and paragraph styles have a font
    font.name = latin
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = properties.makeelement(qn("w:lang"), {})
        properties.append(language)
    language.set(qn("w:eastAsia"), "ja-JP")


def _repeat_header(table: Table) -> None:
    from docx.oxml.ns import qn

    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = row_properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    row_properties.append(header)


def _table(document: WordDocument, headings: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = document.styles["Table Grid"]
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    _repeat_header(table)


def minutes_docx(content: MinutesContent, *, style: MinutesStyle | None = None) -> bytes:
    from docx import Document  # imported here: python-docx and lxml load only for an export
    from docx.shared import Pt

    style = style or minutes_style()
    document = Document()
    document.core_properties.title = content.title
    document.core_properties.language = "ja-JP"
    normal = document.styles["Normal"]
    _set_fonts(normal, latin=style.docx_font, east_asian=style.docx_font)
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        _set_fonts(document.styles[name], latin=style.docx_heading_font, east_asian=style.docx_heading_font)

    document.add_heading(content.title, level=0)
    details = [["日時", content.date_text], ["場所", content.place]]
    _table(document, ["項目", "内容"], [row for row in details if row[1]])
    if content.attendees:
        document.add_heading("出席者", level=1)
        _table(document, ["氏名", "職名"], [[name, title] for name, title in content.attendees])

    document.add_heading(content.body_heading, level=1)
    for turn in content.turns:
        paragraphs = turn.text.split("\n")
        first = document.add_paragraph()
        if turn.speaker:
            first.add_run(f"○{turn.speaker}").bold = True
            first.add_run("\u3000")
        first.add_run(paragraphs[0])
        for paragraph in paragraphs[1:]:
            document.add_paragraph(paragraph)

    if content.decisions:
        document.add_heading("決定事項", level=1)
        _table(
            document, ["番号", "決定事項"], [[str(n), t] for n, t in enumerate(content.decisions, start=1)]
        )
    if content.action_items:
        document.add_heading("対応事項", level=1)
        _table(
            document, ["内容", "担当", "期限"], [[a.text, a.assignee, a.due] for a in content.action_items]
        )
    if content.open_questions:
        document.add_heading("継続検討事項", level=1)
        for question in content.open_questions:
            document.add_paragraph(question, style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
