"""Receipt numbers (受付番号).

Format: ``<era letter><era year>-<8-digit sequence>``, e.g. ``R7-00001234``: the 1,234th application
received in 令和7年 (calendar year 2025). The sequence restarts each era year, so the era year keeps
numbers short and tells staff at a glance when an application arrived. Numbers come from
`ReceiptCounter` inside the submitting transaction (see its docstring)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, connection, transaction

from kencho.core.japanese.wareki import format_wareki

from .models import ReceiptCounter


def era_year_label(day: datetime.date) -> str:
    """'R7' for any day in 令和7年."""
    return format_wareki(day, style="short").split(".", 1)[0]


def receipt_number_allocate(*, day: datetime.date) -> str:
    """Take the next number for `day`'s era year. Must run inside the caller's transaction."""
    label = era_year_label(day)
    value = _increment(label)
    if value is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(era_year=label, last_value=1)
                value = 1
        except IntegrityError:
            # Another transaction created the year's counter first; take a number from it.
            value = _increment(label)
    if value is None:
        raise RuntimeError(f"receipt counter for {label} could not be created")
    return f"{label}-{value:08d}"


def _increment(label: str) -> int | None:
    """One statement: add one and read the new value back (UPDATE ... RETURNING, which both
    PostgreSQL and SQLite 3.35+ support), holding the row lock until the caller commits."""
    table = connection.ops.quote_name(ReceiptCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 WHERE era_year = %s RETURNING last_value",  # noqa: S608 - table name from the model
            [label],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
