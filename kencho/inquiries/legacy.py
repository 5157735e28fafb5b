"""Legacy Excel: a respondent's own workbook (not made by Kencho), mapped once and then imported every
period of a recurring survey.

A mapping names the sheet and the header row; each mapped column becomes a field of the survey's
repeating group, one item per row below the header until the first empty row, and mapped cells
(B3) answer top-level questions. The header texts seen when the mapping was saved are kept: when a
later workbook's header differs, it is refused with the cell, instead of being read into the wrong
questions. The answers then pass the same validation as the browser's and the template's."""

from __future__ import annotations

import io
import re
from typing import Any

from django.db import transaction

from kencho.core.audit import audit_record
from kencho.core.models import User
from kencho.forms.definition import field_by_key
from kencho.forms.validation import validate_answers

from .errors import WorkbookInvalid, survey_error
from .models import LegacyMapping, RespondentOrganisation, Submission, SubmissionSource, SurveyRecipient
from .workbook import CellProblem, Layout, Place, SheetLayout, cell_answer, check_archive

_COLUMN = re.compile(r"[A-Z]{1,3}")
_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
MAX_LEGACY_ROWS = 5000


def _column_index(letters: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letters))


def _open(content: bytes) -> Any:
    from openpyxl import load_workbook

    from .workbook import WorkbookRejected

    check_archive(content)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise WorkbookRejected(
            CellProblem(
                code="not_xlsx",
                message_ja="Excel ブック（.xlsx）として読み取れません。",
                message_en="The file cannot be read as an Excel workbook (.xlsx).",
            )
        ) from exc


def _header(book: Any, sheet: str, row: int, columns: list[str]) -> dict[str, str]:
    width = max(_column_index(c) for c in columns)
    values = next(book[sheet].iter_rows(min_row=row, max_row=row, max_col=width, values_only=True), ())
    return {
        c: str(values[_column_index(c) - 1] or "").strip() if len(values) >= _column_index(c) else ""
        for c in columns
    }


def legacy_mapping_save(
    *,
    organisation: RespondentOrganisation,
    series: str,
    definition: dict[str, Any],
    sheet: str,
    header_row: int,
    group: str,
    columns: dict[str, str],
    cells: dict[str, str] | None,
    sample: bytes,
    actor: User,
) -> LegacyMapping:
    """Save how the organisation's own workbook maps to the survey's questions, checked against a
    sample of that workbook (whose header texts are remembered)."""
    cells = cells or {}
    problems = []
    group_field = field_by_key(definition, group) if group else None
    if group and (group_field is None or group_field["type"] != "group"):
        problems.append(
            (f"「{group}」は繰り返し項目ではありません。", f"{group!r} is not a repeating group.")
        )
    for column, key in columns.items():
        if (
            not _COLUMN.fullmatch(column)
            or group_field is None
            or field_by_key(definition, f"{group}.{key}") is None
        ):
            problems.append(
                (
                    f"列 {column} →「{key}」：列は A〜ZZZ、設問は繰り返し項目の識別名にしてください。",
                    f"Column {column} → {key!r}: use a column letter and a field of the group.",
                )
            )
    for cell, key in cells.items():
        question = field_by_key(definition, key)
        if not _CELL.fullmatch(cell) or question is None or question["type"] == "group" or "." in key:
            problems.append(
                (
                    f"セル {cell} →「{key}」：B3 のようなセルと、繰り返し項目でない設問を指定してください。",
                    f"Cell {cell} → {key!r}: use a cell such as B3 and a question outside groups.",
                )
            )
    if not columns and not cells:
        problems.append(("列かセルを1つ以上対応づけてください。", "Map at least one column or cell."))
    if problems:
        raise survey_error(
            "invalid_mapping", " ".join(p[0] for p in problems), " ".join(p[1] for p in problems), status=422
        )
    book = _open(sample)
    try:
        if sheet not in book.sheetnames:
            raise survey_error(
                "wrong_sheet",
                f"見本のブックにシート「{sheet}」がありません。シート名を確かめてください。",
                f'The sample workbook has no sheet "{sheet}". Check the sheet name.',
                status=422,
            )
        headers = _header(book, sheet, header_row, list(columns)) if columns else {}
    finally:
        book.close()
    with transaction.atomic():
        mapping, _ = LegacyMapping.objects.update_or_create(
            organisation=organisation,
            series=series,
            defaults={
                "sheet": sheet,
                "header_row": header_row,
                "group": group,
                "columns": columns,
                "cells": cells,
                "headers": headers,
            },
        )
        audit_record(
            action="inquiries.legacy_mapping_saved",
            actor=actor,
            obj=mapping,
            detail={"organisation": organisation.code, "series": series, "sheet": sheet},
        )
    return mapping


