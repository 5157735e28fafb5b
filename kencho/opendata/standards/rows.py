"""The row pass: Frictionless reads the CSV and applies the Table Schema (types, required values,
enumerations, patterns, the primary key), then the Japan-specific checks run on the same row.

Frictionless is given a schema built for this file: one field per column in the file's order,
named c0, c1 … so that misspelt, duplicate or blank column names (reported by headers.py) do not
stop the rows from being read. Rows are streamed; what grows with the file is the set of primary
key values Frictionless keeps to find duplicates, and the kept problems, which are capped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kencho.core.japanese.wareki import InvalidDate, parse_date
from kencho.opendata.standards.checks import (
    CELL_CHECKS,
    Cell,
    Coordinate,
    DateCell,
    check_coordinates,
    check_date_range,
)
from kencho.opendata.standards.headers import Column, HeaderMatch
from kencho.opendata.standards.report import ProblemCollector
from kencho.opendata.standards.schema import StandardSchema

if TYPE_CHECKING:
    from frictionless import Row
    from frictionless.errors import CellError

_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_OTHER_ROW = re.compile(r"position (\d+)")
_MAX_PASSED = 100_000
_NUMBER_EXAMPLES = {"latitude": "34.7303", "longitude": "136.5086"}


def _name(column: Column) -> str:
    return f"c{column.index}"


def frictionless_descriptor(header: HeaderMatch, schema: StandardSchema) -> dict[str, Any]:
    fields = [
        column.field.frictionless_descriptor(name=_name(column))
        if column.is_checked and column.field is not None
        else {"name": _name(column), "type": "string"}
        for column in header.columns
    ]
    descriptor: dict[str, Any] = {"fields": fields, "missingValues": list(schema.missing_values)}
    key_columns = [header.column_for(name) for name in schema.primary_key]
    if key_columns and all(column is not None for column in key_columns):
        descriptor["primaryKey"] = [_name(column) for column in key_columns if column is not None]
    return descriptor


def check_rows(
    data: bytes, *, encoding: str, header: HeaderMatch, schema: StandardSchema, problems: ProblemCollector
) -> int:
    """Report the problems of every row; the number of rows read."""
    from frictionless import Dialect, FrictionlessException, Schema, formats
    from frictionless.resources import TableResource

    resource = TableResource(
        data,
        format="csv",
        encoding=encoding,
        schema=Schema.from_descriptor(frictionless_descriptor(header, schema)),
        dialect=Dialect(header_rows=[1], controls=[formats.CsvControl(delimiter=",")]),
    )
    row_checker = _RowChecker(header, schema, problems)
    row_count = 0
    try:
        with resource:
            for row in resource.row_stream:
                row_count += 1
                row_checker.check(row)
    except FrictionlessException as exc:
        problems.error("unreadable_csv", row=row_count + 2, detail=exc.error.note or exc.error.message)
    return row_count


class _RowChecker:
    def __init__(self, header: HeaderMatch, schema: StandardSchema, problems: ProblemCollector) -> None:
        self.header = header
        self.problems = problems
        self.columns = {_name(column): column for column in header.columns}
        self.cell_checks = [
            column
            for column in header.columns
            if column.is_checked and column.field is not None and column.field.check in CELL_CHECKS
        ]
        from frictionless.errors import CellError

        self.cell_error_type = CellError
        self.latitude = header.column_for("緯度")
        self.longitude = header.column_for("経度")
        self.key_column = header.column_for(schema.primary_key[-1]) if schema.primary_key else None
        # (check, value) pairs that passed: the same code, URL or phone number fills whole columns.
        self.passed: set[tuple[str, str]] = set()
        self.date_ranges = [
            (start, end)
            for start, end in (
                (header.column_for(start), header.column_for(end)) for start, end in schema.date_ranges
            )
            if start is not None and end is not None
        ]

    def check(self, row: Row) -> None:
        number = row.row_number
        if any(error.type == "blank-row" for error in row.errors):
            self.problems.warning("blank_row", row=number)
            return
        missing = [
            error.field_name
            for error in row.errors
            if error.type == "missing-cell" and isinstance(error, self.cell_error_type)
        ]
        if missing:
            labels = "".join(f"「{self.columns[name].label}」" for name in missing)
            self.problems.error("row_too_short", row=number, columns=labels)
        if any(error.type == "extra-cell" for error in row.errors):
            self.problems.error("row_too_long", row=number)
        failed = set(missing)
        for error in row.errors:
            if error.type == "primary-key":
                self._duplicate(number, error.note, row.cells)
            elif (
                isinstance(error, self.cell_error_type)
                and error.type != "extra-cell"
                and error.field_name not in failed
            ):
                failed.add(error.field_name)
                self._cell_error(number, error)
        self._japan_checks(row, failed)

    def _duplicate(self, number: int, note: str, cells: Sequence[Any]) -> None:
        match = _OTHER_ROW.search(note)
        if match is None or self.key_column is None:
            return  # every key cell empty: already reported as required values
        self.problems.error(
            "duplicate_id",
            row=number,
            column=self.key_column.label,
            value=_raw(cells, self.key_column),
            other_row=int(match[1]),
        )

    def _cell_error(self, number: int, error: CellError) -> None:
        column = self.columns[error.field_name]
        field = column.field if column.is_checked else None
        check = field.check if field is not None else None
        at = {"row": number, "column": column.label, "value": error.cell}
        if error.type == "type-error":
            if check == "date":
                example_ja, example_en = _date_examples(error.cell)
                self.problems.error("invalid_date", example=example_ja, example_en=example_en, **at)
            elif field is not None and field.type == "integer":
                self.problems.error("invalid_integer", **at)
            elif field is not None and field.type == "number":
                self.problems.error("invalid_number", example=_NUMBER_EXAMPLES.get(check or "", "500"), **at)
            else:
                self.problems.error("invalid_value", type=error.note, **at)
            return
        match = _CONSTRAINT.search(error.note)
        constraint = match[1] if match else ""
        if constraint == "required":
            self.problems.error("required_value", **at)
        elif constraint == "enum" and check == "flag":
            self.problems.error("invalid_flag", **at)
        elif constraint == "enum" and field is not None:
            choices = "".join(f"「{choice}」" for choice in field.descriptor["constraints"]["enum"])
            self.problems.error("invalid_choice", choices=choices, **at)
        elif constraint == "pattern" and check == "time":
            self.problems.error("invalid_time", **at)
        elif constraint == "minimum":
            self.problems.error("negative_value", **at)
        else:
            self.problems.error("invalid_value", type=error.note, **at)

    def _japan_checks(self, row: Row, failed: set[str]) -> None:
        number = row.row_number
        generation = self.header.generation
        for column in self.cell_checks:
            raw = _raw(row.cells, column)
            if _name(column) in failed or not raw.strip() or column.field is None or not column.field.check:
                continue
            key = (column.field.check, raw)
            if key in self.passed:
                continue
            before = self.problems.reported
            CELL_CHECKS[column.field.check](Cell(number, column.label, raw, generation), self.problems)
            if self.problems.reported == before and len(self.passed) < _MAX_PASSED:
                self.passed.add(key)
        if self.latitude is not None or self.longitude is not None:
            check_coordinates(
                number,
                self._coordinate(row, self.latitude, failed),
                self._coordinate(row, self.longitude, failed),
                self.problems,
            )
        for start, end in self.date_ranges:
            check_date_range(
                number, self._date(row, start, failed), self._date(row, end, failed), self.problems
            )

    def _coordinate(self, row: Row, column: Column | None, failed: set[str]) -> Coordinate | None:
        if column is None:
            return None
        value = row[_name(column)] if _name(column) not in failed else None
        return Coordinate(
            column.label, _raw(row.cells, column), value if isinstance(value, Decimal) else None
        )

    def _date(self, row: Row, column: Column, failed: set[str]) -> DateCell:
        value = row[_name(column)] if _name(column) not in failed else None
        return DateCell(
            column.label, _raw(row.cells, column), value if isinstance(value, datetime.date) else None
        )


def _raw(cells: Sequence[Any], column: Column) -> str:
    if column.index >= len(cells) or cells[column.index] is None:
        return ""
    return str(cells[column.index])


def _date_examples(raw: str) -> tuple[str, str]:
    """How the date should be written: the person's own date in ISO form when it can be read."""
    try:
        iso = parse_date(raw).isoformat()
    except InvalidDate:
        return "例: 2025-04-01", "e.g. 2025-04-01"
    return f"「{raw}」なら {iso}", f"for “{raw}”, enter {iso}"
