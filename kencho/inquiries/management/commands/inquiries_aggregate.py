"""Aggregate a survey in the foreground with a progress line, and optionally write the exports:

manage.py inquiries_aggregate SURVEY_ID [--xlsx out.xlsx] [--csv out.csv]
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exports import export_csv, export_xlsx
from ...models import AggregationRun, Survey
from ...runs import aggregation_run, aggregation_start


class Command(BaseCommand):
    help = "Aggregate a survey's answers, showing progress; write xlsx/CSV exports when asked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", help="the survey's public id (UUID)")
        parser.add_argument("--xlsx", type=Path, help="write the xlsx export (raw rows and totals) here")
        parser.add_argument("--csv", type=Path, help="write the raw rows as CSV (UTF-8 with BOM) here")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            survey = Survey.objects.select_related("unit", "form_version").get(
                public_id=uuid.UUID(options["survey"])
            )
        except (ValueError, Survey.DoesNotExist):
            raise CommandError(f"no survey {options['survey']}") from None
        run = aggregation_start(survey=survey, actor=None, schedule=False)
        self.stdout.write(f"{survey}: {run.total} answers")
        finished = aggregation_run(run_id=run.pk, progress=self._progress)
        self.stdout.write("")
        result = finished.result or {}
        for measure in result.get("measures", []):
            if measure["kind"] == "number":
                self.stdout.write(f"  {measure['label']['ja']}: {measure['total']} ({measure['count']})")
        if options["xlsx"]:
            options["xlsx"].write_bytes(export_xlsx(survey))
        if options["csv"]:
            options["csv"].write_bytes(export_csv(survey))
        self.stdout.write(
            self.style.SUCCESS(f"{finished.done} respondents, {result.get('row_count', 0)} rows aggregated")
        )

    def _progress(self, run: AggregationRun) -> None:
        width = 30
        filled = width * run.done // max(run.total, 1)
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {run.done}/{run.total} ({run.percent}%)", ending=""
        )
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()
        elif sys.stdout.isatty():
            sys.stdout.flush()
