"""Validate a CSV resource against a 自治体標準オープンデータセット before it is published.

    report = validate_standard_csv(data, "aed")
    report.is_valid, report.errors, report.warnings, report.as_dict()

In order: the text encoding (UTF-8 with or without BOM; Shift_JIS is accepted with a warning),
the header (which generation of template, required columns missing, unknown or duplicate
columns), then every row through Frictionless and the Japan-specific checks. Errors block
publishing; warnings are shown to staff but do not. At most max_errors errors and as many
warnings are kept (report.truncated says when more were found; report.counts counts them all).
"""

from __future__ import annotations

import csv
import io

from kencho.opendata.standards.encoding import CP932, UndecodableText, detect_encoding
from kencho.opendata.standards.headers import HeaderGeneration, HeaderMatch, match_header
from kencho.opendata.standards.report import HEADER_ROW, ProblemCollector, ValidationReport
from kencho.opendata.standards.rows import check_rows
from kencho.opendata.standards.schema import StandardSchema, load_standard_schema

DEFAULT_MAX_ERRORS = 1000


def validate_standard_csv(
    data: bytes, standard_id: str, *, max_errors: int = DEFAULT_MAX_ERRORS
) -> ValidationReport:
    """Check a CSV file against the standard. Raises UnknownStandard for an unknown standard_id."""
    schema = load_standard_schema(standard_id)
    report = ValidationReport(standard_id=standard_id)
    problems = ProblemCollector(report, limit=max_errors)
    try:
        encoding = detect_encoding(data)
    except UndecodableText as exc:
        problems.error(exc.code, row=exc.line, line=exc.line, guess=exc.guess or "?")
        return report
    report.encoding = encoding
    if encoding == CP932:
        problems.warning("encoding_shift_jis")
    labels = _header_labels(data, encoding)
    if not labels:
        problems.error("empty_file")
        return report
    header = match_header(labels, schema)
    report.header_generation = header.generation
    _report_header(header, schema, problems)
    report.row_count = check_rows(data, encoding=encoding, header=header, schema=schema, problems=problems)
    return report


def _header_labels(data: bytes, encoding: str) -> list[str]:
    with io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="") as text:
        try:
            return next(csv.reader(text), [])
        except csv.Error:
            return []


def _report_header(header: HeaderMatch, schema: StandardSchema, problems: ProblemCollector) -> None:
    at = {"row": HEADER_ROW}
    for field in header.missing:
        others = field.legacy_names + field.aliases
        problems.error(
            "missing_column",
            column=field.name,
            alternatives=f"（{'・'.join(f'「{name}」' for name in others)}でも可）" if others else "",
            alternatives_en=f" (or {', '.join(others)})" if others else "",
            **at,
        )
    for column in header.columns:
        if not column.label.strip():
            problems.warning("blank_column_name", position=column.index + 1, **at)
        elif column.field is None:
            problems.warning(
                "unknown_column",
                column=column.label,
                standard=schema.title_ja,
                standard_en=schema.title_en,
                **at,
            )
        elif column.duplicate_of is not None:
            problems.error("duplicate_column", column=column.label, first=column.duplicate_of, **at)
    if header.generation is HeaderGeneration.LEGACY:
        problems.warning("legacy_header", **at)
    elif header.generation is HeaderGeneration.MIXED:
        legacy = next(column.label for column in header.columns if column.is_legacy)
        problems.warning("mixed_header", column=legacy, **at)
