"""The Excel side of a survey: where each question lives in the generated workbook (`layout`), writing
that workbook (`template_xlsx`), and reading a filled one back into answers (`workbook_read`).

The layout is computed from the form definition alone, so the reader needs nothing from the file but
a marker sheet saying which survey and form version it was made for. Answers read from a workbook
are validated by the form engine exactly as the browser's are (`validate_answers`, not strict); only
the position is added to each message: 「シート「回答」のセル B7：…」.

Supported question types: text, textarea, integer, decimal, yen, date, email, phone, postal_code,
corporate_number, select, radio, checkboxes (labels separated by 「、」 or commas) and one level of
repeating group, each group on a sheet of its own with one row per item."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kencho.forms.definition import CHOICE_TYPES, GROUP_MAX_ITEMS, iter_fields, localized
from kencho.forms.validation import FieldError

MARKER = "kencho.inquiries.template/1"
META_SHEET = "_kencho"
LISTS_SHEET = "_lists"
MAIN_SHEET_JA = "回答"
FIRST_QUESTION_ROW = 6
ANSWER_COLUMN = "B"
EXCEL_TYPES = frozenset(
    {"text", "textarea", "integer", "decimal", "yen", "date", "email", "phone", "postal_code"}
    | {"corporate_number"}
    | CHOICE_TYPES
)
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_RATIO = 150  # compressed sizes of honest workbooks stay well below this ratio
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CHECKBOX_SPLIT = re.compile(r"[,、，;；\n]")
INPUT_FILL = "FFF2CC"


@dataclass(frozen=True)
class Place:
    sheet: str
    cell: str


@dataclass
class SheetLayout:
    title: str
    key: str  # "" for the main sheet, else the group key
    fields: list[dict[str, Any]]
    max_items: int = 0

    def column(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(index + 1)


@dataclass
class Layout:
    main: SheetLayout
    groups: list[SheetLayout] = field(default_factory=list)

    def place(self, path: str) -> Place:
        """Where the answer of an error's path is: "key", "group", or "group.3.sub"."""
        parts = path.split(".")
        for group in self.groups:
            if parts[0] == group.key:
                if len(parts) == 3 and parts[1].isdigit():
                    index = next((i for i, sub in enumerate(group.fields) if sub["key"] == parts[2]), 0)
                    return Place(group.title, f"{group.column(index)}{int(parts[1]) + 2}")
                return Place(group.title, "A2")
        for index, question in enumerate(self.main.fields):
            if question["key"] == parts[0]:
                return Place(self.main.title, f"{ANSWER_COLUMN}{FIRST_QUESTION_ROW + index}")
        return Place(self.main.title, "A1")


def unsupported_fields(definition: dict[str, Any]) -> list[str]:
    """Keys of questions that cannot be answered in a cell (addresses, names, files, agreements)."""
    problems = []
    for question in iter_fields(definition):
        if question["type"] == "group":
            problems += [
                f"{question['key']}.{sub['key']}"
                for sub in question["fields"]
                if sub["type"] not in EXCEL_TYPES
            ]
        elif question["type"] not in EXCEL_TYPES:
            problems.append(question["key"])
    return problems


def sheet_title(text: str, taken: set[str]) -> str:
    title = _SHEET_FORBIDDEN.sub("_", text).strip("'") or "sheet"
    title = title[:31]
    base, number = title, 2
    while title in taken or title.startswith("_"):
        suffix = f"_{number}"
        title = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def layout(definition: dict[str, Any]) -> Layout:
    taken = {META_SHEET, LISTS_SHEET}
    main = SheetLayout(title=sheet_title(MAIN_SHEET_JA, taken), key="", fields=[])
    result = Layout(main=main)
    for question in iter_fields(definition):
        if question["type"] == "group":
            result.groups.append(
                SheetLayout(
                    title=sheet_title(localized(question["label"], "ja"), taken),
                    key=question["key"],
                    fields=list(question["fields"]),
                    max_items=question.get("max_items", GROUP_MAX_ITEMS),
                )
            )
        else:
            main.fields.append(question)
    return result


def _choice_labels(question: dict[str, Any]) -> list[str]:
    return [localized(option["label"], "ja") for option in question["options"]]


