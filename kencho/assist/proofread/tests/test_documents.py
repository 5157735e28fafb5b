"""Reading uploads and writing corrections back: text, Markdown and Word files."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from ..corrections import apply_to_text
from ..docx_files import docx_apply, docx_text
from ..engine import proofread
from ..findings import Finding, Message
from ..uploads import UploadRejected, read_document
from .factories import make_docx

M = Message("", "")


def test_accepted_corrections_are_applied_and_overlapping_ones_skipped() -> None:
    text = "まず最初に見れる事を確認して下さい。"
    findings = proofread(text, rules=["redundant", "ranuki", "kana_words"])
    overlapping = Finding(2, 4, "x", M, "ぜんぶ")
    result = apply_to_text(text, [*findings, overlapping])
    assert result.text == "最初に見られることを確認してください。"
    assert result.skipped == [len(findings)]


def test_word_text_is_paragraphs_and_table_cells_in_order() -> None:
    assert (
        docx_text(make_docx())
        == "説明会のお知らせ\nまず最初に、申請書の内容を確認して下さい。\n受付番号\nＡ１２３"
    )


def test_corrections_in_a_word_file_keep_the_runs_formatting() -> None:
    data = make_docx()
    text = docx_text(data)
    findings = proofread(text, rules=["redundant", "kana_words", "fullwidth_alnum"])
    assert len(findings) == 3
    corrected, applied, skipped = docx_apply(data, findings)
    assert (applied, skipped) == ([0, 1, 2], [])
    document = Document(io.BytesIO(corrected))
    assert (
        docx_text(corrected) == "説明会のお知らせ\n最初に、申請書の内容を確認してください。\n受付番号\nA123"
    )
    heading, body = document.paragraphs[0], document.paragraphs[1]
    size = heading.runs[0].font.size
    assert heading.runs[0].bold and size is not None and size.pt == 16
    assert [r.text for r in body.runs if r.italic] == ["申請書"]
    # 下さい spanned two runs: the replacement went into the first, the rest of the second was kept
    assert [r.text for r in body.runs] == ["最初に、", "申請書", "の内容を確認してください", "。"]


def test_a_correction_touching_a_picture_run_is_skipped_not_half_done() -> None:
    document = Document(io.BytesIO(make_docx()))
    run = document.paragraphs[1].runs[0]
    run._r.append(run._r.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"))
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    findings = proofread(docx_text(data), rules=["redundant"])
    _, applied, skipped = docx_apply(data, findings)
    assert (applied, skipped) == ([], [0])


def test_text_files_in_utf8_with_bom_and_in_shift_jis_are_read() -> None:
    text = "申請書を提出して下さい。\r\n"
    assert read_document("a.txt", "\ufeff".encode() + text.encode()).text == "申請書を提出して下さい。\n"
    assert read_document("b.md", text.encode("cp932")).text == "申請書を提出して下さい。\n"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("notice.pdf", b"%PDF-1.7", "unsupported_type"),
        ("notice.docx", b"this is not a zip", "not_docx"),
        ("notice.docx", b"PK\x03\x04broken", "not_docx"),
        ("notice.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("notice.txt", b"   \n", "empty"),
        ("notice.txt", "あ".encode() * 200_001, "too_long"),
        ("notice.txt", b"a" * (10 * 1024 * 1024 + 1), "too_large"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_in_both_languages(name: str, data: bytes, code: str) -> None:
    with pytest.raises(UploadRejected) as refused:
        read_document(name, data)
    assert refused.value.code == code
    assert refused.value.message_ja and refused.value.message_en


def test_a_zip_that_is_not_a_word_file_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UploadRejected) as refused:
        read_document("notice.docx", out.getvalue())
    assert refused.value.code == "not_docx"


def test_markdown_code_and_urls_are_not_proofread() -> None:
    text = "詳しくは https://example.jp/?q=a,b,c,d,e を見て下さい。\n\n```\n見れる\n```\n`下さい`\n"
    found = [text[f.start : f.end] for f in proofread(text, markdown=True)]
    assert found == ["下さい"]
