"""manage.py faq_export --collection SLUG [--format csv|xlsx] [--encoding utf-8-sig|cp932] [-o FILE]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exporting import collection_csv, collection_xlsx
from ...models import FaqCollection


class Command(BaseCommand):
    help = "Export a FAQ collection as CSV or xlsx (the layout faq_import reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collection", required=True)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--encoding", choices=["utf-8-sig", "cp932"], default="utf-8-sig")
        parser.add_argument("-o", "--output", type=Path, help="file to write (standard output when omitted)")

    def handle(self, *args: Any, **options: Any) -> None:
        collection = FaqCollection.objects.filter(slug=options["collection"]).first()
        if collection is None:
            raise CommandError(f"no collection {options['collection']!r}")
        if options["format"] == "xlsx":
            data = collection_xlsx(collection)
        else:
            data = collection_csv(collection, encoding=options["encoding"])
        if options["output"]:
            options["output"].write_bytes(data)
            self.stdout.write(f"wrote {options['output']}")
        else:
            sys.stdout.buffer.write(data)
