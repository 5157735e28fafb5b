"""Importing schools or facilities (or any respondents) from a list: CSV (UTF-8 or Shift_JIS/CP932)
or xlsx, with a header row naming the columns コード (code), 名称 (name), 英語名称 (name_en) and
メールアドレス (email). All rows are checked first; nothing is saved when any row is wrong."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kencho.core.models import User

from .errors import survey_error
from .models import RespondentOrganisation
from .services import respondent_organisation_save
from .workbook import check_archive

MAX_ROWS = 5000
_COLUMNS = {
    "code": "code",
    "コード": "code",
    "name": "name_ja",
    "名称": "name_ja",
    "name_en": "name_en",
    "英語名称": "name_en",
    "email": "email",
    "メールアドレス": "email",
}


@dataclass(frozen=True)
class ImportProblem:
    row: int
    message_ja: str
    message_en: str


def _rows(content: bytes, file_name: str) -> list[list[Any]]:
    if file_name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        check_archive(content)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 1, values_only=True)]
        finally:
            book.close()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 1]
    raise survey_error(
        "encoding",
        "CSV は UTF-8 か Shift_JIS で保存してください。",
        "Save the CSV as UTF-8 or Shift_JIS.",
        status=422,
    )


def respondents_import(
    *, kind: str, content: bytes, file_name: str, actor: User
) -> tuple[int, list[ImportProblem]]:
    """(saved rows, problems). With problems, nothing is saved."""
    rows = _rows(content, file_name)
    if not rows:
        return 0, [ImportProblem(1, "ファイルが空です。", "The file is empty.")]
    header = [_COLUMNS.get(str(cell or "").strip().lower(), "") for cell in rows[0]]
    if "code" not in header or "name_ja" not in header:
        return 0, [
            ImportProblem(
                1,
                "1行目に「コード」と「名称」の列見出しを入れてください。",
                'Put the column headings "code" and "name" in row 1.',
            )
        ]
    problems: list[ImportProblem] = []
    records: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        record = {key: str(value or "").strip() for key, value in zip(header, row, strict=False) if key}
        if not any(record.values()):
            continue
        if not record.get("code") or not record.get("name_ja") or len(record["code"]) > 30:
            problems.append(
                ImportProblem(
                    number,
                    f"{number}行目：コード（30文字まで）と名称を入力してください。",
                    f"Row {number}: enter a code (up to 30 characters) and a name.",
                )
            )
            continue
        if record["code"] in seen:
            problems.append(
                ImportProblem(
                    number,
                    f"{number}行目：コード {record['code']} が重複しています。",
                    f"Row {number}: the code {record['code']} appears twice.",
                )
            )
        seen.add(record["code"])
        if record.get("email"):
            try:
                validate_email(record["email"])
            except ValidationError:
                problems.append(
                    ImportProblem(
                        number,
                        f"{number}行目：メールアドレスの形式が正しくありません。",
                        f"Row {number}: the e-mail address is not valid.",
                    )
                )
        records.append(record)
    if problems:
        return 0, problems
    if kind not in RespondentOrganisation.Kind.values:
        raise survey_error("invalid_kind", "種類を選んでください。", "Choose a kind.", status=422)
    with transaction.atomic():
        for record in records:
            respondent_organisation_save(
                kind=kind,
                code=record["code"],
                name_ja=record["name_ja"][:200],
                name_en=record.get("name_en", "")[:200],
                email=record.get("email", ""),
                actor=actor,
            )
    return len(records), []
