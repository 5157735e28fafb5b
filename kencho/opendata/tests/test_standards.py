import csv
import io
import json
import subprocess
import sys

import pytest
from django.utils import translation

from kencho.opendata.standards import (
    STANDARD_DATASETS,
    UnknownStandard,
    get_standard_dataset,
    standard_dataset_choices,
)
from kencho.opendata.standards.headers import HeaderGeneration, header_key, match_header
from kencho.opendata.standards.schema import load_standard_schema
from kencho.opendata.standards.validation import validate_standard_csv

DISASTERS = "災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,"
DISASTERS += "災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象"
ADDRESS = "所在地_全国地方公共団体コード,町字ID,所在地_連結表記,所在地_都道府県,所在地_市区町村,所在地_町字,"
ADDRESS += "所在地_番地以下,建物名等(方書)"
HEAD = "全国地方公共団体コード,ID,地方公共団体名"
LEGACY_HEAD = "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名"


def header(*parts):
    return ",".join(parts).split(",")


# The first line of files made from the Digital Agency's current templates (自治体標準オープンデータセット).
CURRENT_HEADERS = {
    "aed": header(
        HEAD,
        "名称,名称_カナ,名称_英字",
        ADDRESS,
        "緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間",
        "利用可能日時特記事項,小児対応設備の有無,画像,画像_ライセンス,URL,備考",
    ),
    "evacuation_site": header(
        HEAD,
        "名称,名称_カナ,名称_英字",
        ADDRESS,
        "緯度,経度,標高,電話番号,内線番号",
        DISASTERS,
        "指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,備考",
    ),
    # The first Digital Agency templates still had 住所 and 方書.
    "public_facility": header(
        HEAD,
        "名称,名称_カナ,名称_英字,名称_通称,POIコード,住所,方書,緯度,経度,電話番号,内線番号,法人番号,団体名",
        "利用可能曜日,開始時間,終了時間,利用可能日時特記事項,説明,バリアフリー情報,画像,画像_ライセンス,URL,備考",
    ),
    "childcare_facility": header(
        HEAD,
        "名称,名称_カナ,名称_英字,種別",
        ADDRESS,
        "緯度,経度,アクセス方法,駐車場情報,電話番号,内線番号,FAX番号,法人番号,団体名,認可等年月日,収容定員",
        "受入年齢,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,一時預かりの有無,URL,備考",
    ),
    "tourist_facility": header(
        HEAD,
        "名称,名称_カナ,名称_英字,POIコード",
        ADDRESS,
        "緯度,経度,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,料金(基本),料金(詳細),説明,説明_英字",
        "アクセス方法,駐車場情報,バリアフリー情報,連絡先名称,連絡先電話番号,連絡先内線番号,画像,画像_ライセンス",
        "URL,備考",
    ),
    "event": header(
        HEAD,
        "イベント名,イベント名_カナ,イベント名_英字,開始日,終了日,開始時間,終了時間,開始日時特記事項,説明",
        "料金(基本),料金(詳細),連絡先名称,連絡先電話番号,連絡先内線番号,主催者,場所名称",
        ADDRESS,
        "緯度,経度,アクセス方法,駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,画像,画像_ライセンス",
        "URL,備考",
    ),
}

# The first line of files made from the 推奨データセット templates (政府CIOポータル, 2017–2020).
LEGACY_HEADERS = {
    "aed": header(
        LEGACY_HEAD,
        "名称,名称_カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間",
        "終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考",
    ),
    "evacuation_site": header(
        "NO,名称,名称_カナ,住所,方書,緯度,経度,標高,電話番号,内線番号,市区町村コード,都道府県名,市区町村名",
        DISASTERS,
        "指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,備考",
    ),
    "public_facility": header(
        LEGACY_HEAD,
        "名称,名称_カナ,名称_通称,POIコード,住所,方書,緯度,経度,電話番号,内線番号,法人番号,団体名,利用可能曜日",
        "開始時間,終了時間,利用可能日時特記事項,説明,バリアフリー情報,URL,備考",
    ),
    "childcare_facility": header(
        LEGACY_HEAD,
        "名称,名称_カナ,種別,住所,方書,緯度,経度,アクセス方法,駐車場情報,電話番号,内線番号,FAX番号,法人番号",
        "団体名,認可等年月日,収容定員,受入年齢,利用可能曜日,開始時間,終了時間,利用可能日時特記事項",
        "一時預かりの有無,URL,備考",
    ),
    # Published files spell the fee columns with full-width brackets as often as with half-width ones.
    "tourist_facility": header(
        LEGACY_HEAD,
        "名称,名称_カナ,名称_英語,POIコード,住所,方書,緯度,経度,利用可能曜日,開始時間,終了時間",
        "利用可能日時特記事項,料金（基本）,料金（詳細）,説明,説明_英語,アクセス方法,駐車場情報,バリアフリー情報",
        "連絡先名称,連絡先電話番号,連絡先内線番号,画像,画像_ライセンス,URL,備考",
    ),
    "event": header(
        LEGACY_HEAD,
        "イベント名,イベント名_カナ,イベント名_英語,開始日,終了日,開始時間,終了時間,開始日時特記事項,説明",
        "料金(基本),料金(詳細),連絡先名称,連絡先電話番号,連絡先内線番号,主催者,場所名称,住所,方書,緯度,経度",
        "アクセス方法,駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,URL,備考",
    ),
}

