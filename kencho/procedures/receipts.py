"""Receipt numbers (受付番号).

Format: ``<era letter><era year>-<8-digit sequence>``, e.g. ``R7-00001234``: the 1,234th application
received in 令和7年 (calendar year 2025). The sequence restarts each era year, so the era year keeps
numbers short and tells staff at a glance when an application arrived. Numbers come from
`ReceiptCounter` inside the submitting transaction (see its docstring)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from kencho.core.japanese.wareki import format_wareki

from .models import ReceiptCounter


def era_year_label(day: datetime.date) -> str:
    """'R7' for any day in 令和7年."""
    return format_wareki(day, style="short").split(".", 1)[0]


def receipt_number_allocate(*, day: datetime.date) -> str:
    """Take the next number for `day`'s era year. Must run inside the caller's transaction."""
    label = era_year_label(day)
    updated = ReceiptCounter.objects.filter(era_year=label).update(last_value=F("last_value") + 1)
    if not updated:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(era_year=label, last_value=1)
        except IntegrityError:
            # Another transaction created the year's counter first; take a number from it.
            ReceiptCounter.objects.filter(era_year=label).update(last_value=F("last_value") + 1)
    value = ReceiptCounter.objects.get(era_year=label).last_value
    return f"{label}-{value:08d}"
