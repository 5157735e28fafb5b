"""Exports of a survey's answers: an xlsx with one sheet of raw rows and one of totals, and CSV
(UTF-8 with a BOM, so Excel opens it with the Japanese intact).

Raw rows: one line per row of the form's first repeating group (with the respondent's top-level
answers repeated on each line), or one line per respondent when the form has no group. Text that
starts like a formula (= + - @) is written as text, never as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kencho.forms.definition import CHOICE_TYPES, iter_fields, localized

from . import selectors
from .models import Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _display(question: dict[str, Any], value: Any) -> Any:
    if value is None:
        return ""
    if question["type"] in CHOICE_TYPES:
        labels = {str(o["value"]): localized(o["label"], "ja") for o in question["options"]}
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if question["type"] in {"integer", "yen"} and isinstance(value, int):
        return value
    if question["type"] == "decimal":
        return Decimal(str(value))
    return value if isinstance(value, str | int) else str(value)


def raw_rows(survey: Survey) -> tuple[list[str], Iterator[list[Any]]]:
    definition = survey.definition
    top = [q for q in iter_fields(definition) if q["type"] != "group"]
    group = next((q for q in iter_fields(definition) if q["type"] == "group"), None)
    header = ["団体コード", "団体名", "版", "回答日時"] + [localized(q["label"], "ja") for q in top]
    if group is not None:
        header += ["行"] + [localized(s["label"], "ja") for s in group["fields"]]

    def rows() -> Iterator[list[Any]]:
        for recipient, submission in selectors.latest_submissions(survey):
            head = [
                recipient.organisation.code,
                recipient.organisation.name_ja,
                submission.number,
                submission.submitted_at.strftime("%Y-%m-%d %H:%M"),
            ] + [_display(q, submission.data.get(q["key"])) for q in top]
            if group is None:
                yield head
                continue
            for index, item in enumerate(submission.data.get(group["key"]) or [], start=1):
                yield head + [index] + [_display(s, item.get(s["key"])) for s in group["fields"]]

    return header, rows()


def totals_rows(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = ["設問", "区分", "合計・件数", "回答数"]
    rows: list[list[Any]] = []
    for measure in result["measures"]:
        label = measure["label"]["ja"]
        if measure["kind"] == "number":
            rows.append([label, "合計", Decimal(measure["total"]), measure["count"]])
        else:
            rows += [[label, o["label"]["ja"], o["count"], measure["count"]] for o in measure["options"]]
    return header, rows


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(survey: Survey, *, kind: str = "rows") -> bytes:
    if kind == "totals":
        header, rows = totals_rows(selectors.survey_aggregate(survey))
        lines: Any = rows
    else:
        header, lines = raw_rows(survey)
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    for row in lines:
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def export_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    raw = book.active
    assert raw is not None  # noqa: S101 - a new workbook always has one sheet
    raw.title = "回答一覧"
    header, rows = raw_rows(survey)
    raw.append(header)
    for row in rows:
        raw.append(row)
        for cell in raw[raw.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    totals = book.create_sheet("集計")
    total_header, total_rows = totals_rows(selectors.survey_aggregate(survey))
    totals.append(total_header)
    for row in total_rows:
        totals.append(row)
    for sheet in (raw, totals):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
