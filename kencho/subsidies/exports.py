"""The staff spreadsheet of a programme's cases: stage, amounts and every reviewer's scores."""

from __future__ import annotations

import io
from typing import Any

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import Programme
from .selectors import cases_of_programme, score_summaries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cases_export(*, programme: Programme, actor: User, request: Any = None) -> bytes:
    """The workbook's bytes. Exporting the applicants' data is audited."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    sheet_spec = programme.scoring_sheet
    summaries = score_summaries(programme=programme)
    workbook = Workbook()
    cases_sheet = workbook.active
    assert cases_sheet is not None  # noqa: S101 - a new workbook has one sheet
    cases_sheet.title = "案件 Cases"
    cases_sheet.append(
        [
            "案件番号 Case",
            "申請者 Applicant",
            "法人番号 Corporate number",
            "段階 Stage",
            "申請 Application",
            "交付決定額 Granted",
            "交付決定日 Granted on",
            "確定額 Confirmed",
            "支払額 Paid",
            "審査件数 Reviews",
            "平均点 Average",
            "順位 Rank",
        ]
    )
    reviews_sheet = workbook.create_sheet("採点 Scores")
    reviews_sheet.append(
        [
            "案件番号 Case",
            "審査員 Reviewer",
            *[f"{c['title']['ja']} ({c['max']})" for c in sheet_spec],
            "合計 Total",
            "講評 Comment",
        ]
    )
    for view in cases_of_programme(programme=programme):
        case = view.case
        summary = summaries.get(case.pk)
        application = view.applications.get("application")
        cases_sheet.append(
            [
                case.reference,
                case.business.name if case.business else case.applicant.display_name or case.applicant.email,
                case.business.corporate_number if case.business else "",
                view.stage_label,
                application.receipt_number if application else "",
                case.granted_amount,
                case.granted_on,
                case.confirmed_amount,
                case.paid_amount,
                summary.count if summary else 0,
                round(summary.average, 2) if summary and summary.average is not None else None,
                summary.rank if summary else None,
            ]
        )
        for review in case.reviews.all():
            reviews_sheet.append(
                [
                    case.reference,
                    review.reviewer.display_name or review.reviewer.email,
                    *[review.points.get(c["key"]) for c in sheet_spec],
                    review.total,
                    review.comment,
                ]
            )
    for sheet in (cases_sheet, reviews_sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    audit_record(
        action="subsidies.cases_exported",
        actor=actor,
        obj=programme,
        unit_code=programme.owning_unit.code,
        detail={"slug": programme.slug},
        request=request,
    )
    return out.getvalue()
