import csv
import datetime
import io
import os
import tracemalloc
import zipfile

import openpyxl
import pytest

from kencho.opendata.tabular import (
    PreviewError,
    detect_encoding,
    numeric_columns,
    open_zip_checked,
    parse_number,
    table_page,
)

HEADERS = ["施設名", "所在地", "緯度", "経度"]
ROWS = [
    ["三重県庁", "津市広明町13番地", "34.730283", "136.508588"],
    ["髙田本山専修寺①", "津市一身田町2819", "34.7792", "136.5153"],
    ["㈱みえ交流センター", "四日市市諏訪町1-5", "34.9652", "136.6245"],
]


def _csv(rows, *, delimiter=",", encoding="utf-8", bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


def _xlsx(sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _assert_bilingual(error, code):
    assert error.value.code == code
    assert error.value.message["ja"] and error.value.message["en"]
    assert error.value.message_in("en") == error.value.message["en"]
    assert error.value.message_in("ja-JP") == error.value.message["ja"]


def test_cp932_csv_with_nec_and_ibm_extensions_is_read_as_cp932():
    page = table_page(_csv([HEADERS, *ROWS], encoding="cp932"), filename="施設一覧.csv")

    assert page.encoding == "cp932"
    assert page.headers == HEADERS
    assert page.rows == ROWS
    assert (page.total_rows, page.page, page.pages, page.delimiter) == (3, 1, 1, ",")


@pytest.mark.parametrize(("bom", "expected"), [(True, "utf-8-sig"), (False, "utf-8")])
def test_utf8_with_or_without_bom_gives_clean_headers(bom, expected):
    page = table_page(_csv([HEADERS, *ROWS], bom=bom), format="CSV")

    assert page.encoding == expected
    assert page.headers[0] == "施設名"
    assert page.rows[1][0] == "髙田本山専修寺①"


def test_euc_jp_is_told_apart_from_cp932():
    rows = [["名称", "住所"], ["伊勢神宮", "伊勢市宇治館町1"], ["鳥羽水族館", "鳥羽市鳥羽3-3-6"]]

    page = table_page(_csv(rows, encoding="euc_jp"))

    assert page.encoding == "euc_jp"
    assert page.rows[0] == ["伊勢神宮", "伊勢市宇治館町1"]


def test_a_few_words_of_shift_jis_are_read_as_cp932():
    assert detect_encoding("名前\n津\n".encode("cp932")) == "cp932"


def test_excel_unicode_text_in_utf16_is_read():
    page = table_page(("\ufeff" + "名称\t人口\n津市\t274000\n").encode("utf-16-le"))

    assert page.encoding == "utf-16"
    assert page.delimiter == "\t"
    assert page.rows == [["津市", "274000"]]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiter_is_sniffed(delimiter):
    rows = [["名称", "金額", "備考"], ["A", "1,234", "x;y"], ["B", "5", "z"]]

    page = table_page(_csv(rows, delimiter=delimiter))

    assert page.delimiter == delimiter
    assert page.rows == rows[1:]


def test_quoted_delimiters_and_newlines_stay_inside_their_cell():
    rows = [["名称", "説明"], ["津城跡", "藤堂高虎が改修,\n石垣が残る"], ["偕楽公園", "桜"]]

    page = table_page(_csv(rows))

    assert page.delimiter == ","
    assert page.rows == rows[1:]


def test_tsv_name_says_tab_even_when_cells_hold_commas():
    data = "名称\t金額\nA,B\t1,234\n".encode()

    assert table_page(data, filename="data.tsv").rows == [["A,B", "1,234"]]
    assert table_page(data, format="TSV").delimiter == "\t"


def test_ragged_rows_are_padded_to_the_widest_row():
    data = b"a,b,c\n1\n1,2,3,4\n"

    page = table_page(data)

    assert page.headers == ["a", "b", "c", ""]
    assert page.rows == [["1", "", "", ""], ["1", "2", "3", "4"]]


def test_blank_lines_and_rows_of_empty_cells_are_not_counted():
    data = "\n\n名称,値\n津,1\n\n,,\n伊勢,2\n,\n".encode()

    page = table_page(data)

    assert page.headers == ["名称", "値"]
    assert page.rows == [["津", "1"], ["伊勢", "2"]]
    assert page.total_rows == 2


def test_pages_count_every_row_and_return_only_the_requested_one():
    rows = [["番号"]] + [[str(n)] for n in range(1, 124)]

    second = table_page(_csv(rows), page=2, per_page=50)
    beyond = table_page(_csv(rows), page=99, per_page=50)

    assert (second.total_rows, second.pages, second.page) == (123, 3, 2)
    assert second.rows[0] == ["51"] and second.rows[-1] == ["100"]
    assert (beyond.page, beyond.rows) == (3, [[str(n)] for n in range(101, 124)])


def test_per_page_is_bounded():
    rows = [["n"]] + [[str(n)] for n in range(1000)]

    assert len(table_page(_csv(rows), per_page=10_000).rows) == 500
    assert len(table_page(_csv(rows), per_page=0).rows) == 1


def test_counting_stops_at_max_rows_and_says_so():
    rows = [["n"]] + [[str(n)] for n in range(100)]

    page = table_page(_csv(rows), max_rows=40, page=5, per_page=10)

    assert page.total_rows == 40
    assert page.rows_capped
    assert page.pages == 4
    assert page.rows[0] == ["30"]


def _peak_memory_of_a_page(rows):
    line = "三重県津市広明町13番地,34.730283,136.508588,備考備考備考備考備考\n"
    data = ("所在地,緯度,経度,備考\n" + line * rows).encode()
    tracemalloc.start()
    try:
        page = table_page(data, page=3)
        return page, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_for_a_page_does_not_grow_with_the_file():
    small_page, small_peak = _peak_memory_of_a_page(15_000)  # 1.3 MB, beyond the 1 MiB sample
    large_page, large_peak = _peak_memory_of_a_page(60_000)  # 5 MB

    assert (small_page.total_rows, large_page.total_rows) == (15_000, 60_000)
    assert large_peak < small_peak * 1.1 + 256 * 1024
    assert large_peak < 6 * 1024 * 1024


def test_caller_stream_is_read_from_the_start_and_left_open():
    stream = io.BytesIO(_csv([HEADERS, *ROWS], encoding="cp932"))
    stream.seek(10)

    page = table_page(stream)

    assert page.rows == ROWS
    assert not stream.closed


def test_huge_cells_and_columns_are_clipped_for_the_preview():
    wide = [[f"c{n}" for n in range(300)], ["x" * 5000] + ["1"] * 299]

    page = table_page(_csv(wide))

    assert len(page.headers) == 200 and page.columns_capped
    assert page.rows[0][0] == "x" * 1000 + "…"


def test_xlsx_first_sheet_with_sheet_names_and_plain_values():
    data = _xlsx(
        {
            "施設": [
                ["施設名", "定員", "開設日", "面積", None],
                ["県立図書館", 120, datetime.datetime(1994, 4, 1), 1234.5],
                ["総合文化センター", 3.0, datetime.date(1994, 10, 1), None],
                [None, None, None, None],
            ],
            "注記": [["出典", "三重県"]],
        }
    )

    page = table_page(data, filename="shisetsu.xlsx")
    notes = table_page(data, sheet="注記")

    assert page.encoding is None
    assert page.sheet_names == ["施設", "注記"]
    assert page.headers == ["施設名", "定員", "開設日", "面積"]
    assert page.rows == [
        ["県立図書館", "120", "1994-04-01", "1234.5"],
        ["総合文化センター", "3", "1994-10-01", ""],
    ]
    assert page.total_rows == 2
    assert notes.headers == ["出典", "三重県"] and notes.total_rows == 0


@pytest.mark.parametrize("data", [b"", b"  \r\n\n  "])
def test_empty_file_is_refused(data):
    with pytest.raises(PreviewError) as error:
        table_page(data)
    _assert_bilingual(error, "empty")


def test_only_a_header_row_is_fine_but_nothing_at_all_is_not():
    assert table_page("名称,値\n".encode()).total_rows == 0
    with pytest.raises(PreviewError) as error:
        table_page(b"\xef\xbb\xbf\r\n,,\r\n")
    _assert_bilingual(error, "no_rows")


def test_binary_garbage_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(PreviewError) as error:
        table_page(png, filename="image.csv")
    _assert_bilingual(error, "binary")


def test_random_bytes_without_nul_are_refused():
    noise = bytes(b for b in os.urandom(20_000) if b)
    with pytest.raises(PreviewError) as error:
        table_page(noise)
    assert error.value.code in {"binary", "encoding"}


def test_broken_utf8_after_a_bom_names_the_encodings_to_use():
    with pytest.raises(PreviewError) as error:
        table_page(b"\xef\xbb\xbf\xe6\x96\xbd,a\n\xff\xfe\x80,b\n")
    _assert_bilingual(error, "encoding")
    assert "Shift_JIS" in error.value.message["ja"] and "UTF-8" in error.value.message["en"]


def test_broken_xlsx_zip_is_refused():
    data = _xlsx({"a": [["x"]]})
    with pytest.raises(PreviewError) as error:
        table_page(data[: len(data) // 2], filename="a.xlsx")
    assert error.value.code in {"not_zip", "xlsx_broken"}
    assert error.value.message["ja"] and error.value.message["en"]


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(PreviewError) as error:
        table_page(buffer.getvalue(), filename="a.xlsx")
    _assert_bilingual(error, "xlsx_broken")


def test_old_xls_is_refused_with_what_to_do():
    with pytest.raises(PreviewError) as error:
        table_page(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, filename="a.xls")
    _assert_bilingual(error, "xls")
    assert ".xlsx" in error.value.message["en"]


def test_cell_beyond_the_csv_field_limit_is_reported_with_its_line():
    data = ("a,b\n1,2\n" + '"' + "x" * 200_000 + '",3\n').encode()
    with pytest.raises(PreviewError) as error:
        table_page(data)
    _assert_bilingual(error, "csv_malformed")
    assert "Line 3" in error.value.message["en"]


def test_zip_checks_refuse_a_bomb_inside_an_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(PreviewError) as error:
        table_page(buffer.getvalue())
    _assert_bilingual(error, "zip_bomb")


def test_open_zip_checked_returns_an_open_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")

    with open_zip_checked(buffer, max_total_bytes=10) as archive:
        assert archive.read("a.txt") == b"x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", 1234.0),
        ("１２３", 123.0),
        ("１，２３４．５", 1234.5),
        ("▲5", -5.0),
        ("△1,200", -1200.0),
        ("−3.5", -3.5),
        ("12.5%", 12.5),
        (" 42 ", 42.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("1,23", None),
        ("12-34", None),
        ("-", None),
        ("abc", None),
        ("", None),
        ("nan", None),
    ],
)
def test_parse_number_reads_japanese_statistics(text, expected):
    assert parse_number(text) == expected


def test_numeric_columns_need_ninety_percent_of_filled_cells():
    headers = ["市町名", "人口", "増減", "割合", "備考", "空", "コード"]
    rows = [
        ["津市", "274,537", "▲1,234", "12.5%", "県庁所在地", "", "24201"],
        ["四日市市", "３０５，４２４", "△12", "10%", "1", "", "24202"],
        ["伊勢市", "122,765", "-", "x", "要確認", "", "24203"],
        ["松阪市", "159,000", "35", "…", "3", "", "24204"],
        ["桑名市", "139,000", "7", "χ", "4", "", "24205"],
        ["鈴鹿市", "196,000", "8", "", "5", "", "24206"],
        ["名張市", "76,000", "9", "", "6", "", "24207"],
        ["尾鷲市", "17,000", "10", "", "7", "", "24208"],
        ["亀山市", "49,000", "11", "", "8", "", "24210"],
        ["鳥羽市", "17,500", "12", "", "9", "", "24211"],
    ]

    assert numeric_columns(headers, rows) == [1, 2, 3, 6]


def test_numeric_columns_ignore_cells_beyond_the_headers():
    assert numeric_columns(["a"], [["1", "2", "3"], ["4"]]) == [0]