TSU = {"全国地方公共団体コード": "242012", "地方公共団体名": "三重県津市"}
TSU_LEGACY = {"都道府県コード又は市区町村コード": "242012", "都道府県名": "三重県", "市区町村名": "津市"}

# One real-looking record per standard, under current column names (legacy names are mapped below).
RECORDS = {
    "aed": TSU
    | {
        "ID": "1",
        "名称": "津市役所",
        "名称_カナ": "ツシヤクショ",
        "名称_英字": "Tsu City Hall",
        "所在地_全国地方公共団体コード": "242012",
        "所在地_連結表記": "三重県津市西丸之内23番1号",
        "所在地_都道府県": "三重県",
        "所在地_市区町村": "津市",
        "所在地_町字": "西丸之内",
        "所在地_番地以下": "23番1号",
        "建物名等(方書)": "本庁舎",
        "緯度": "34.7303",
        "経度": "136.5086",
        "設置位置": "1階 正面玄関ホール",
        "電話番号": "059-229-3111",
        "法人番号": "7000020242012",
        "団体名": "津市",
        "利用可能曜日": "月火水木金",
        "開始時間": "08:30",
        "終了時間": "17:15",
        "利用可能日時特記事項": "祝日・年末年始を除く",
        "小児対応設備の有無": "有",
        "URL": "https://www.info.city.tsu.mie.jp/",
    },
    "evacuation_site": TSU
    | {
        "ID": "E-001",
        "名称": "津市産業・スポーツセンター",
        "名称_カナ": "ツシサンギョウ・スポーツセンター",
        "所在地_連結表記": "三重県津市北河路町19番1",
        "緯度": "34.7440",
        "経度": "136.4913",
        "標高": "12.5",
        "電話番号": "059-253-6600",
        "災害種別_洪水": "1",
        "災害種別_地震": "1",
        "災害種別_大規模な火事": "1",
        "指定避難所との重複": "1",
        "想定収容人数": "3000",
        "対象となる町会・自治会": "北河路町;河辺町",
    },
    "public_facility": {"全国地方公共団体コード": "240001", "地方公共団体名": "三重県"}
    | {
        "ID": "2400010001",
        "名称": "三重県総合文化センター",
        "名称_カナ": "ミエケンソウゴウブンカセンター",
        "名称_英字": "Mie Center for the Arts",
        "住所": "三重県津市一身田上津部田1234",
        "緯度": "34.7560",
        "経度": "136.5150",
        "電話番号": "059-233-1111",
        "開始時間": "09:00",
        "終了時間": "22:00",
        "バリアフリー情報": "車椅子使用者用駐車場;多機能トイレ",
        "URL": "https://www.center-mie.or.jp/",
    },
    "childcare_facility": TSU
    | {
        "ID": "C-12",
        "名称": "津市立中央保育園",
        "名称_カナ": "ツシリツ　チュウオウホイクエン",
        "種別": "認可公立保育所",
        "所在地_連結表記": "三重県津市中央1番1号",
        "緯度": "34.7190",
        "経度": "136.5110",
        "電話番号": "059-228-0000",
        "FAX番号": "059-228-0001",
        "認可等年月日": "1975-04-01",
        "収容定員": "120",
        "受入年齢": "生後6か月から5歳",
        "開始時間": "07:30",
        "終了時間": "19:00",
        "一時預かりの有無": "無",
    },
    "tourist_facility": {"全国地方公共団体コード": "242039", "地方公共団体名": "三重県伊勢市"}
    | {
        "ID": "T-1",
        "名称": "おはらい町",
        "名称_カナ": "オハライマチ",
        "名称_英字": "Oharai-machi",
        "所在地_連結表記": "三重県伊勢市宇治中之切町",
        "緯度": "34.4615",
        "経度": "136.7235",
        "料金(基本)": "0",
        "説明": "内宮の門前町。",
        "連絡先電話番号": "0596-28-3705",
        "画像": "https://example.jp/oharai.jpg",
        "画像_ライセンス": "CC BY 4.0",
    },
    "event": {"全国地方公共団体コード": "242021", "地方公共団体名": "三重県四日市市"}
    | {
        "ID": "EV-2025-08",
        "イベント名": "大四日市まつり",
        "イベント名_カナ": "ダイヨッカイチマツリ",
        "開始日": "2025-08-02",
        "終了日": "2025-08-03",
        "開始時間": "10:00",
        "終了時間": "21:00",
        "料金(基本)": "0",
        "連絡先電話番号": "059-354-8176",
        "場所名称": "四日市市中心市街地",
        "所在地_連結表記": "三重県四日市市諏訪栄町",
        "緯度": "34.9656",
        "経度": "136.6244",
        "定員": "500",
        "参加申込終了日": "2025-07-15",
        "参加申込終了時間": "17:00",
    },
}

