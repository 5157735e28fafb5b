"""manage.py faq_embed [--collection SLUG ...]

Computes the embeddings that are missing or stale (entries changed, or another embedding model since
an upgrade), with a progress line. Entries with current embeddings are skipped, so it is cheap to run
after every deployment."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...models import FaqCollection
from ...vectors import entries_embed
from ._progress import ProgressLine


class Command(BaseCommand):
    help = "Embed the FAQ entries whose embeddings are missing or stale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collection", action="append", help="slug; repeat for several (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        collections = FaqCollection.objects.order_by("slug")
        if options["collection"]:
            collections = collections.filter(slug__in=options["collection"])
        for collection in collections:
            line = ProgressLine(self.stdout, f"{collection.slug}: embedding")
            embedded = entries_embed(collection=collection, progress=line.update)
            line.finish()
            self.stdout.write(f"{collection.slug}: {embedded} entries embedded")