def _how_to(question: dict[str, Any]) -> str:
    kind = question["type"]
    bits = ["必須" if question.get("required") else "任意"]
    if kind in {"integer", "yen"}:
        bits.append("整数")
    elif kind == "decimal":
        bits.append("数値")
    elif kind == "date":
        bits.append("日付（2025-04-01 など）")
    elif kind == "checkboxes":
        bits.append("「、」で区切って複数選択")
    elif kind in CHOICE_TYPES:
        bits.append("一覧から選択")
    for bound, word in (("min", "以上"), ("max", "以下")):
        if question.get(bound) is not None and kind != "date":
            bits.append(f"{question[bound]}{word}")
    hint = localized(question.get("hint"), "ja")
    return "・".join(bits) + (f"。{hint}" if hint else "")


def template_xlsx(
    *, definition: dict[str, Any], survey_id: str, form_version_id: int, title: str, note: str
) -> bytes:
    """The workbook a respondent fills in: headers and labels locked, input cells unlocked and
    coloured, drop-down lists for choices, one sheet per repeating group, and a hidden marker."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    shape = layout(definition)
    book = Workbook()
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=INPUT_FILL)
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0

    def choice_validation(question: dict[str, Any]) -> DataValidation | None:
        nonlocal list_column
        if question["type"] not in {"select", "radio"}:
            return None
        from openpyxl.utils import get_column_letter

        list_column += 1
        letter = get_column_letter(list_column)
        labels = _choice_labels(question)
        for row, label in enumerate(labels, start=1):
            lists.cell(row=row, column=list_column, value=label)
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${letter}$1:${letter}${len(labels)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="選択肢にありません",
            error="一覧から選んでください。 / Choose from the list.",
        )
        return validation

    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = shape.main.title
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = note
    sheet["A3"] = "色の付いたセルに入力してください。見出しや項目名は変更できません。"
    sheet["A4"] = "Fill in the coloured cells. Headings and question names cannot be changed."
    for column, text in zip(
        "ABC", ("項目 / Question", "回答 / Answer", "入力のしかた / How to fill in"), strict=True
    ):
        sheet[f"{column}5"] = text
        sheet[f"{column}5"].font = bold
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 50
    for index, question in enumerate(shape.main.fields):
        row = FIRST_QUESTION_ROW + index
        sheet[f"A{row}"] = localized(question["label"], "ja") + (
            "（必須）" if question.get("required") else ""
        )
        sheet[f"C{row}"] = _how_to(question)
        cell = sheet[f"{ANSWER_COLUMN}{row}"]
        cell.protection = unlocked
        cell.fill = fill
        cell.border = box
        if question["type"] == "date":
            cell.number_format = "yyyy-mm-dd"
        elif question["type"] in {"text", "textarea", "phone", "postal_code", "corporate_number"}:
            cell.number_format = "@"
        if question["type"] == "textarea":
            cell.alignment = Alignment(wrap_text=True)
        validation = choice_validation(question)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cell)
    sheet.protection.sheet = True
    for group in shape.groups:
        rows = book.create_sheet(group.title)
        last_row = group.max_items + 1
        for index, sub in enumerate(group.fields):
            letter = group.column(index)
            header = rows[f"{letter}1"]
            header.value = localized(sub["label"], "ja") + ("（必須）" if sub.get("required") else "")
            header.font = bold
            header.comment = Comment(_how_to(sub), "Kencho")
            rows.column_dimensions[letter].width = 20
            for row in range(2, last_row + 1):
                cell = rows[f"{letter}{row}"]
                cell.protection = unlocked
                cell.fill = fill
                cell.border = box
                if sub["type"] == "date":
                    cell.number_format = "yyyy-mm-dd"
                elif sub["type"] in {"text", "phone", "postal_code", "corporate_number"}:
                    cell.number_format = "@"
            validation = choice_validation(sub)
            if validation is not None:
                rows.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{last_row}")
        rows.freeze_panes = "A2"
        rows.protection.sheet = True
    lists.protection.sheet = True
    meta = book.create_sheet(META_SHEET)
    meta["A1"], meta["A2"], meta["A3"] = MARKER, survey_id, form_version_id
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    book.move_sheet(lists, offset=len(book.sheetnames))
    book.move_sheet(meta, offset=len(book.sheetnames))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class CellProblem:
    """A problem with a workbook, placed on a sheet and cell, in both languages."""

    code: str
    message_ja: str
    message_en: str
    sheet: str = ""
    cell: str = ""
    path: str = ""

    def message(self, language: str) -> str:
        return self.message_en if language.lower().startswith("en") else self.message_ja

    def as_dict(self) -> dict[str, Any]:
        where = f"{self.sheet}!{self.cell}" if self.sheet else None
        return {"field": where, "code": self.code, "message": {"ja": self.message_ja, "en": self.message_en}}


class WorkbookRejected(Exception):
    """The file cannot be read as this survey's workbook at all (not a workbook, another survey's,
    too large). Nothing in it is used."""

    def __init__(self, problem: CellProblem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def placed(error: FieldError, shape: Layout) -> CellProblem:
    """A form engine error, with the sheet and cell of its answer in front of the same message."""
    where = shape.place(error.path)
    return CellProblem(
        code=error.code,
        message_ja=f"シート「{where.sheet}」のセル {where.cell}：{error.message_ja}",
        message_en=f'Sheet "{where.sheet}", cell {where.cell}: {error.message_en}',
        sheet=where.sheet,
        cell=where.cell,
        path=error.path,
    )


def _reject(code: str, ja: str, en: str) -> WorkbookRejected:
    return WorkbookRejected(CellProblem(code=code, message_ja=ja, message_en=en))


def check_archive(content: bytes) -> None:
    """Refuse files that are not xlsx, or that would take too much to open (zip bombs)."""
    if len(content) > MAX_FILE_BYTES:
        raise _reject(
            "too_large",
            f"ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。"
            "行を分けて提出してください。",
            f"The file is too large (at most {MAX_FILE_BYTES // 1024 // 1024} MB). Split the rows.",
        )
    not_xlsx = _reject(
        "not_xlsx",
        "Excel ブック（.xlsx）ではありません。この照会の様式をダウンロードして入力してください。",
        "This is not an Excel workbook (.xlsx). Download this survey's template and fill it in.",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        raise not_xlsx from None
    with archive:
        entries = archive.infolist()
        if "xl/workbook.xml" not in {entry.filename for entry in entries}:
            raise not_xlsx
        unzipped = sum(entry.file_size for entry in entries)
        ratio_bad = any(
            entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
            for entry in entries
        )
        if len(entries) > MAX_ZIP_ENTRIES or unzipped > MAX_UNZIPPED_BYTES or ratio_bad:
            raise _reject(
                "too_large",
                "ファイルを展開すると大きすぎます。この照会の様式に値だけを入力して提出してください。",
                "The file expands to too much data. Enter only values in this survey's template.",
            )


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def _date_text(value: Any) -> str:
    from openpyxl.utils.datetime import from_excel

    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
        converted = from_excel(value)
        return (converted.date() if isinstance(converted, datetime) else converted).isoformat()
    return _number_text(value) if isinstance(value, int | float) else str(value)


def _choice_value(question: dict[str, Any], text: str) -> str:
    """The option value for a label (Japanese or English) or the value itself."""
    text = text.strip()
    for option in question["options"]:
        if text in {str(option["value"]), *(str(label) for label in option["label"].values())}:
            return str(option["value"])
    return text


def cell_answer(question: dict[str, Any], value: Any) -> Any:
    """A cell's value as the browser would post it: text, or a list for checkboxes."""
    if value is None:
        return [] if question["type"] == "checkboxes" else ""
    kind = question["type"]
    if kind == "date":
        return _date_text(value)
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, int | float | Decimal):
        text = _number_text(value)
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    if kind == "checkboxes":
        return [_choice_value(question, part) for part in _CHECKBOX_SPLIT.split(text) if part.strip()]
    if kind in CHOICE_TYPES:
        return _choice_value(question, text)
    return text