LEGACY_NAMES = {
    "全国地方公共団体コード": "都道府県コード又は市区町村コード",
    "ID": "NO",
    "名称_英字": "名称_英語",
    "所在地_連結表記": "住所",
    "建物名等(方書)": "方書",
    "料金(基本)": "料金（基本）",
    "イベント名_英字": "イベント名_英語",
}


def legacy_record(standard_id):
    record = {LEGACY_NAMES.get(name, name): value for name, value in RECORDS[standard_id].items()}
    record.pop("地方公共団体名")
    record |= {"都道府県名": "三重県", "市区町村名": RECORDS[standard_id]["地方公共団体名"][3:]}
    if standard_id == "evacuation_site":
        record["市区町村コード"] = record.pop("都道府県コード又は市区町村コード")
    return record


def make_csv(columns, records, *, encoding="utf-8"):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([record.get(name, "") for name in columns])
    return text.getvalue().encode(encoding)


def aed_csv(*changes, encoding="utf-8"):
    """An AED file with one record per change, each the clean record with those cells replaced."""
    records = [
        RECORDS["aed"] | {"ID": str(number)} | change for number, change in enumerate(changes, start=1)
    ]
    return make_csv(CURRENT_HEADERS["aed"], records, encoding=encoding)


def only(report, code):
    """The errors and warnings of one code."""
    return [problem for problem in report.errors + report.warnings if problem.code == code]


def single_error(data, standard_id="aed"):
    report = validate_standard_csv(data, standard_id)
    assert len(report.errors) == 1, [problem.as_dict() for problem in report.errors]
    return report.errors[0]


# The registry


def test_registry_has_the_six_standards_with_a_schema_file_each():
    assert set(STANDARD_DATASETS) == set(CURRENT_HEADERS)
    for standard in STANDARD_DATASETS.values():
        assert standard.schema_path.is_file()


@pytest.mark.parametrize("standard_id", sorted(STANDARD_DATASETS))
def test_each_schema_is_a_table_schema_that_frictionless_accepts(standard_id):
    from frictionless import Schema

    schema = load_standard_schema(standard_id)
    frictionless_schema = Schema.from_descriptor(dict(schema.descriptor))
    assert frictionless_schema.field_names == [field.name for field in schema.fields]
    assert schema.descriptor["title"] == get_standard_dataset(standard_id).title_ja


@pytest.mark.parametrize("standard_id", sorted(STANDARD_DATASETS))
def test_no_two_names_of_a_schema_compare_equal_as_headers(standard_id):
    schema = load_standard_schema(standard_id)
    keys = [header_key(name) for field in schema.fields for name in (field.name, *field.legacy_names)]
    keys += [header_key(name) for field in schema.fields for name in field.aliases]
    assert len(keys) == len(set(keys))


def test_choices_are_titled_in_the_active_language():
    with translation.override("ja"):
        assert ("aed", "AED設置箇所一覧") in standard_dataset_choices()
    with translation.override("en"):
        assert ("event", "Events") in standard_dataset_choices()
    assert len(standard_dataset_choices()) == len(STANDARD_DATASETS)


