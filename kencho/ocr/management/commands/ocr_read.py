"""Read scans from the command line, in the foreground, with a progress line:

manage.py ocr_read --template 3 scans.pdf more.jpg     # a new batch from files
manage.py ocr_read --batch 2f1c...                      # resume a batch's waiting pages
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ...errors import OcrError
from ...models import Batch, FormTemplate, PageStatus
from ...services import batch_create, batch_run


class Command(BaseCommand):
    help = "Read scanned paper forms against a template (or resume a batch), showing progress."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="*", help="PDF or image files")
        parser.add_argument("--template", type=int, help="id of the template to read against")
        parser.add_argument("--batch", help="public id of a batch to resume")
        parser.add_argument("--name", default="", help="name of the new batch")
        parser.add_argument("--no-archive", action="store_true", help="do not make the searchable PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            try:
                batch = Batch.objects.get(public_id=uuid.UUID(options["batch"]))
            except (ValueError, Batch.DoesNotExist):
                raise CommandError(f"no batch {options['batch']}") from None
        else:
            template = FormTemplate.objects.filter(pk=options["template"] or 0).first()
            if template is None:
                raise CommandError("give --template ID (or --batch ID to resume)")
            if not options["files"]:
                raise CommandError("give the files to read")
            try:
                files = [(Path(name).name, Path(name).read_bytes()) for name in options["files"]]
                batch = batch_create(
                    template=template,
                    files=files,
                    actor=None,
                    name=options["name"],
                    schedule=False,
                    make_archive=not options["no_archive"],
                )
            except (OSError, OcrError) as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"batch {batch.public_id}")
        finished = batch_run(batch_id=batch.pk, progress=self._progress)
        self.stdout.write("")
        for page in finished.pages.filter(status=PageStatus.UNREADABLE):
            self.stdout.write(f"  unreadable page {page.number} ({page.source_name}): {page.reason_en}")
        review = finished.pages.filter(status=PageStatus.REVIEW).count()
        self.stdout.write(self.style.SUCCESS(f"read {finished.total} pages; {review} wait for review"))

    def _progress(self, batch: Batch) -> None:
        width = 30
        filled = int(width * batch.percent / 100)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {batch.processed}/{batch.total} pages"
        self.stdout.write(line, ending="")
        self.stdout.flush()
