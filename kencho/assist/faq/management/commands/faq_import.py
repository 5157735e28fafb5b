"""manage.py faq_import FILE --collection SLUG [--replace] [--background]

Imports a CSV (UTF-8, UTF-8 with BOM or CP932) or xlsx file laid out as kencho/assist/faq/columns.py
describes, then embeds the new and changed entries with a progress line (or, with --background,
leaves that to the task queue). A file with problems is refused whole; each problem is printed with
its row and column, and the command exits with status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...importing import FaqImportError, entries_import
from ...models import FaqCollection
from ...vectors import entries_embed
from ._progress import ProgressLine


class Command(BaseCommand):
    help = "Import FAQ entries from a CSV or xlsx file into a collection."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--collection", required=True, help="the collection's slug")
        parser.add_argument("--replace", action="store_true", help="delete entries that are not in the file")
        parser.add_argument(
            "--background", action="store_true", help="leave the embeddings to the background task queue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        collection = FaqCollection.objects.filter(slug=options["collection"]).first()
        if collection is None:
            slug = options["collection"]
            raise CommandError(f"FAQ集「{slug}」はありません / no collection {slug!r}")
        if not path.is_file():
            raise CommandError(f"ファイルがありません / no such file: {path}")
        self.stdout.write(f"reading {path.name} …")
        try:
            report = entries_import(
                collection=collection,
                name=path.name,
                data=path.read_bytes(),
                replace=options["replace"],
                embed=options["background"],
            )
        except FaqImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s); nothing was imported") from error
        self.stdout.write(
            f"{collection.slug}: {report.created} created, {report.updated} updated, {report.deleted} deleted"
        )
        if not options["background"]:
            line = ProgressLine(self.stdout, f"{collection.slug}: embedding")
            embedded = entries_embed(
                collection=collection, entry_ids=[e.pk for e in report.entries], progress=line.update
            )
            line.finish()
            self.stdout.write(f"{embedded} entries embedded")
        self.stdout.write(self.style.SUCCESS("import finished"))
