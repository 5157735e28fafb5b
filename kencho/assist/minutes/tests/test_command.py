"""manage.py minutes: the same minutes on the command line, and clear failures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .transcripts import COMMITTEE_VTT, EXPERT_SRT, teams_docx


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_markdown_goes_to_standard_output(tmp_path: Path) -> None:
    transcript = tmp_path / "健康福祉病院常任委員会.vtt"
    transcript.write_bytes(COMMITTEE_VTT.encode("utf-8-sig"))
    out, _ = run(
        str(transcript), "--format", "md", "--meeting-date", "2025-12-03", "--speaker", "田中 一郎=田中委員"
    )
    assert out.startswith("# 健康福祉病院常任委員会\n\n- 日時：令和7年12月3日（2025年12月3日）")
    assert "**○田中委員**\u30002点伺います。" in out
    assert (
        "| 資料は、来週金曜までに事務局から各委員に送付いたします。 | 事務局 | 2025年12月12日（来週金曜） |"
        in out
    )


def test_summary_in_word_is_written_to_the_output_file(tmp_path: Path) -> None:
    from docx import Document

    transcript = tmp_path / "expert.srt"
    transcript.write_bytes(EXPERT_SRT.encode("cp932"))
    output = tmp_path / "要旨.docx"
    _, err = run(str(transcript), "--format", "docx", "--style", "summary", "--output", str(output))
    document = Document(str(output))
    texts = [p.text for p in document.paragraphs]
    assert "発言要旨" in texts
    assert any(
        t.startswith("○山本委員\u3000市町の職員研修は、オンラインで実施すべきと考える。") for t in texts
    )
    assert "srt: 4 utterances" in err


def test_word_without_output_is_written_next_to_the_transcript(tmp_path: Path) -> None:
    transcript = tmp_path / "teams.docx"
    transcript.write_bytes(teams_docx())
    run(str(transcript), "--format", "docx", "--output", str(tmp_path / "minutes.docx"))
    assert (tmp_path / "minutes.docx").stat().st_size > 0


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "ファイルが空です"),
        (b"\x89PNG\r\n\x1a\n\x00", [], "This is not a text file"),
        (b'{"a": 1}', [], "文字起こしの形式を判別できません"),
        (COMMITTEE_VTT.encode(), ["--meeting-date", "来週"], "2025-12-03"),
        (COMMITTEE_VTT.encode(), ["--speaker", "田中"], "LABEL=NAME"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", [], "Speech recognition is not set up"),
    ],
)
def test_bad_input_ends_with_a_message_in_both_languages(
    tmp_path: Path, content: bytes, args: list[str], message: str
) -> None:
    transcript = tmp_path / "input.txt"
    transcript.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        run(str(transcript), *args)
    assert message in str(raised.value)


def test_a_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ファイルを読めません / Cannot read the file"):
        run(str(tmp_path / "none.vtt"))


def test_the_command_exits_with_status_1_on_bad_input(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from django.conf import settings

    transcript = tmp_path / "bad.vtt"
    transcript.write_bytes(b"\x00\x01\x02binary")
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "minutes", str(transcript)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kencho.settings.test"},
    )
    assert result.returncode == 1
    assert "テキストではないファイルです" in result.stderr
    assert "Traceback" not in result.stderr
