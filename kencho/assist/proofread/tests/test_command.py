"""manage.py proofread FILE."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .factories import make_docx

pytestmark = pytest.mark.django_db


def test_json_lists_findings_with_offsets_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("申請書を確認して下さい。\n三重件の事業です。\n", encoding="utf-8")
    out = io.StringIO()
    call_command("proofread", str(path), "--format", "json", stdout=out, stderr=io.StringIO())
    findings = json.loads(out.getvalue())
    text = path.read_text(encoding="utf-8")
    assert [(text[f["start"] : f["end"]], f["rule"], f["suggestion"]) for f in findings] == [
        ("下さい", "kana_words", "ください"),
        ("三重件", "terms", "三重県"),
    ]
    assert set(findings[0]) == {"start", "end", "rule", "message", "suggestion"}


def test_text_format_gives_line_and_column_and_reads_word_files(tmp_path: Path) -> None:
    path = tmp_path / "notice.docx"
    path.write_bytes(make_docx())
    out = io.StringIO()
    call_command("proofread", str(path), stdout=out, stderr=io.StringIO())
    assert f"{path}:2:1: [redundant]" in out.getvalue()


def test_a_file_that_cannot_be_read_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(CommandError, match=r"Only \.docx, \.txt and \.md"):
        call_command("proofread", str(path))