def test_unknown_standard_is_refused():
    with pytest.raises(UnknownStandard):
        validate_standard_csv(b"a\n", "library")


# Clean files in both generations


@pytest.mark.parametrize("standard_id", sorted(STANDARD_DATASETS))
def test_clean_current_file_has_no_problems(standard_id):
    report = validate_standard_csv(
        make_csv(CURRENT_HEADERS[standard_id], [RECORDS[standard_id]]), standard_id
    )
    assert report.errors == []
    assert report.warnings == []
    assert report.is_valid
    assert report.header_generation == HeaderGeneration.CURRENT
    assert report.encoding == "utf-8"
    assert report.row_count == 1


@pytest.mark.parametrize("standard_id", sorted(STANDARD_DATASETS))
def test_clean_legacy_file_is_valid_with_a_warning_to_move_to_current_names(standard_id):
    data = make_csv(LEGACY_HEADERS[standard_id], [legacy_record(standard_id)])
    report = validate_standard_csv(data, standard_id)
    assert report.errors == []
    assert [warning.code for warning in report.warnings] == ["legacy_header"]
    assert report.header_generation == HeaderGeneration.LEGACY


def test_legacy_five_digit_code_is_a_warning_with_the_full_code():
    record = legacy_record("aed") | {"都道府県コード又は市区町村コード": "24201"}
    report = validate_standard_csv(make_csv(LEGACY_HEADERS["aed"], [record]), "aed")
    assert report.is_valid
    (warning,) = only(report, "local_government_code_missing_check_digit")
    assert (warning.row, warning.column) == (2, "都道府県コード又は市区町村コード")
    assert "242012" in warning.message["ja"]


def test_current_five_digit_code_is_an_error():
    error = single_error(aed_csv({"全国地方公共団体コード": "24201"}))
    assert error.code == "local_government_code_missing_check_digit"


def test_old_and_new_names_mixed_is_a_warning():
    header = ["全国地方公共団体コード", "NO", "名称", "住所", "設置位置"]
    record = RECORDS["aed"] | {"NO": "1", "住所": "三重県津市西丸之内23番1号"}
    report = validate_standard_csv(make_csv(header, [record]), "aed")
    assert report.header_generation == HeaderGeneration.MIXED
    assert report.is_valid
    (warning,) = only(report, "mixed_header")
    assert "「NO」" in warning.message["ja"]


@pytest.mark.parametrize(
    "label",
    [
        "名称_カナ",
        "名称（カナ）",
        "名称(カナ)",
        "名称 カナ",
        "名称　_カナ",
        " 名称_カナ ",
        "名称＿カナ",
        "名称_ｶﾅ",
    ],
)
def test_header_spelling_variants_are_the_same_column(label):
    schema = load_standard_schema("aed")
    (column,) = match_header([label], schema).columns
    assert column.field is not None
    assert column.field.name == "名称_カナ"


def test_full_width_and_lower_case_ascii_names_are_recognised():
    header = ["全国地方公共団体コード", "ｉｄ", "名称", "所在地", "設置位置", "ＵＲＬ"]
    report = validate_standard_csv(
        make_csv(header, [RECORDS["aed"] | {"ｉｄ": "1", "所在地": "津市", "ＵＲＬ": ""}]), "aed"
    )
    assert report.errors == []
    assert only(report, "unknown_column") == []


# Encodings


def test_shift_jis_file_is_read_and_reported_as_a_warning():
    report = validate_standard_csv(aed_csv({}, encoding="cp932"), "aed")
    assert report.encoding == "cp932"
    assert report.errors == []
    assert [warning.code for warning in report.warnings] == ["encoding_shift_jis"]


def test_shift_jis_legacy_file_as_excel_saves_it():
    data = make_csv(LEGACY_HEADERS["event"], [legacy_record("event")], encoding="cp932")
    report = validate_standard_csv(data, "event")
    assert report.is_valid
    assert {warning.code for warning in report.warnings} == {"encoding_shift_jis", "legacy_header"}


def test_bom_is_not_part_of_the_first_column_name():
    report = validate_standard_csv(aed_csv({}, encoding="utf-8-sig"), "aed")
    assert report.encoding == "utf-8-sig"
    assert report.errors == []
    assert report.warnings == []


