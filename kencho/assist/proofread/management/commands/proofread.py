"""manage.py proofread FILE [--format json|text] [--document-type public_notice|newsletter|internal]

Prints the findings for a .txt, .md or .docx file: as JSON, a list of {start, end, rule, message,
suggestion} with offsets in Unicode code points into the file's text (for a .docx, the paragraphs
joined by line feeds); or as text, one finding a line with its line and column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...document_types import DocumentType
from ...models import DocumentKind
from ...services import text_proofread
from ...uploads import UploadRejected, read_document


class Command(BaseCommand):
    help = "Proofread a .txt, .md or .docx file and print the findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--document-type", choices=DocumentType.values, default=DocumentType.PUBLIC_NOTICE
        )
        parser.add_argument("--language", choices=["ja", "en"], default="ja", help="for --format text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            document = read_document(path.name, data)
        except UploadRejected as rejected:
            raise CommandError(f"{path}: {rejected.message_en}") from rejected
        findings = text_proofread(
            text=document.text,
            document_type=options["document_type"],
            markdown=document.kind == DocumentKind.MARKDOWN,
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=2))
            return
        text = document.text
        for finding in findings:
            start = int(str(finding["start"]))
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            message = finding["message"][options["language"]]  # type: ignore[index]
            suggestion = finding["suggestion"]
            arrow = f" → 「{suggestion}」" if suggestion is not None else ""
            self.stdout.write(f"{path}:{line}:{column}: [{finding['rule']}] {message}{arrow}")
        self.stderr.write(f"{len(findings)} finding(s)")
