"""manage.py minutes TRANSCRIPT --format md|docx: minutes from a transcript file, without the database.

    .venv/bin/python manage.py minutes 委員会.vtt --format docx --output 委員会.docx \\
        --style summary --meeting-date 2025-12-03 --speaker "田中 一郎=田中委員"

A WAV recording is transcribed first when speech recognition is set up (docs/assist-minutes.md).
Markdown goes to standard output unless --output is given; Word needs --output or is written next
to the transcript. Unreadable input ends with a message in Japanese and English and exit status 1.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kencho.core.japanese.wareki import InvalidDate, parse_date

from ...detection import read_transcript
from ...exports.content import STYLES, minutes_content
from ...exports.markdown import minutes_markdown
from ...exports.word import minutes_docx
from ...generation import generate_minutes
from ...stt.base import configured_engine
from ...style import max_upload_bytes
from ...transcript import TranscriptError, Utterance


class Command(BaseCommand):
    help = "Make minutes (議事録) from a meeting transcript (WebVTT, SRT, Teams, Zoom, text) or a WAV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("transcript", type=Path)
        parser.add_argument("--format", choices=["md", "docx"], default="md", dest="file_format")
        parser.add_argument(
            "--output", type=Path, help="file to write; Markdown goes to standard output without it"
        )
        parser.add_argument(
            "--style", choices=STYLES, default="verbatim", help="verbatim-cleaned or summary (発言要旨)"
        )
        parser.add_argument("--meeting-date", help="the meeting's date, e.g. 2025-12-03 or 令和7年12月3日")
        parser.add_argument("--title", default="", help="the meeting's name; the file name without it")
        parser.add_argument("--place", default="")
        parser.add_argument(
            "--speaker",
            action="append",
            default=[],
            metavar="LABEL=NAME",
            help="name a speaker: 田中 一郎=田中委員",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["transcript"]
        meeting_date = self._meeting_date(options["meeting_date"])
        names = self._speaker_names(options["speaker"])
        try:
            utterances, source = self._read(path)
        except TranscriptError as error:
            raise CommandError(f"{path}: {error.message_ja}\n{error.message_en}") from None
        generated = generate_minutes(utterances, speaker_names=names, meeting_date=meeting_date)
        content = minutes_content(
            title=options["title"] or path.stem,
            meeting_date=meeting_date,
            place=options["place"],
            attendees=[],
            style=options["style"],
            text=generated.summary_text if options["style"] == "summary" else generated.cleaned_text,
            findings=generated.findings,
        )
        output: Path | None = options["output"]
        if options["file_format"] == "docx":
            output = output or path.with_suffix(".docx")
            output.write_bytes(minutes_docx(content))
        elif output is None:
            self.stdout.write(minutes_markdown(content), ending="")
        else:
            output.write_text(minutes_markdown(content), encoding="utf-8")
        if output is not None:
            self.stderr.write(f"{source}: {len(utterances)} utterances → {output}")

    def _read(self, path: Path) -> tuple[list[Utterance], str]:
        try:
            if path.stat().st_size > max_upload_bytes() and not _looks_like_wav(path):
                raise CommandError(f"{path}: ファイルが大きすぎます / The file is too large")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: ファイルを読めません / Cannot read the file ({error.strerror})"
            ) from None
        if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
            return configured_engine().transcribe(io.BytesIO(data)), "speech recognition"
        transcript = read_transcript(data)
        return transcript.utterances, transcript.format_id

    def _meeting_date(self, text: str | None) -> datetime.date | None:
        if not text:
            return None
        try:
            return parse_date(text)
        except InvalidDate:
            raise CommandError(
                f"--meeting-date {text}: 日付は 2025-12-03 や 令和7年12月3日 の形で指定してください / "
                "Give the date as 2025-12-03 or 令和7年12月3日"
            ) from None

    def _speaker_names(self, pairs: list[str]) -> dict[str, str]:
        names = {}
        for pair in pairs:
            label, equals, name = pair.partition("=")
            if not equals or not label.strip() or not name.strip():
                raise CommandError(
                    f"--speaker {pair}: 「ラベル=名前」の形で指定してください / Use LABEL=NAME"
                )
            names[label.strip()] = name.strip()
        return names


def _looks_like_wav(path: Path) -> bool:
    with path.open("rb") as file:
        head = file.read(12)
    return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