def test_broken_utf8_byte_is_reported_with_its_line():
    data = aed_csv({}, {"ID": "2"}) + "津市".encode("cp932") + b"\r\n"
    error = single_error(data)
    assert (error.code, error.row) == ("invalid_utf8", 4)


def test_euc_jp_is_not_supported():
    error = single_error(aed_csv({}, encoding="euc_jp"))
    assert error.code == "unsupported_encoding"


def test_spreadsheet_file_is_not_text():
    error = single_error(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100))
    assert error.code == "not_text"


def test_empty_file():
    assert single_error(b"").code == "empty_file"


# The header row


def test_missing_required_columns_are_named_on_row_1():
    header = [name for name in CURRENT_HEADERS["aed"] if name not in {"名称", "設置位置"}]
    report = validate_standard_csv(make_csv(header, [RECORDS["aed"]]), "aed")
    missing = only(report, "missing_column")
    assert [(problem.row, problem.column) for problem in missing] == [(1, "名称"), (1, "設置位置")]
    assert "「名称」" in missing[0].message["ja"]


def test_missing_column_message_names_the_legacy_alternative():
    header = [name for name in CURRENT_HEADERS["aed"] if name != "全国地方公共団体コード"]
    report = validate_standard_csv(make_csv(header, [RECORDS["aed"]]), "aed")
    (missing,) = only(report, "missing_column")
    assert "都道府県コード又は市区町村コード" in missing.message["ja"]
    assert "都道府県コード又は市区町村コード" in missing.message["en"]


def test_evacuation_site_needs_every_disaster_column_even_when_blank():
    header = [name for name in CURRENT_HEADERS["evacuation_site"] if name != "災害種別_火山現象"]
    report = validate_standard_csv(make_csv(header, [RECORDS["evacuation_site"]]), "evacuation_site")
    assert [problem.column for problem in report.errors] == ["災害種別_火山現象"]


def test_extra_column_of_ones_own_is_a_warning():
    header = [*CURRENT_HEADERS["aed"], "設置年月日"]
    report = validate_standard_csv(make_csv(header, [RECORDS["aed"] | {"設置年月日": "2020-04-01"}]), "aed")
    assert report.is_valid
    (warning,) = only(report, "unknown_column")
    assert (warning.row, warning.column) == (1, "設置年月日")


def test_same_item_under_two_names_is_an_error():
    header = [*CURRENT_HEADERS["aed"], "住所"]
    error = single_error(make_csv(header, [RECORDS["aed"] | {"住所": "津市"}]))
    assert (error.code, error.row, error.column) == ("duplicate_column", 1, "住所")


def test_blank_column_name_is_a_warning():
    report = validate_standard_csv(make_csv([*CURRENT_HEADERS["aed"], ""], [RECORDS["aed"]]), "aed")
    assert report.is_valid
    (warning,) = only(report, "blank_column_name")
    assert str(len(CURRENT_HEADERS["aed"]) + 1) in warning.message["ja"]


# Cells, with the row counted as in a spreadsheet (header = row 1)


@pytest.mark.parametrize(
    ("change", "column", "code"),
    [
        ({"全国地方公共団体コード": "242013"}, "全国地方公共団体コード", "local_government_code_check_digit"),
        (
            {"全国地方公共団体コード": "２４２０１２"},
            "全国地方公共団体コード",
            "local_government_code_format",
        ),
        ({"全国地方公共団体コード": "992011"}, "全国地方公共団体コード", "local_government_code_prefecture"),
        ({"全国地方公共団体コード": "11002"}, "全国地方公共団体コード", "local_government_code_leading_zero"),
        (
            {"所在地_全国地方公共団体コード": "242010"},
            "所在地_全国地方公共団体コード",
            "local_government_code_check_digit",
        ),
        ({"名称": ""}, "名称", "required_value"),
        ({"ID": ""}, "ID", "required_value"),
        ({"名称_カナ": "津市役所"}, "名称_カナ", "katakana_invalid"),
        ({"名称_カナ": "TSU"}, "名称_カナ", "katakana_invalid"),
        ({"名称_カナ": "つしやくしょ"}, "名称_カナ", "katakana_not_full_width"),
        ({"名称_カナ": "ﾂｼﾔｸｼｮ"}, "名称_カナ", "katakana_not_full_width"),
        ({"緯度": "34°43'49\""}, "緯度", "invalid_number"),
        ({"緯度": "0"}, "緯度", "latitude_out_of_range"),
        ({"経度": "16.5086"}, "経度", "longitude_out_of_range"),
        ({"経度": ""}, "経度", "coordinates_incomplete"),
        ({"電話番号": "059-229-311"}, "電話番号", "invalid_phone"),
        ({"法人番号": "8000020242012"}, "法人番号", "invalid_corporate_number"),
        ({"開始時間": "8時半"}, "開始時間", "invalid_time"),
        ({"終了時間": "25:00"}, "終了時間", "invalid_time"),
        ({"小児対応設備の有無": "あり"}, "小児対応設備の有無", "invalid_choice"),
        ({"URL": "www.info.city.tsu.mie.jp"}, "URL", "invalid_url"),
        ({"画像": "javascript:alert(1)"}, "画像", "invalid_url"),
    ],
)
def test_each_cell_problem_has_its_row_column_and_code(change, column, code):
    report = validate_standard_csv(aed_csv({}, change), "aed")
    assert [(problem.row, problem.column, problem.code) for problem in report.errors] == [(3, column, code)]
    (error,) = report.errors
    assert error.message["ja"] and error.message["en"]


