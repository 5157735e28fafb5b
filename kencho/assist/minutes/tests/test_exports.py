"""Word and Markdown exports hold the record in the prefecture's layout, with Japanese fonts."""

from __future__ import annotations

import datetime
import io

from ..exports.content import MinutesContent, minutes_content
from ..exports.markdown import minutes_markdown
from ..exports.word import minutes_docx
from ..style import MinutesStyle

TEXT = (
    "○委員長（三重太郎君）\u3000ただいまから開会いたします。\n\n"
    "○田中委員\u30002点伺います。\n続けて伺います。"
)
FINDINGS = [
    {"kind": "decision", "text": "本件は原案のとおり可決すべきものと決定しました。"},
    {
        "kind": "action",
        "text": "資料は来週金曜までに事務局から送付いたします。",
        "assignee": "事務局",
        "due_phrase": "来週金曜",
        "due_date": "2025-12-12",
    },
    {"kind": "action", "text": "論点を整理します。", "assignee": "", "due_phrase": "次回会議"},
    {"kind": "open_question", "text": "夜勤体制は引き続き検討してまいります。"},
]


def content(style: str = "verbatim") -> MinutesContent:
    return minutes_content(
        title="健康福祉病院常任委員会",
        meeting_date=datetime.date(2025, 12, 3),
        place="第1委員会室",
        attendees=[("三重 太郎", "委員長"), ("田中 一郎", "委員")],
        style=style,
        text=TEXT,
        findings=FINDINGS,
    )


def test_markdown_has_the_details_turns_and_tables() -> None:
    markdown = minutes_markdown(content())
    assert markdown.startswith(
        "# 健康福祉病院常任委員会\n\n- 日時：令和7年12月3日（2025年12月3日）\n- 場所：第1委員会室\n"
    )
    assert "| 三重 太郎 | 委員長 |" in markdown
    assert "## 議事の経過" in markdown
    assert "**○田中委員**\u30002点伺います。\n\n続けて伺います。\n" in markdown
    assert "1. 本件は原案のとおり可決すべきものと決定しました。" in markdown
    assert (
        "| 資料は来週金曜までに事務局から送付いたします。 | 事務局 | 2025年12月12日（来週金曜） |" in markdown
    )
    assert "| 論点を整理します。 |  | 次回会議 |" in markdown
    assert "- 夜勤体制は引き続き検討してまいります。" in markdown


def test_markdown_of_the_summary_is_headed_as_such() -> None:
    assert "## 発言要旨" in minutes_markdown(content("summary"))


def test_pipes_in_a_table_cell_do_not_break_the_table() -> None:
    findings = [{"kind": "action", "text": "A|B の確認", "assignee": "", "due_phrase": ""}]
    result = minutes_content(
        title="t", meeting_date=None, place="", attendees=[], style="verbatim", text="", findings=findings
    )
    assert "| A\\|B の確認 |  |  |" in minutes_markdown(result)


def test_word_document_has_japanese_fonts_headings_and_tables() -> None:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(minutes_docx(content(), style=MinutesStyle(docx_font="BIZ UD明朝"))))
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "BIZ UD明朝"
    heading_fonts = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading_fonts.get(qn("w:eastAsia")) == "BIZ UDゴシック"
    assert document.core_properties.title == "健康福祉病院常任委員会"

    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        "健康福祉病院常任委員会",
        "出席者",
        "議事の経過",
        "決定事項",
        "対応事項",
        "継続検討事項",
    ]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    assert tables[0] == [
        ["項目", "内容"],
        ["日時", "令和7年12月3日（2025年12月3日）"],
        ["場所", "第1委員会室"],
    ]
    assert tables[1][1] == ["三重 太郎", "委員長"]
    assert tables[3][1] == [
        "資料は来週金曜までに事務局から送付いたします。",
        "事務局",
        "2025年12月12日（来週金曜）",
    ]
    row_properties = document.tables[3].rows[0]._tr.trPr
    assert row_properties is not None and row_properties.find(qn("w:tblHeader")) is not None  # header repeats

    turn = next(p for p in document.paragraphs if p.text.startswith("○田中委員"))
    assert turn.runs[0].bold and turn.runs[0].text == "○田中委員"
    assert any(p.text == "続けて伺います。" for p in document.paragraphs)