@dataclass
class WorkbookAnswers:
    """What was read from a workbook: answers for validate_answers, and problems the engine cannot
    see (formulas, rows beyond the last one)."""

    answers: dict[str, Any]
    problems: list[CellProblem]
    layout: Layout


def _formula_problem(sheet: str, cell: str) -> CellProblem:
    return CellProblem(
        code="formula",
        message_ja=f"シート「{sheet}」のセル {cell}：数式は使えません。計算した結果の値を入力してください。",
        message_en=f'Sheet "{sheet}", cell {cell}: formulas are not accepted; enter the value itself.',
        sheet=sheet,
        cell=cell,
    )


def _sheet_missing(title: str) -> WorkbookRejected:
    return _reject(
        "wrong_sheet",
        f"シート「{title}」が見つかりません。シート名を変えずに、この照会の様式に入力してください。",
        f'The sheet "{title}" is missing. Fill in this survey\'s template without renaming its sheets.',
    )


def _values(cells: Iterable[Any], row: int) -> Iterator[tuple[str, Any, bool]]:
    from openpyxl.utils import get_column_letter

    for index, cell in enumerate(cells, start=1):
        value = getattr(cell, "value", None)
        yield f"{get_column_letter(index)}{row}", value, getattr(cell, "data_type", "") == "f"