def test_swapped_latitude_and_longitude_get_a_message_of_their_own():
    error = single_error(aed_csv({"緯度": "136.5086", "経度": "34.7303"}))
    assert (error.code, error.row, error.column) == ("coordinates_swapped", 2, "緯度")
    assert "「緯度」に 34.7303" in error.message["ja"]
    assert "swapped" in error.message["en"]


def test_check_digit_message_gives_the_code_the_first_five_digits_make():
    error = single_error(aed_csv({"全国地方公共団体コード": "242013"}))
    assert "242012" in error.message["ja"]
    assert error.value == "242013"


def test_leading_zero_lost_by_a_spreadsheet_is_restored_in_the_message():
    error = single_error(aed_csv({"全国地方公共団体コード": "11002"}))
    assert "011002" in error.message["ja"]


@pytest.mark.parametrize(
    "kana", ["ツシヤクショ", "ツシ ヤクショ", "ツシ　ヤクショ", "エーイーディー・センター", "ヴァイオリン"]
)
def test_katakana_with_long_vowel_middle_dot_and_spaces_is_accepted(kana):
    assert validate_standard_csv(aed_csv({"名称_カナ": kana}), "aed").errors == []


def test_hiragana_message_suggests_the_katakana():
    error = single_error(aed_csv({"名称_カナ": "つしやくしょ"}))
    assert "ツシヤクショ" in error.message["ja"]


def test_full_width_phone_number_is_a_warning_with_the_half_width_form():
    report = validate_standard_csv(aed_csv({"電話番号": "０５９－２２９－３１１１"}), "aed")
    assert report.is_valid
    (warning,) = only(report, "phone_not_half_width")
    assert "059-229-3111" in warning.message["ja"]


def test_duplicate_id_names_the_first_row():
    report = validate_standard_csv(aed_csv({}, {"名称": "津市本庁舎別館", "ID": "1"}), "aed")
    (error,) = report.errors
    assert (error.code, error.row, error.column, error.value) == ("duplicate_id", 3, "ID", "1")
    assert "2行目" in error.message["ja"]


def test_same_id_in_two_local_governments_is_not_a_duplicate():
    other = {
        "全国地方公共団体コード": "242021",
        "地方公共団体名": "三重県四日市市",
        "所在地_全国地方公共団体コード": "",
    }
    assert validate_standard_csv(aed_csv({}, other), "aed").errors == []


def test_event_date_must_be_iso_and_the_message_shows_it():
    data = make_csv(CURRENT_HEADERS["event"], [RECORDS["event"] | {"開始日": "令和7年8月2日"}])
    error = single_error(data, "event")
    assert (error.code, error.row, error.column) == ("invalid_date", 2, "開始日")
    assert "2025-08-02" in error.message["ja"]


def test_event_ending_before_it_starts():
    data = make_csv(CURRENT_HEADERS["event"], [RECORDS["event"] | {"終了日": "2025-08-01"}])
    error = single_error(data, "event")
    assert (error.code, error.column) == ("end_before_start", "終了日")


def test_event_start_date_is_required_but_address_is_not():
    data = make_csv(CURRENT_HEADERS["event"], [RECORDS["event"] | {"開始日": "", "所在地_連結表記": ""}])
    error = single_error(data, "event")
    assert (error.code, error.column) == ("required_value", "開始日")


