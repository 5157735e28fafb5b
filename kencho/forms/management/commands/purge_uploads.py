from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kencho.forms.uploads import uploads_purge_unclaimed


class Command(BaseCommand):
    help = "Delete uploads never attached to a submission (abandoned drafts). Run daily, e.g. from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=14, help="keep unsubmitted uploads this many days")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = uploads_purge_unclaimed(older_than=datetime.timedelta(days=options["days"]))
        self.stdout.write(f"removed {removed} unsubmitted upload(s) older than {options['days']} days")
