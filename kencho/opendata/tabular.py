"""Paged previews of CSV and Excel resources, read as a stream so that huge files stay cheap.

The encoding is decided on the first MiB. Strict UTF-8 (with or without BOM) comes first, then CP932
and EUC-JP, and charset_normalizer only after that: detectors often mistake short Japanese text for
another language. CP932 is used rather than Shift_JIS because government CSVs hold the NEC and IBM
extensions (①, ㈱, 髙) that plain Shift_JIS cannot decode. Past the first MiB a stray byte
becomes U+FFFD instead of failing the whole preview.

PreviewError lives here and geo.py reuses it, together with the zip checks that xlsx needs too.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import datetime
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits

SAMPLE_BYTES = 1024 * 1024
MAX_ROWS_COUNTED = 1_000_000  # counting stops here; total_rows is then a lower bound
MAX_PER_PAGE = 500
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
XLSX_MAX_UNCOMPRESSED = 500 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_SIZE = 1024 * 1024  # smaller members cannot hurt, whatever their ratio
ZIP_MAX_MEMBERS = 1_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_DELIMITERS = (",", "\t", ";")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\x1a")  # \x1a: the end-of-file mark old DOS tools append


class PreviewError(ValueError):
    """A resource that cannot be previewed, with what to do about it in Japanese and English."""

    def __init__(self, code: str, *, ja: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.message = {"ja": ja, "en": en}

    def message_in(self, language: str) -> str:
        return self.message["en"] if language.lower().startswith("en") else self.message["ja"]


@dataclass(frozen=True)
class TablePage:
    headers: list[str]
    rows: list[list[str]]
    total_rows: int
    page: int
    pages: int
    encoding: str | None  # None for xlsx
    delimiter: str | None = None
    sheet_names: list[str] = field(default_factory=list)
    rows_capped: bool = False  # counting stopped at the limit: total_rows is a lower bound
    columns_capped: bool = False


def _encoding_error() -> PreviewError:
    return PreviewError(
        "encoding",
        ja="文字コードを判定できません。UTF-8 または Shift_JIS で保存してください。",
        en="The character encoding could not be detected; save the file as UTF-8 or Shift_JIS.",
    )


def _binary_error() -> PreviewError:
    return PreviewError(
        "binary",
        ja="CSV として読めないファイルです。表計算ソフトで CSV 形式（UTF-8）で保存し直してください。",
        en="This is not a readable CSV file; save it again from your spreadsheet as CSV (UTF-8).",
    )


def _decodes(sample: bytes, encoding: str, *, complete: bool) -> bool:
    """Whether the sample decodes strictly; a sample cut short may end inside a character."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _halfwidth_kana(text: str) -> int:
    # EUC-JP kanji read as CP932 turn into runs of half-width katakana (ｱ-ﾟ).
    return sum(1 for char in text if "\uff61" <= char <= "\uff9f")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc")
    return controls > len(text) // 100