def workbook_read(
    content: bytes, *, definition: dict[str, Any], survey_id: str, form_version_id: int
) -> WorkbookAnswers:
    """Read a filled template. Raises WorkbookRejected when the file is not this survey's template."""
    from openpyxl import load_workbook

    check_archive(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:
        raise _reject(
            "not_xlsx",
            "Excel ブックとして読み取れません。この照会の様式をダウンロードして入力してください。",
            "The workbook cannot be read. Download this survey's template and fill it in.",
        ) from exc
    try:
        return _read(book, definition, survey_id, form_version_id)
    finally:
        book.close()


def _read(book: Any, definition: dict[str, Any], survey_id: str, form_version_id: int) -> WorkbookAnswers:
    if META_SHEET not in book.sheetnames:
        raise _reject(
            "not_template",
            "この照会の様式ではありません。照会のページから様式（Excel）をダウンロードして入力してください。",
            "This is not this survey's template. Download the template (Excel) from the survey's page.",
        )
    meta = [
        row[0] if row else None for row in book[META_SHEET].iter_rows(max_row=3, max_col=1, values_only=True)
    ]
    meta += [None] * (3 - len(meta))
    if meta[0] != MARKER or str(meta[1]) != survey_id:
        raise _reject(
            "other_survey",
            "別の照会の様式です。この照会のページから様式をダウンロードして入力してください。",
            "This template belongs to another survey. Download the template from this survey's page.",
        )
    if str(meta[2]) != str(form_version_id):
        raise _reject(
            "old_template",
            "照会の設問が変わる前の様式です。新しい様式をダウンロードして入力し直してください。",
            "This template was made before the questions changed. Download the new template.",
        )
    shape = layout(definition)
    problems: list[CellProblem] = []
    answers: dict[str, Any] = {}
    if shape.main.title not in book.sheetnames:
        raise _sheet_missing(shape.main.title)
    if shape.main.fields:
        last = FIRST_QUESTION_ROW + len(shape.main.fields) - 1
        column = book[shape.main.title].iter_rows(min_row=FIRST_QUESTION_ROW, max_row=last, max_col=2)
        for row_number, (question, row) in enumerate(
            zip(shape.main.fields, column, strict=False), start=FIRST_QUESTION_ROW
        ):
            for coordinate, value, is_formula in list(_values(row, row_number))[1:]:
                if is_formula:
                    problems.append(_formula_problem(shape.main.title, coordinate))
                    value = None
                answers[question["key"]] = cell_answer(question, value)
    for group in shape.groups:
        if group.title not in book.sheetnames:
            raise _sheet_missing(group.title)
        items: list[dict[str, Any]] = []
        width = len(group.fields)
        for row_number, row in enumerate(book[group.title].iter_rows(min_row=2, max_col=width), start=2):
            cells = list(_values(row, row_number))
            if all(value is None or (isinstance(value, str) and not value.strip()) for _, value, _ in cells):
                continue
            if row_number - 2 != len(items):
                # Keep paths and rows in step: an empty row in the middle is refused, not skipped.
                problems.append(
                    CellProblem(
                        code="blank_row",
                        message_ja=f"シート「{group.title}」の {len(items) + 2} 行目が空です。"
                        "行を詰めて入力してください。",
                        message_en=f'Sheet "{group.title}", row {len(items) + 2} is empty; '
                        "move the rows up so there are no gaps.",
                        sheet=group.title,
                        cell=f"A{len(items) + 2}",
                    )
                )
                break
            item: dict[str, Any] = {}
            for sub, (coordinate, value, is_formula) in zip(group.fields, cells, strict=False):
                if is_formula:
                    problems.append(_formula_problem(group.title, coordinate))
                    value = None
                item[sub["key"]] = cell_answer(sub, value)
            items.append(item)
        answers[group.key] = items
    return WorkbookAnswers(answers=answers, problems=problems, layout=shape)
