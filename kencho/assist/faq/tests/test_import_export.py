from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from kencho.assist.faq.exporting import collection_csv, collection_xlsx
from kencho.assist.faq.importing import FaqImportError, entries_import
from kencho.assist.faq.models import FaqCollection, FaqEntry

HEADER = "key,category,question,answer,alternative_questions,active,question_en,answer_en\r\n"


def _csv(*rows: str, header: str = HEADER) -> str:
    return header + "".join(row + "\r\n" for row in rows)


def test_csv_with_bom_creates_entries_with_alternatives_and_translations(
    tax_collection: FaqCollection,
) -> None:
    data = _csv(
        'vpn,テレワーク,VPNに接続できない,"再起動してください。","VPNがつながらない\nリモート接続エラー",1,'
        "I cannot connect to the VPN,Restart the PC."
    ).encode("utf-8-sig")
    report = entries_import(collection=tax_collection, name="faq.csv", data=data, embed=False)
    assert (report.created, report.updated, report.deleted) == (1, 0, 0)
    entry = FaqEntry.objects.get(collection=tax_collection, key="vpn")
    assert entry.alternative_questions == ["VPNがつながらない", "リモート接続エラー"]
    assert entry.answer == "<p>再起動してください。</p>"
    assert entry.category is not None and entry.category.name_ja == "テレワーク"
    assert entry.translations.get(language="en").question == "I cannot connect to the VPN"


def test_cp932_csv_with_japanese_headers_is_read(tax_collection: FaqCollection) -> None:
    data = "キー,質問,回答,公開\r\nmoving,引越しの手続き,住所を変えてください。,いいえ\r\n".encode("cp932")
    report = entries_import(collection=tax_collection, name="faq.csv", data=data, embed=False)
    assert (report.created, report.updated) == (0, 1)
    entry = FaqEntry.objects.get(collection=tax_collection, key="moving")
    assert entry.question == "引越しの手続き"
    assert entry.is_active is False


def test_bad_rows_are_refused_whole_with_row_and_column_in_both_languages(
    tax_collection: FaqCollection,
) -> None:
    data = _csv(
        "new-one,,質問,回答,,1,,",
        "Bad Key,,質問,回答,,1,,",
        "new-one,,,回答,,maybe,Question only,",
    ).encode()
    with pytest.raises(FaqImportError) as raised:
        entries_import(collection=tax_collection, name="faq.csv", data=data, embed=False)
    messages = [str(p) for p in raised.value.problems]
    assert any("3行目「key」列" in m and "row 3, column 'key'" in m for m in messages)
    assert any("4行目「key」列" in m and "same key as row 2" in m for m in messages)
    assert any("4行目「question」列" in m and "empty" in m for m in messages)
    assert any("4行目「active」列" in m for m in messages)
    assert any("4行目「answer_en」列" in m for m in messages)
    assert not FaqEntry.objects.filter(key="new-one").exists()


def test_missing_and_unknown_columns_are_named(tax_collection: FaqCollection) -> None:
    with pytest.raises(FaqImportError) as raised:
        entries_import(
            collection=tax_collection, name="f.csv", data="key,質問,colour\r\na,b,c\r\n".encode(), embed=False
        )
    messages = [str(p) for p in raised.value.problems]
    assert any("「colour」列" in m and "Unknown column" in m for m in messages)
    assert any("「answer」列" in m and "required column is missing" in m for m in messages)


def test_undecodable_file_gets_a_clear_error(tax_collection: FaqCollection) -> None:
    with pytest.raises(FaqImportError, match="UTF-8"):
        entries_import(collection=tax_collection, name="f.csv", data=b"\x81\xff\xfe\x80" * 10, embed=False)


def test_broken_xlsx_gets_a_clear_error(tax_collection: FaqCollection) -> None:
    with pytest.raises(FaqImportError, match="xlsx"):
        entries_import(collection=tax_collection, name="f.xlsx", data=b"PK\x03\x04broken", embed=False)


def test_xlsx_export_imports_back_unchanged(tax_collection: FaqCollection) -> None:
    before = collection_csv(tax_collection)
    data = collection_xlsx(tax_collection)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:4] == [
        "key",
        "category",
        "question",
        "answer",
    ]
    entries_import(collection=tax_collection, name="faq.xlsx", data=data, embed=False)
    assert collection_csv(tax_collection) == before


def test_csv_export_has_bom_translations_and_easy_japanese(tax_collection: FaqCollection) -> None:
    text = collection_csv(tax_collection).decode("utf-8")
    assert text.startswith("\ufeffkey,category,question,answer,")
    assert "question_en" in text and "How do I apply for the real estate tax reduction?" in text
    assert "税金を はらった 証明は どこで もらえますか" in text
    assert "〓" not in collection_csv(tax_collection, encoding="cp932").decode("cp932")


def test_replace_deletes_entries_missing_from_the_file(tax_collection: FaqCollection) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["キー", "質問", "回答"])
    sheet.append(["moving", "引っ越しの手続き", "住所を変更してください。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = entries_import(
        collection=tax_collection, name="faq.xlsx", data=buffer.getvalue(), replace=True, embed=False
    )
    assert report.deleted == 2
    assert list(FaqEntry.objects.filter(collection=tax_collection).values_list("key", flat=True)) == [
        "moving"
    ]


def test_import_command_reports_counts_and_embeds_with_progress(
    tax_collection: FaqCollection, tmp_path: Path
) -> None:
    path = tmp_path / "faq.csv"
    path.write_bytes(_csv("vpn,,VPNに接続できない,再起動してください。,,1,,").encode("utf-8-sig"))
    out = io.StringIO()
    call_command("faq_import", str(path), "--collection", "tax", stdout=out)
    text = out.getvalue()
    assert "1 created, 0 updated, 0 deleted" in text
    assert "tax: embedding: 1/1 (100%" in text
    assert FaqEntry.objects.get(key="vpn").embedding.texts == ["VPNに接続できない"]


def test_import_command_prints_every_problem_and_fails(tax_collection: FaqCollection, tmp_path: Path) -> None:
    path = tmp_path / "faq.csv"
    path.write_bytes(_csv("Bad,,,回答,,1,,").encode())
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("faq_import", str(path), "--collection", "tax", stderr=err)
    assert "2行目「key」列" in err.getvalue()
    with pytest.raises(CommandError, match="no collection"):
        call_command("faq_import", str(path), "--collection", "nope")