def test_capacity_with_a_unit_is_not_an_integer():
    data = make_csv(CURRENT_HEADERS["event"], [RECORDS["event"] | {"定員": "500人"}])
    error = single_error(data, "event")
    assert (error.code, error.column) == ("invalid_integer", "定員")


def test_disaster_flag_must_be_1_or_blank():
    data = make_csv(CURRENT_HEADERS["evacuation_site"], [RECORDS["evacuation_site"] | {"災害種別_津波": "○"}])
    error = single_error(data, "evacuation_site")
    assert (error.code, error.column) == ("invalid_flag", "災害種別_津波")


def test_childcare_fax_number_and_approval_date_are_checked():
    record = RECORDS["childcare_facility"] | {"FAX番号": "FAXなし", "認可等年月日": "S50.4.1"}
    report = validate_standard_csv(
        make_csv(CURRENT_HEADERS["childcare_facility"], [record]), "childcare_facility"
    )
    assert {(problem.column, problem.code) for problem in report.errors} == {
        ("FAX番号", "invalid_phone"),
        ("認可等年月日", "invalid_date"),
    }
    assert "1975-04-01" in only(report, "invalid_date")[0].message["ja"]


def test_tourist_fee_must_be_a_number():
    record = RECORDS["tourist_facility"] | {"料金(基本)": "無料"}
    error = single_error(make_csv(CURRENT_HEADERS["tourist_facility"], [record]), "tourist_facility")
    assert (error.code, error.column) == ("invalid_number", "料金(基本)")


def test_postal_code_is_checked_where_a_file_has_one():
    header = [*CURRENT_HEADERS["aed"], "郵便番号"]
    error = single_error(make_csv(header, [RECORDS["aed"] | {"郵便番号": "514-86"}]))
    assert (error.code, error.column) == ("invalid_postal_code", "郵便番号")


# Rows


def test_quoted_line_break_is_still_one_row():
    report = validate_standard_csv(
        aed_csv({"設置位置": "1階\n正面玄関"}, {"ID": "2", "電話番号": "x"}), "aed"
    )
    assert report.row_count == 2
    assert [(problem.row, problem.code) for problem in report.errors] == [(3, "invalid_phone")]


def test_short_and_long_rows():
    data = (
        aed_csv({})
        + "242012,2,三重県津市,津駅\r\n".encode()
        + aed_csv({"ID": "3"}).splitlines()[1]
        + b",x\r\n"
    )
    report = validate_standard_csv(data, "aed")
    assert [(problem.row, problem.code) for problem in report.errors] == [
        (3, "row_too_short"),
        (4, "row_too_long"),
    ]


def test_blank_row_is_a_warning():
    data = aed_csv({}) + b",,,,\r\n" + aed_csv({"ID": "2"}).splitlines()[1] + b"\r\n"
    report = validate_standard_csv(data, "aed")
    assert report.errors == []
    assert [(warning.row, warning.code) for warning in report.warnings] == [(3, "blank_row")]


def test_errors_are_capped_and_the_report_says_so():
    data = aed_csv(*({"ID": str(n), "電話番号": "不明"} for n in range(1, 51)))
    report = validate_standard_csv(data, "aed", max_errors=10)
    assert len(report.errors) == 10
    assert report.truncated
    assert report.row_count == 50
    assert report.counts["invalid_phone"] >= 10


def test_report_is_json_for_the_resource():
    report = validate_standard_csv(
        aed_csv({}, {"ID": "2", "緯度": "136.5", "経度": "34.7"}, encoding="cp932"), "aed"
    )
    stored = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert stored["is_valid"] is False
    assert stored["encoding"] == "cp932"
    assert stored["header_generation"] == "current"
    assert stored["row_count"] == 2
    assert stored["errors"][0] == {
        "row": 3,
        "column": "緯度",
        "code": "coordinates_swapped",
        "value": "136.5, 34.7",
        "message": stored["errors"][0]["message"],
    }
    assert set(stored["errors"][0]["message"]) == {"ja", "en"}
    assert stored["warnings"][0]["code"] == "encoding_shift_jis"
    assert stored["truncated"] is False


def test_frictionless_is_imported_only_when_a_file_is_validated():
    code = (
        "import sys; import kencho.opendata.standards.validation; "
        "assert 'frictionless' not in sys.modules; assert 'charset_normalizer' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
