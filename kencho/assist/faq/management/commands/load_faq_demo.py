"""Demo FAQ collections: 観光 (with English and やさしい日本語), 県税 and 職員ITヘルプデスク, with their
embeddings computed here so that the first question is answered at once. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...demo.loader import demo_collection_load, demo_definitions
from ...vectors import entries_embed
from ._progress import ProgressLine


class Command(BaseCommand):
    help = "Load the demo FAQ collections and embed their entries (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-embed", action="store_true", help="skip the embeddings (search uses BM25 alone until run)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for definition in demo_definitions():
            collection = demo_collection_load(definition, embed=False)
            if not options["no_embed"]:
                line = ProgressLine(self.stdout, f"{collection.slug}: embedding")
                entries_embed(collection=collection, progress=line.update)
                line.finish()
            self.stdout.write(f"FAQ {collection.slug}: {collection.entries.count()} entries")
        self.stdout.write(self.style.SUCCESS("demo FAQ collections ready"))
