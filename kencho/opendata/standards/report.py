"""The validation report: problems by row and column, kept as JSON on the resource.

Row numbers count as a person does in a spreadsheet: the header is row 1 and the first record is
row 2. A record with a line break inside a quoted cell is still one row. Problems with the file
as a whole have no row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kencho.opendata.standards.messages import message

HEADER_ROW = 1
_MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class Problem:
    code: str
    message: dict[str, str]  # {"ja": …, "en": …}
    row: int | None = None
    column: str | None = None  # the column name as written in the file
    value: str | None = None  # the cell as written, shortened to 200 characters

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "value": self.value,
            "message": dict(self.message),
        }


@dataclass
class ValidationReport:
    standard_id: str
    encoding: str | None = None  # "utf-8", "utf-8-sig" (with BOM) or "cp932" (Shift_JIS)
    header_generation: str = "unknown"  # a HeaderGeneration value
    row_count: int = 0  # records, the header not counted
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    truncated: bool = False  # problems beyond the limit were counted but not kept
    counts: Counter[str] = field(default_factory=Counter)  # every problem code, kept or not

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "standard_id": self.standard_id,
            "is_valid": self.is_valid,
            "encoding": self.encoding,
            "header_generation": self.header_generation,
            "row_count": self.row_count,
            "row_numbering": "spreadsheet: the header is row 1",
            "errors": [problem.as_dict() for problem in self.errors],
            "warnings": [problem.as_dict() for problem in self.warnings],
            "truncated": self.truncated,
            "counts": dict(sorted(self.counts.items())),
        }


class ProblemCollector:
    """Adds problems to a report, keeping at most `limit` errors and `limit` warnings."""

    def __init__(self, report: ValidationReport, *, limit: int) -> None:
        self.report = report
        self.limit = limit
        self.reported = 0  # every problem, kept or not

    @property
    def full(self) -> bool:
        """Whether no more errors will be kept, so the remaining rows need no checking."""
        return len(self.report.errors) >= self.limit

    def error(self, code: str, **params: Any) -> None:
        self._add(self.report.errors, code, params)

    def warning(self, code: str, **params: Any) -> None:
        self._add(self.report.warnings, code, params)

    def _add(self, problems: list[Problem], code: str, params: dict[str, Any]) -> None:
        self.report.counts[code] += 1
        self.reported += 1
        if len(problems) >= self.limit:
            self.report.truncated = True
            return
        row = params.pop("row", None)
        value = params.get("value")
        if value is not None:
            value = params["value"] = str(value)[:_MAX_VALUE_LENGTH]
        if value == "":
            value = None
        problems.append(
            Problem(
                code=code,
                message=message(code, **params),
                row=row,
                column=params.get("column"),
                value=value,
            )
        )
