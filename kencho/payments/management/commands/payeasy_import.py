"""Import a Pay-easy 消込 file from the command line (the same as the staff page): each payment in
it is applied once; running it again on the same file changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...payeasy_import import payeasy_file_import


class Command(BaseCommand):
    help = "Import a Pay-easy reconciliation (消込) CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        summary = payeasy_file_import(content=path.read_bytes(), actor=None)
        for code, count in sorted(summary.results.items()):
            self.stdout.write(f"{code}: {count}")
        for problem in summary.problems:
            self.stderr.write(f"line {problem.line}: {problem.message_en}")
        if summary.problems:
            raise CommandError(f"{len(summary.problems)} line(s) could not be read")
