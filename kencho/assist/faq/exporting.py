"""A collection's entries as CSV (UTF-8 with BOM for Excel, or CP932 on request) or xlsx, in the
layout of columns.py, so that an export can be edited and imported again."""

from __future__ import annotations

import csv
import io

from .columns import export_headers
from .models import FaqCollection, FaqEntry


def _table(collection: FaqCollection) -> list[list[str]]:
    entries = list(
        FaqEntry.objects.filter(collection=collection)
        .select_related("category")
        .prefetch_related("translations")
        .order_by("position", "id")
    )
    languages = sorted({t.language for e in entries for t in e.translations.all()})
    rows = [export_headers(languages)]
    for entry in entries:
        translations = {t.language: t for t in entry.translations.all()}
        row = [
            entry.key,
            entry.category.name_ja if entry.category else "",
            entry.question,
            entry.answer,
            "\n".join(entry.alternative_questions or []),
            entry.easy_question,
            entry.easy_answer,
            "1" if entry.is_active else "0",
        ]
        for code in languages:
            translation = translations.get(code)
            row += [translation.question, translation.answer] if translation else ["", ""]
        rows.append(row)
    return rows


def collection_csv(collection: FaqCollection, *, encoding: str = "utf-8-sig") -> bytes:
    """CSV bytes. With "cp932", characters Shift_JIS lacks become 〓 (the usual sign for it)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(_table(collection))
    if encoding.lower() in {"cp932", "shift_jis", "sjis"}:
        return "".join(ch if _in_cp932(ch) else "〓" for ch in buffer.getvalue()).encode("cp932")
    return buffer.getvalue().encode("utf-8-sig")


def _in_cp932(character: str) -> bool:
    try:
        character.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def collection_xlsx(collection: FaqCollection) -> bytes:
    from openpyxl import Workbook  # imported here: only exports need it

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = collection.slug[:31]
    for row in _table(collection):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