def detect_encoding(sample: bytes, *, complete: bool = True) -> str:
    """The Python codec name for a text sample; complete=False when the sample is a file's head."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    if sample.startswith(codecs.BOM_UTF8):
        if not _decodes(sample[3:], "utf-8", complete=complete):
            raise _encoding_error()
        encoding = "utf-8-sig"
    elif b"\x00" in sample:
        raise _binary_error()
    elif _decodes(sample, "utf-8", complete=complete):
        encoding = "utf-8"
    else:
        japanese = [enc for enc in ("cp932", "euc_jp") if _decodes(sample, enc, complete=complete)]
        if japanese:
            # min() keeps the first on a tie, so CP932 wins unless EUC-JP reads more naturally.
            encoding = min(japanese, key=lambda enc: _halfwidth_kana(sample[:65536].decode(enc, "ignore")))
        else:
            encoding = _detect_with_charset_normalizer(sample)
    if _looks_binary(sample[:65536].decode(encoding, "replace")):
        raise _binary_error()
    return encoding


def _detect_with_charset_normalizer(sample: bytes) -> str:
    from charset_normalizer import from_bytes  # imported here: it loads its language models

    best = from_bytes(sample).best()
    if best is None:
        raise _encoding_error()
    name = codecs.lookup(best.encoding).name
    return "cp932" if name in {"shift_jis", "shift_jis_2004", "shift_jisx0213"} else name


def parse_number(text: str) -> float | None:
    """A number as written in Japanese tables: 1,234 / １２３ / ▲5 and △5 (negative) / 12.5%."""
    compact = normalize_hyphens(to_halfwidth_digits(text)).strip().replace(" ", "")
    negative = compact[:1] in {"▲", "△"}
    if negative:
        compact = compact[1:]
    if not _NUMBER.fullmatch(compact) or not any(char.isdigit() for char in compact):
        return None
    value = float(compact.rstrip("%").replace(",", ""))
    return -value if negative else value


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?%?", re.ASCII)
# Marks Japanese statistics put in cells without a value: 該当なし, 不詳, 秘匿 (x, χ) and the like.
_NO_VALUE_MARKS = frozenset({"-", "―", "…", "...", "‥", "x", "X", "χ", "*", "**", "***", "NA", "N/A"})


def _is_blank(cell: str) -> bool:
    stripped = normalize_hyphens(to_halfwidth_digits(cell)).strip()
    return not stripped or stripped in _NO_VALUE_MARKS


def numeric_columns(
    headers: Sequence[str], rows: Iterable[Sequence[str]], *, threshold: float = 0.9
) -> list[int]:
    """Indexes of the columns where at least threshold of the non-blank cells are numbers.

    Cells holding only a statistics mark for "no value" (-, …, x, χ) count as blank.
    """
    numbers = [0] * len(headers)
    filled = [0] * len(headers)
    for row in rows:
        for index, cell in enumerate(row[: len(headers)]):
            if _is_blank(cell):
                continue
            filled[index] += 1
            numbers[index] += parse_number(cell) is not None
    return [
        index
        for index in range(len(headers))
        if filled[index] and numbers[index] >= threshold * filled[index]
    ]


def table_page(
    data: bytes | BinaryIO,
    *,
    filename: str | None = None,
    format: str | None = None,
    page: int = 1,
    per_page: int = 50,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS_COUNTED,
) -> TablePage:
    """One page of a CSV/TSV or xlsx resource; the first row is the header.

    The content decides between text and xlsx; the name or CKAN format only says that a text file
    is tab-separated. A page past the end gives the last page.
    """
    stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0)
    head = stream.read(SAMPLE_BYTES)
    if not head.strip():
        raise PreviewError(
            "empty",
            ja="ファイルが空です。データを含むファイルを登録してください。",
            en="The file is empty; upload a file that contains data.",
        )
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    if head.startswith(_ZIP_MAGIC):
        return _xlsx_page(stream, page=page, per_page=per_page, sheet=sheet, max_rows=max_rows)
    if head.startswith(_OLE_MAGIC):
        raise PreviewError(
            "xls",
            ja="古い Excel 形式（.xls）またはパスワード付きのファイルは表示できません。"
            "パスワードを外して .xlsx か CSV で保存してください。",
            en="Old Excel files (.xls) and password-protected workbooks cannot be shown; "
            "remove the password and save as .xlsx or CSV.",
        )
    complete = len(head) < SAMPLE_BYTES
    encoding = detect_encoding(head, complete=complete)
    tab_hint = (format or "").lower() == "tsv" or (filename or "").lower().endswith((".tsv", ".tab"))
    delimiter = "\t" if tab_hint else _sniff_delimiter(head.decode(encoding, "replace"), complete=complete)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    try:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            return _paginate(
                _rows_within_cell_limit(reader),
                page=page,
                per_page=per_page,
                max_rows=max_rows,
                encoding=encoding,
                delimiter=delimiter,
            )
        except csv.Error as error:
            raise PreviewError(
                "csv_malformed",
                ja=f"{reader.line_num} 行目を CSV として読めません（{error}）。"
                "引用符の対応やセルの長さを確認してください。",
                en=f"Line {reader.line_num} cannot be read as CSV ({error}); "
                "check the quotes and the length of the cells.",
            ) from error
    finally:
        text.detach()  # leave the caller's stream open


# The csv module's own default. Set here rather than relied on, because csv.field_size_limit() is
# process-wide and libraries (frictionless) raise it when they are imported.
CSV_FIELD_LIMIT = 131_072


def _rows_within_cell_limit(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    for row in reader:
        if any(len(cell) > CSV_FIELD_LIMIT for cell in row):
            raise csv.Error(f"field larger than field limit ({CSV_FIELD_LIMIT})")
        yield row


def _sniff_delimiter(sample: str, *, complete: bool) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of fields most often."""
    lines = sample.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    lines = lines[:50]
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        counts: list[int] = []
        with contextlib.suppress(csv.Error):  # the full read reports it, with its line number
            counts.extend(len(row) for row in csv.reader(lines, delimiter=delimiter) if row)
        if not counts or max(counts) < 2:
            continue
        width, agreeing = collections.Counter(counts).most_common(1)[0]
        score = agreeing * 1000 + width if width > 1 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _clip(row: Sequence[str]) -> list[str]:
    return [
        cell if len(cell) <= MAX_CELL_CHARS else cell[:MAX_CELL_CHARS] + "…" for cell in row[:MAX_COLUMNS]
    ]


