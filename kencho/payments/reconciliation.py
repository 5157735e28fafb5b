"""The daily reconciliation report (日次照合表) as xlsx: for each provider, what Kencho expected to be
paid, what the provider confirmed and what was refunded on one day, attempt by attempt, with every
difference highlighted for the 会計 check against the provider's own statement.

For one local day an attempt is listed when it was started, came back from the payment page, was
confirmed or had a refund completed that day. Per row:

    expected   the amount asked for, once the payer reported paying (came back from the page) or the
               provider confirmed it
    confirmed  the amount the provider confirmed that day
    refunded   refunds of it completed that day
    note       未確認 (expected, no confirmation yet), 金額不一致, 返金待ち (a double payment or a
               payment that was not due, waiting for approval), 返金済
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from kencho.core.access import staff_unit_ids
from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import PaymentAttempt, Refund
from .providers.base import payment_providers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTES = {
    "refund_pending": gettext_lazy("返金待ち"),
    "mismatch": gettext_lazy("金額不一致"),
    "unconfirmed": gettext_lazy("未確認"),
    "refunded": gettext_lazy("返金済"),
}


@dataclass(frozen=True)
class Row:
    receipt_number: str
    procedure: str
    reference: str
    started_at: datetime.datetime
    state: str
    expected: int
    confirmed: int
    refunded: int
    note_code: str

    @property
    def difference(self) -> int:
        return self.confirmed - self.expected

    @property
    def flagged(self) -> bool:
        return self.note_code in {"unconfirmed", "mismatch", "refund_pending"}

    @property
    def note(self) -> str:
        return str(NOTES[self.note_code]) if self.note_code else ""


def _day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _on(value: datetime.datetime | None, start: datetime.datetime, end: datetime.datetime) -> bool:
    return value is not None and start <= value < end


def reconciliation_rows(*, viewer: User, provider: str, day: datetime.date) -> list[Row]:
    start, end = _day_range(day)
    attempts = PaymentAttempt.objects.filter(provider=provider).filter(
        Q(created_at__range=(start, end))
        | Q(returned_at__range=(start, end))
        | Q(confirmed_at__range=(start, end))
        | Q(refunds__completed_at__range=(start, end))
    )
    units = staff_unit_ids(viewer)
    if units is not None:
        attempts = attempts.filter(fee__application__unit_id__in=units)
    rows = []
    for attempt in (
        attempts.distinct()
        .select_related("fee__application__procedure")
        .prefetch_related("refunds")
        .order_by("created_at", "id")
    ):
        refunds = list(attempt.refunds.all())  # prefetched
        refunded = sum(
            r.amount for r in refunds if r.state == Refund.State.SUCCEEDED and _on(r.completed_at, start, end)
        )
        confirmed = (attempt.confirmed_amount or 0) if _on(attempt.confirmed_at, start, end) else 0
        reported = attempt.returned_at is not None or attempt.state == PaymentAttempt.State.SUCCEEDED
        expected = (
            attempt.amount
            if reported and (_on(attempt.returned_at, start, end) or _on(attempt.confirmed_at, start, end))
            else 0
        )
        rows.append(
            Row(
                receipt_number=attempt.fee.application.receipt_number,
                procedure=attempt.fee.application.procedure.title,
                reference=attempt.provider_reference or str(attempt.public_id),
                started_at=timezone.localtime(attempt.created_at),
                state=str(attempt.get_state_display()),
                expected=expected,
                confirmed=confirmed,
                refunded=refunded,
                note_code=_note(attempt, refunds, expected, refunded),
            )
        )
    return rows


def _note(attempt: PaymentAttempt, refunds: list[Refund], expected: int, refunded: int) -> str:
    if any(r.state in {Refund.State.REQUESTED, Refund.State.APPROVED} for r in refunds):
        return "refund_pending"
    if attempt.confirmed_amount is not None and attempt.confirmed_amount != attempt.amount:
        return "mismatch"
    if expected and attempt.state != PaymentAttempt.State.SUCCEEDED:
        return "unconfirmed"
    return "refunded" if refunded else ""


def _providers(provider: str) -> list[str]:
    return [provider] if provider else list(payment_providers)


def reconciliation_xlsx(
    *, viewer: User, day: datetime.date, provider: str = "", language: str = "ja"
) -> bytes:
    """The workbook: a summary sheet (one line per provider) and one detail sheet per provider."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    flag = PatternFill("solid", start_color="FFF2CC")
    red = PatternFill("solid", start_color="F8CBAD")
    bold = Font(bold=True)
    with translation.override(language):
        gettext = translation.gettext
        workbook = Workbook()
        summary = workbook.active
        summary.title = gettext("集計")
        summary.append([gettext("照合日"), day.isoformat()])
        summary.append([])
        summary.append(
            [
                gettext("決済手段"),
                gettext("件数"),
                gettext("請求額"),
                gettext("確認額"),
                gettext("返金額"),
                gettext("差額"),
                gettext("要確認"),
            ]
        )
        for cell in summary[3]:
            cell.font = bold
        for provider_id in _providers(provider):
            rows = reconciliation_rows(viewer=viewer, provider=provider_id, day=day)
            _detail_sheet(workbook, provider_id, rows, flag=flag, red=red, bold=bold)
            totals = [
                sum(r.expected for r in rows),
                sum(r.confirmed for r in rows),
                sum(r.refunded for r in rows),
            ]
            flagged = sum(r.flagged for r in rows)
            summary.append([provider_id, len(rows), *totals, totals[1] - totals[0], flagged])
            if flagged or totals[1] != totals[0]:
                for cell in summary[summary.max_row]:
                    cell.fill = red
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def reconciliation_export(
    *, viewer: User, day: datetime.date, provider: str = "", language: str = "ja", request: Any = None
) -> bytes:
    """The report for a download, audited (who looked at which day's payments)."""
    content = reconciliation_xlsx(viewer=viewer, day=day, provider=provider, language=language)
    audit_record(
        action="payments.reconciliation_exported",
        actor=viewer,
        object_type="payments.paymentattempt",
        detail={"date": day.isoformat(), "provider": provider or "all"},
        request=request,
    )
    return content


def _detail_sheet(workbook: object, provider_id: str, rows: Iterable[Row], **styles: object) -> None:
    gettext = translation.gettext
    sheet = workbook.create_sheet(provider_id[:31])  # type: ignore[attr-defined]  # an openpyxl Workbook
    sheet.append(
        [
            gettext("受付番号"),
            gettext("手続"),
            gettext("決済ID"),
            gettext("開始日時"),
            gettext("状態"),
            gettext("請求額"),
            gettext("確認額"),
            gettext("返金額"),
            gettext("差額"),
            gettext("備考"),
        ]
    )
    for cell in sheet[1]:
        cell.font = styles["bold"]
    for row in rows:
        sheet.append(
            [
                row.receipt_number,
                row.procedure,
                row.reference,
                row.started_at.strftime("%Y-%m-%d %H:%M"),
                row.state,
                row.expected,
                row.confirmed,
                row.refunded,
                row.difference,
                row.note,
            ]
        )
        if row.flagged or row.difference:
            fill = styles["flag"] if row.note_code == "unconfirmed" else styles["red"]
            for cell in sheet[sheet.max_row]:
                cell.fill = fill
    for column, width in zip("ABCDEFGHIJ", (16, 30, 34, 18, 12, 10, 10, 10, 10, 24), strict=True):
        sheet.column_dimensions[column].width = width
