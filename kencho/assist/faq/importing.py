"""Reading FAQ entries from a CSV (UTF-8 with or without BOM, or CP932 as Excel saves it) or an xlsx
file laid out as columns.py describes. A file with any problem is refused whole, with every problem
named by row and column in Japanese and English; a good file is saved in one transaction."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from kencho.core.models import User

from .columns import FALSE_WORDS, LANGUAGE_CODES, REQUIRED, TRUE_WORDS, canonical_column
from .models import FaqCollection, FaqEntry
from .services import EntryContent, entries_save

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportProblem:
    row: int | None  # 1 is the header row; None for the whole file
    column: str | None
    message_ja: str
    message_en: str

    def __str__(self) -> str:
        where_ja = f"{self.row}行目" if self.row else "ファイル"
        where_en = f"row {self.row}" if self.row else "file"
        if self.column:
            where_ja += f"「{self.column}」列"
            where_en += f", column '{self.column}'"
        return f"{where_ja}: {self.message_ja} / {where_en}: {self.message_en}"


class FaqImportError(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    deleted: int
    entries: list[FaqEntry]


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The rows of the file as text cells; the header is the first row."""
    if len(data) > MAX_FILE_BYTES:
        raise FaqImportError(
            [ImportProblem(None, None, "ファイルが10MBを超えています。", "The file is over 10 MB.")]
        )
    if name.lower().endswith(".xlsx") or data.startswith(_XLSX_MAGIC):
        return _xlsx_rows(data)
    return _csv_rows(data)


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FaqImportError(
            [
                ImportProblem(
                    None,
                    None,
                    "文字コードを読み取れません。UTF-8またはShift_JIS（CP932）のCSVにしてください。",
                    "The encoding could not be read. Save the CSV as UTF-8 or Shift_JIS (CP932).",
                )
            ]
        )
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only imports of xlsx files need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FaqImportError(
            [
                ImportProblem(
                    None, None, "xlsxファイルとして開けません。", f"The file is not a readable xlsx ({exc})."
                )
            ]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _flag(value: str) -> bool | None:
    text = value.strip().lower()
    if not text:
        return True
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def parse_rows(rows: list[list[str]]) -> list[EntryContent]:
    """Entry contents from the table, or FaqImportError listing every problem."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FaqImportError([ImportProblem(1, None, "見出し行がありません。", "The header row is missing.")])
    problems: list[ImportProblem] = []
    columns: dict[str, int] = {}
    for position, header in enumerate(rows[0]):
        name = canonical_column(header)
        if name is None and header.strip():
            problems.append(
                ImportProblem(
                    1, header, "知らない列名です。columns.py の列名を使ってください。", "Unknown column name."
                )
            )
        elif name is not None:
            columns.setdefault(name, position)
    for name in REQUIRED:
        if name not in columns:
            problems.append(
                ImportProblem(1, name, "必須の列がありません。", "This required column is missing.")
            )
    if problems:
        raise FaqImportError(problems)
    if len(rows) - 1 > MAX_ROWS:
        raise FaqImportError(
            [ImportProblem(None, None, f"行数が{MAX_ROWS}を超えています。", f"More than {MAX_ROWS} rows.")]
        )
    contents: list[EntryContent] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            position = columns.get(name)
            return row[position].strip() if position is not None and position < len(row) else ""

        key = cell("key")
        for name in REQUIRED:
            if not cell(name):
                problems.append(ImportProblem(number, name, "空欄です。", "This cell is empty."))
        if key and not _KEY.match(key):
            problems.append(
                ImportProblem(
                    number,
                    "key",
                    "半角英小文字・数字・-・_ で入力してください。",
                    "Use lower-case letters, digits, - and _ only.",
                )
            )
        elif key in seen:
            problems.append(
                ImportProblem(
                    number, "key", f"{seen[key]}行目と同じキーです。", f"The same key as row {seen[key]}."
                )
            )
        seen.setdefault(key, number)
        if len(cell("question")) > 300:
            problems.append(
                ImportProblem(number, "question", "300文字以内にしてください。", "Keep it to 300 characters.")
            )
        active = _flag(cell("active"))
        if active is None:
            problems.append(
                ImportProblem(
                    number, "active", "1か0（はい・いいえ）で入力してください。", "Use 1 or 0 (yes or no)."
                )
            )
        translations: dict[str, tuple[str, str]] = {}
        for code in LANGUAGE_CODES:
            question, answer = cell(f"question_{code}"), cell(f"answer_{code}")
            if bool(question) != bool(answer):
                missing = f"answer_{code}" if question else f"question_{code}"
                problems.append(
                    ImportProblem(
                        number,
                        missing,
                        "翻訳は質問と回答の両方を入力してください。",
                        "Give both the question and the answer.",
                    )
                )
            elif question:
                translations[code] = (question, answer)
        contents.append(
            EntryContent(
                key=key,
                question=cell("question"),
                answer=cell("answer"),
                category=cell("category"),
                alternative_questions=tuple(
                    line for line in cell("alternative_questions").splitlines() if line.strip()
                ),
                easy_question=cell("easy_question"),
                easy_answer=cell("easy_answer"),
                translations=translations,
                is_active=bool(active),
            )
        )
    if problems:
        raise FaqImportError(problems)
    return contents


def entries_import(
    *,
    collection: FaqCollection,
    name: str,
    data: bytes,
    replace: bool = False,
    actor: User | None = None,
    embed: bool = True,
) -> ImportReport:
    """Import a file into the collection: entries are matched by key (created or updated); with
    `replace`, entries not in the file are deleted. `embed` schedules the embeddings in the background."""
    contents = parse_rows(read_table(name, data))
    existing = set(FaqEntry.objects.filter(collection=collection).values_list("key", flat=True))
    try:
        entries = entries_save(
            collection=collection, contents=contents, replace=replace, actor=actor, embed=embed
        )
    except ValidationError as exc:
        raise FaqImportError(
            [ImportProblem(None, None, "保存できない値があります。", f"A value could not be saved: {exc}")]
        ) from exc
    created = sum(1 for c in contents if c.key not in existing)
    kept = {c.key for c in contents}
    deleted = len(existing - kept) if replace else 0
    return ImportReport(created=created, updated=len(contents) - created, deleted=deleted, entries=entries)