def _paginate(
    rows: Iterator[list[str]],
    *,
    page: int,
    per_page: int,
    max_rows: int,
    encoding: str | None,
    delimiter: str | None = None,
    sheet_names: Sequence[str] = (),
) -> TablePage:
    """Count the rows after the header and keep only the requested page (or the last one)."""
    non_blank = (row for row in rows if any(cell.strip() for cell in row))
    headers = next(non_blank, None)
    if headers is None:
        raise PreviewError(
            "no_rows",
            ja="表の行が見つかりません。1 行目に見出し、2 行目以降にデータを入れてください。",
            en="No rows were found; put the headers in the first row and the data below them.",
        )
    wanted = range((max(page, 1) - 1) * per_page, max(page, 1) * per_page)
    kept: list[list[str]] = []
    last_page: list[list[str]] = []
    total, width, capped = 0, len(headers), False
    for row in non_blank:
        if total >= max_rows:
            capped = True
            break
        if total % per_page == 0:
            last_page = []
        last_page.append(_clip(row))
        if total in wanted:
            kept.append(last_page[-1])
        width = max(width, len(row))
        total += 1
    pages = max(1, -(-total // per_page))
    if not kept and page > 1:
        kept, page = last_page, pages
    shown_width = min(width, MAX_COLUMNS)
    return TablePage(
        headers=_clip(headers) + [""] * (shown_width - len(headers)),
        rows=[row + [""] * (shown_width - len(row)) for row in kept],
        total_rows=total,
        page=max(1, min(page, pages)),
        pages=pages,
        encoding=encoding,
        delimiter=delimiter,
        sheet_names=list(sheet_names),
        rows_capped=capped,
        columns_capped=width > MAX_COLUMNS,
    )


def open_zip_checked(
    stream: BinaryIO, *, max_total_bytes: int, max_ratio: float = ZIP_MAX_RATIO
) -> zipfile.ZipFile:
    """Open a zip after checking its declared sizes, compression ratios and member names.

    zipfile never returns more than a member's declared size (a member that lies fails its CRC
    check), so the declared total bounds what reading can produce.
    """
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as error:
        raise PreviewError(
            "not_zip",
            ja="zip ファイルとして開けません。ファイルが壊れていないか確認し、作り直してください。",
            en="The file cannot be opened as a zip archive; check that it is not damaged and zip it again.",
        ) from error
    try:
        _check_members(archive, max_total_bytes=max_total_bytes, max_ratio=max_ratio)
    except PreviewError:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, *, max_total_bytes: int, max_ratio: float) -> None:
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS or sum(member.file_size for member in members) > max_total_bytes:
        limit = max_total_bytes // (1024 * 1024)
        raise PreviewError(
            "zip_too_large",
            ja=f"展開後のサイズが上限（{limit} MB）を超えています。データを分けて登録してください。",
            en=f"The archive expands beyond the {limit} MB limit; split the data into smaller files.",
        )
    for member in members:
        _check_member(member, max_ratio=max_ratio)


def _check_member(member: zipfile.ZipInfo, *, max_ratio: float) -> None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or ":" in member.filename:
        raise PreviewError(
            "zip_path",
            ja=f"zip 内のファイル名「{member.filename}」が不正です。フォルダの外を指す名前は使えません。",
            en=f"The name {member.filename!r} in the zip points outside its folder; rename it and zip again.",
        )
    if member.flag_bits & 0x1:
        raise PreviewError(
            "zip_encrypted",
            ja="パスワード付きの zip は開けません。パスワードを外して作り直してください。",
            en="Password-protected zip files cannot be opened; create the zip again without a password.",
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > ZIP_RATIO_MIN_SIZE and ratio > max_ratio:
        raise PreviewError(
            "zip_bomb",
            ja=f"「{member.filename}」の圧縮率が異常に高いため開けません（zip 爆弾の疑い）。"
            "正しいデータなら、圧縮せずに（無圧縮で）zip を作り直してください。",
            en=f"{member.filename!r} is compressed suspiciously well (a possible zip bomb); "
            "if the data is genuine, zip it again without compression.",
        )


def _xlsx_error(error: BaseException | None = None) -> PreviewError:
    detail_ja, detail_en = (f"（{error}）", f" ({error})") if error else ("", "")
    return PreviewError(
        "xlsx_broken",
        ja=f"Excel ファイル（.xlsx）として読めません{detail_ja}。Excel で開いて保存し直してください。",
        en=f"The file cannot be read as an Excel workbook{detail_en}; open it in Excel and save it again.",
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _xlsx_page(stream: BinaryIO, *, page: int, per_page: int, sheet: str | None, max_rows: int) -> TablePage:
    # Imported here: openpyxl is slow to import and most resources are CSV.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # openpyxl reports damaged workbooks through many exception types; XML errors are SyntaxErrors.
    damaged: tuple[type[Exception], ...] = (InvalidFileException, zipfile.BadZipFile, zlib.error, KeyError)
    damaged += (ValueError, TypeError, OSError, EOFError, SyntaxError)
    stream.seek(0)
    open_zip_checked(stream, max_total_bytes=XLSX_MAX_UNCOMPRESSED).close()
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except damaged as error:
        raise _xlsx_error(error) from error
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet in names:
            worksheet = workbook[sheet]
        elif workbook.worksheets:
            worksheet = workbook.worksheets[0]
        else:
            raise _xlsx_error()
        cells = ([_cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True))
        rows = (row[: _last_filled(row)] for row in cells)
        return _paginate(
            rows, page=page, per_page=per_page, max_rows=max_rows, encoding=None, sheet_names=names
        )
    except PreviewError:
        raise
    except damaged as error:
        raise _xlsx_error(error) from error
    finally:
        workbook.close()


def _last_filled(row: list[str]) -> int:
    # Formatting can stretch a sheet to column XFD; the empty cells at the end are not data.
    for index in range(len(row), 0, -1):
        if row[index - 1].strip():
            return index
    return 0
