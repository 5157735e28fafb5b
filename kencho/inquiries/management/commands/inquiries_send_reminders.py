"""The day's automatic reminders for open surveys whose deadline is near. Run it once a day (cron, or
Celery beat with kencho.inquiries.tasks.reminders_send_due_task); running it twice sends nothing new."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...services import reminders_send_due


class Command(BaseCommand):
    help = "E-mail reminders to respondents who have not answered surveys due within their reminder window."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        sent = reminders_send_due(today=today)
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent"))
