"""Export of the inbox's filtered list: CSV that Excel opens (UTF-8 with BOM, or CP932 on request)
and xlsx. Exports contain personal data, so each one is audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import Application

MAX_EXPORT_ROWS = 50_000


def _headers(language: str) -> list[str]:
    with translation.override(language):
        return [
            str(translation.gettext("受付番号")),
            str(translation.gettext("手続")),
            str(translation.gettext("状況")),
            str(translation.gettext("申請日時")),
            str(translation.gettext("処理期限")),
            str(translation.gettext("申請者")),
            str(translation.gettext("担当者")),
        ]


def export_rows(applications: Iterable[Application], language: str) -> Iterable[list[str]]:
    with translation.override(language):
        for application in applications:
            yield [
                application.receipt_number,
                application.procedure.title,
                str(application.get_status_display()),
                timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
                application.due_date.isoformat() if application.due_date else "",
                application.applicant_name,
                (application.assignee.display_name or application.assignee.email)
                if application.assignee
                else "",
            ]


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection: a cell starting with = + - @ is shown as text."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def inbox_export_response(
    *,
    applications: QuerySet[Application],
    viewer: User,
    fmt: str,
    encoding: str,
    language: str,
    request: Any = None,
) -> HttpResponse:
    rows = list(export_rows(applications[:MAX_EXPORT_ROWS], language))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    audit_record(
        action="procedures.inbox_exported",
        actor=viewer,
        object_type="procedures.application",
        detail={"format": fmt, "rows": len(rows), "receipt_numbers": [r[0] for r in rows[:1000]]},
        request=request,
    )
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.create_sheet("applications", 0)
        workbook.remove(workbook.worksheets[1])
        sheet.append(_headers(language))
        for row in rows:
            sheet.append([_csv_safe(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(_headers(language))
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    charset = "cp932" if encoding == "cp932" else "utf-8-sig"
    response = HttpResponse(
        text.getvalue().encode(charset, errors="replace"),
        content_type=f"text/csv; charset={'shift_jis' if charset == 'cp932' else 'utf-8'}",
    )
    response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
    return response
