"""Make notices from the command line, in the foreground, with a progress line:

    manage.py notices_issue --template 3 --procedure sme-digital-subsidy --status accepted \\
        --decided-on 令和7年6月2日 --value 条件=実績報告を提出すること。 --actor officer@kencho.example.jp
    manage.py notices_issue --resume <batch id>
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kencho.core.japanese.wareki import InvalidDate, parse_date
from kencho.core.models import User
from kencho.procedures.models import Application

from ...batches import notices_issue_batch
from ...errors import NoticeError
from ...issuing import batch_run
from ...models import ItemStatus, NoticeBatch, NoticeTemplate


class Command(BaseCommand):
    help = "Issue notices for a procedure's applications (or resume a batch), showing progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--template", type=int, help="notice template id")
        parser.add_argument("--procedure", help="procedure slug whose applications get a notice")
        parser.add_argument("--status", default="accepted", help="application status (default accepted)")
        parser.add_argument("--decided-on", help="決定日, e.g. 令和7年6月2日 or 2025-06-02")
        parser.add_argument("--issue-date", help="発行日 (default: the decision date)")
        parser.add_argument("--value", action="append", default=[], help="per-notice value NAME=TEXT")
        parser.add_argument("--no-pdf", action="store_true", help="make only the Word files")
        parser.add_argument("--actor", help="e-mail of the staff member issuing them")
        parser.add_argument("--resume", help="id of a batch to finish (pending and failed items)")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = self._resume(options["resume"]) if options["resume"] else self._create(options)
        self.stdout.write(f"batch {batch.public_id}: {batch.total} notices")
        finished = batch_run(batch_id=batch.pk, progress=self._progress)
        self.stdout.write("")
        for item in finished.items.filter(status=ItemStatus.FAILED).select_related("application"):
            self.stdout.write(f"  failed {item.application.receipt_number}: {item.error_message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{finished.get_status_display()}: {finished.done} issued, {finished.failed} failed"
            )
        )

    def _progress(self, batch: NoticeBatch) -> None:
        processed = batch.done + batch.failed
        width = 30
        filled = width * processed // max(batch.total, 1)
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        line = f"\r{bar} {processed}/{batch.total} ({batch.percent}%) failed {batch.failed}"
        self.stdout.write(line, ending="")
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()
        elif sys.stdout.isatty():
            sys.stdout.flush()

    def _resume(self, value: str) -> NoticeBatch:
        try:
            batch = NoticeBatch.objects.get(public_id=uuid.UUID(value))
        except (ValueError, NoticeBatch.DoesNotExist):
            raise CommandError(f"no batch {value}") from None
        batch.items.filter(status=ItemStatus.FAILED).update(
            status=ItemStatus.PENDING, error_code="", error_message=""
        )
        return batch

    def _date(self, text: str | None, name: str) -> Any:
        if not text:
            return None
        try:
            return parse_date(text)
        except InvalidDate as exc:
            raise CommandError(f"{name}: {exc}") from None

    def _create(self, options: dict[str, Any]) -> NoticeBatch:
        if not (options["template"] and options["procedure"] and options["decided_on"]):
            raise CommandError("give --template, --procedure and --decided-on (or --resume)")
        template = NoticeTemplate.objects.filter(pk=options["template"]).first()
        if template is None:
            raise CommandError(f"no template {options['template']}")
        actor = User.objects.filter(email=options["actor"]).first() if options["actor"] else None
        values = {}
        for pair in options["value"]:
            name, _sep, text = pair.partition("=")
            values[name.strip()] = text
        applications = Application.objects.filter(
            procedure__slug=options["procedure"], status=options["status"], unit=template.unit
        )
        try:
            return notices_issue_batch(
                template=template,
                applications=applications,
                actor=actor,
                decided_on=self._date(options["decided_on"], "--decided-on"),
                issue_date=self._date(options["issue_date"], "--issue-date"),
                values=values,
                with_pdf=not options["no_pdf"],
                source="command",
                schedule=False,
            )
        except NoticeError as exc:
            raise CommandError(str(exc.message)) from None