class _LegacyLayout(Layout):
    """Places errors on the cells of the respondent's own workbook."""

    def __init__(self, mapping: LegacyMapping, first_row: int) -> None:
        super().__init__(main=SheetLayout(title=mapping.sheet, key="", fields=[]))
        self.mapping = mapping
        self.first_row = first_row

    def place(self, path: str) -> Place:
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == self.mapping.group and parts[1].isdigit():
            column = next((c for c, key in self.mapping.columns.items() if key == parts[2]), "A")
            return Place(self.mapping.sheet, f"{column}{self.first_row + int(parts[1])}")
        cell = next((c for c, key in self.mapping.cells.items() if key == parts[0]), None)
        return Place(self.mapping.sheet, cell or f"A{self.first_row}")


def legacy_read(
    *, mapping: LegacyMapping, definition: dict[str, Any], content: bytes
) -> tuple[dict[str, Any], list[CellProblem], Layout]:
    book = _open(content)
    first_row = mapping.header_row + 1
    try:
        if mapping.sheet not in book.sheetnames:
            raise WorkbookInvalid(
                [
                    CellProblem(
                        code="wrong_sheet",
                        message_ja=f"シート「{mapping.sheet}」がありません。いつもの様式のブックを提出してください。",
                        message_en=f'The sheet "{mapping.sheet}" is missing. '
                        "Upload the workbook in its usual layout.",
                    )
                ]
            )
        sheet = book[mapping.sheet]
        problems: list[CellProblem] = []
        if mapping.columns:
            now = _header(book, mapping.sheet, mapping.header_row, list(mapping.columns))
            for column, text in mapping.headers.items():
                if now.get(column, "") != text:
                    cell = f"{column}{mapping.header_row}"
                    problems.append(
                        CellProblem(
                            code="layout_changed",
                            message_ja=f"シート「{mapping.sheet}」のセル {cell}：見出しが「{text}」から"
                            f"「{now.get(column, '')}」に変わっています。"
                            "様式を戻すか、対応づけを登録し直してください。",
                            message_en=f'Sheet "{mapping.sheet}", cell {cell}: '
                            f'the heading changed from "{text}" to '
                            f'"{now.get(column, "")}". Restore the layout or map the workbook again.',
                            sheet=mapping.sheet,
                            cell=cell,
                        )
                    )
            if problems:
                raise WorkbookInvalid(problems)
        answers: dict[str, Any] = {}
        for cell, key in mapping.cells.items():
            match = _CELL.fullmatch(cell)
            assert match is not None  # noqa: S101 - checked when the mapping was saved
            row, column = int(match[2]), _column_index(match[1])
            value = next(
                sheet.iter_rows(min_row=row, max_row=row, min_col=column, max_col=column, values_only=True),
                (None,),
            )[0]
            question = field_by_key(definition, key)
            if question is not None:
                answers[key] = cell_answer(question, value)
        if mapping.group:
            width = max(_column_index(c) for c in mapping.columns)
            items = []
            for values in sheet.iter_rows(
                min_row=first_row, max_row=first_row + MAX_LEGACY_ROWS, max_col=width, values_only=True
            ):
                picked = {
                    c: values[_column_index(c) - 1] if len(values) >= _column_index(c) else None
                    for c in mapping.columns
                }
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in picked.values()):
                    break
                item = {}
                for column, key in mapping.columns.items():
                    sub = field_by_key(definition, f"{mapping.group}.{key}")
                    assert sub is not None  # noqa: S101 - checked when the mapping was saved
                    item[key] = cell_answer(sub, picked[column])
                items.append(item)
            answers[mapping.group] = items
    finally:
        book.close()
    return answers, [], _LegacyLayout(mapping, first_row)


def submission_from_legacy(
    *, recipient: SurveyRecipient, content: bytes, file_name: str, actor: User, request: Any = None
) -> Submission:
    """An answer read from the organisation's own workbook through its saved mapping."""
    from .services import submission_create
    from .workbook import placed

    survey = recipient.survey
    series = survey.series or f"survey-{survey.pk}"
    mapping = LegacyMapping.objects.filter(organisation=recipient.organisation, series=series).first()
    if mapping is None:
        raise survey_error(
            "no_mapping",
            "既存様式の対応づけが登録されていません。先にシート・見出し行・列と設問の対応を登録してください。",
            "No mapping of your own workbook is saved. Map the sheet, header row and columns first.",
            status=422,
        )
    answers, problems, shape = legacy_read(mapping=mapping, definition=survey.definition, content=content)
    result = validate_answers(survey.definition, answers, strict=False)
    problems += [placed(error, shape) for error in result.errors]
    if problems:
        raise WorkbookInvalid(problems)
    return submission_create(
        recipient=recipient,
        answers=result.data,
        source=SubmissionSource.LEGACY,
        actor=actor,
        file_name=file_name,
        request=request,
    )
