from dataclasses import dataclass
from datetime import date

import pytest

from kencho.forms.validation import FieldError, is_field_active, validate_answers

from .definitions import VALID_ANSWERS, YES_NO, child_allowance, field, one_page


def check(field_def: dict, value, *, strict: bool = True, uploads=None):
    result = validate_answers(one_page(field_def), {field_def["key"]: value}, strict=strict, uploads=uploads)
    return result.data.get(field_def["key"]), result.errors


def codes(errors: list[FieldError]) -> list[str]:
    return [error.code for error in errors]


def test_a_complete_application_is_cleaned():
    result = validate_answers(child_allowance(), VALID_ANSWERS)
    assert result.ok, result.errors
    assert result.data["applicant_name"] == {"name": "山田 太郎", "kana": "ヤマダ\u3000タロウ"}
    assert result.data["birth_date"] == "1990-04-01"
    assert result.data["home"] == {"postal_code": "514-0006", "address": "三重県津市広明町13番地"}
    assert result.data["income"] == 4_000_000
    assert result.data["children"] == [{"name": "山田 花子", "birth_date": "2020-05-01"}]


def test_required_messages_name_the_field_in_both_languages():
    result = validate_answers(child_allowance(), {})
    by_path = {error.path: error for error in result.errors}
    assert by_path["applicant_name"].message_ja == "「氏名」の氏名を入力してください。" or by_path[
        "applicant_name"
    ].message_ja.startswith("「氏名」")
    assert by_path["phone"].message_ja == "「電話番号」を入力してください。"
    assert by_path["phone"].message_en == 'Enter "Phone number".'
    assert by_path["has_children"].message_ja == "「お子さんはいますか」を選んでください。"
    assert by_path["has_children"].message_en == 'Select "Do you have children?".'
    assert by_path["phone"].as_dict() == {
        "field": "phone",
        "code": "required",
        "message": {"ja": "「電話番号」を入力してください。", "en": 'Enter "Phone number".'},
    }
    assert by_path["phone"].message("en") == 'Enter "Phone number".'


class TestText:
    def test_strips_and_normalises_to_nfc(self):
        assert check(field("t", "text"), "  か\u3099  ") == ("が", [])

    def test_too_long_counts_characters(self):
        value, errors = check(field("t", "text", "氏名", "Name", max_length=3), "山田太郎")
        assert value is None
        assert errors[0].code == "too_long"
        assert errors[0].message_ja == "「氏名」は3文字以内で入力してください（現在4文字）。"
        assert errors[0].message_en == '"Name" must be 3 characters or fewer (you entered 4).'

    def test_default_max_length_is_200(self):
        assert codes(check(field("t", "text"), "あ" * 201)[1]) == ["too_long"]
        assert check(field("t", "text"), "あ" * 200)[0] == "あ" * 200

    def test_too_short(self):
        assert codes(check(field("t", "text", min_length=3), "ab")[1]) == ["too_short"]

    @pytest.mark.parametrize("bad", ["a\u200bb", "a\u202eb", "a\x00b", "a\x1bb"])
    def test_control_zero_width_and_bidi_characters_are_refused(self, bad):
        assert codes(check(field("t", "text"), bad)[1]) == ["control_characters"]

    def test_newline_only_in_textarea(self):
        assert codes(check(field("t", "text"), "a\nb")[1]) == ["control_characters"]
        assert check(field("t", "textarea"), "a\r\nb") == ("a\nb", [])

    def test_pattern_without_message(self):
        _, errors = check(field("t", "text", "番号", "Number", pattern="[0-9]{3}"), "12a")
        assert errors[0].code == "pattern"
        assert errors[0].message_en == 'Enter "Number" in the format shown in the hint.'

    def test_wrong_type_in_strict_mode(self):
        assert codes(check(field("t", "text"), {"a": 1})[1]) == ["wrong_type"]
        assert codes(check(field("t", "text"), 12)[1]) == ["wrong_type"]
        assert check(field("t", "text"), 12, strict=False) == ("12", [])


class TestNumbers:
    def test_integer_accepts_full_width_digits_and_commas(self):
        assert check(field("n", "integer"), "１，２３４") == (1234, [])
        assert check(field("n", "integer"), 7) == (7, [])

    def test_integer_refuses_fractions_with_a_clear_message(self):
        _, errors = check(field("n", "integer", "人数", "Number of people"), 1.5)
        assert errors[0].message_ja == "「人数」は小数点のない整数で入力してください。"
        assert errors[0].message_en == 'Enter "Number of people" as a whole number, without a decimal point.'

    def test_integer_refuses_a_boolean(self):
        assert codes(check(field("n", "integer"), True)[1]) == ["wrong_type"]

    def test_integer_bounds(self):
        _, errors = check(field("n", "integer", "人数", "People", min=1, max=20), "21")
        assert errors[0].code == "max"
        assert errors[0].message_ja == "「人数」は20以下で入力してください。"
        assert codes(check(field("n", "integer", min=1), "0")[1]) == ["min"]

    def test_integer_refuses_words(self):
        assert codes(check(field("n", "integer"), "twelve")[1]) == ["invalid"]

    @pytest.mark.parametrize("typed", ["1,000", "１０００円", "¥1,000", "￥1000", " 1000 "])
    def test_yen_accepts_what_people_type(self, typed):
        assert check(field("y", "yen"), typed) == (1000, [])

    def test_yen_bounds_are_written_as_amounts(self):
        _, errors = check(field("y", "yen", "補助額", "Grant", max=500_000), "600,000円")
        assert errors[0].message_ja == "「補助額」は500,000円以下で入力してください。"
        assert errors[0].message_en == '"Grant" must be ¥500,000 or less.'

    def test_yen_refuses_negative_amounts(self):
        assert codes(check(field("y", "yen"), "-5")[1]) == ["invalid"]

    def test_decimal_places(self):
        assert check(field("d", "decimal", decimal_places=2), "１２.５") == ("12.5", [])
        assert check(field("d", "decimal", decimal_places=2), "12.50") == ("12.50", [])
        assert codes(check(field("d", "decimal", decimal_places=1), "1.25")[1]) == ["decimal_places"]
        assert codes(check(field("d", "decimal"), "1e5")[1]) == ["invalid"]
        assert codes(check(field("d", "decimal", max=10), 10.5)[1]) == ["max"]


class TestDates:
    def test_wareki_and_iso_are_stored_as_iso(self):
        assert check(field("d", "date"), "令和7年4月1日") == ("2025-04-01", [])
        assert check(field("d", "date"), "R7.4.1") == ("2025-04-01", [])
        assert check(field("d", "date"), "２０２５－０４－０１") == ("2025-04-01", [])

    def test_impossible_month_gets_the_month_message(self):
        _, errors = check(field("d", "date", "生年月日", "Date of birth"), "令和99年13月40日")
        assert errors[0].code == "invalid"
        assert errors[0].message_ja == "「生年月日」の月は1から12までの数字で入力してください。"
        assert errors[0].message_en == 'The month of "Date of birth" must be a number from 1 to 12.'

    def test_format_message(self):
        _, errors = check(field("d", "date", "生年月日", "Date of birth"), "きのう")
        assert errors[0].message_ja == "「生年月日」は 令和7年4月1日 や 2025-04-01 の形で入力してください。"
        assert errors[0].message_en == 'Enter "Date of birth" as a date such as 2025-04-01 or 令和7年4月1日.'

    def test_day_and_era_messages(self):
        assert "日がその月にありません" in check(field("d", "date"), "2025-02-30")[1][0].message_ja
        assert "元号の期間" in check(field("d", "date"), "平成31年5月1日")[1][0].message_ja

    def test_bounds_with_today(self):
        _, errors = check(field("d", "date", "生年月日", "Date of birth", max="today"), "9999-01-01")
        assert errors[0].code == "max"
        _, errors = check(
            field("d", "date", "開始日", "Start", min="2025-04-01", show_wareki=True), "2025-03-31"
        )
        assert (
            errors[0].message_ja == "「開始日」は令和7年4月1日（2025年4月1日）以降の日付を入力してください。"
        )
        assert errors[0].message_en == '"Start" must be on or after 1 April 2025 (Reiwa 7).'
        assert check(field("d", "date", max="today"), date(2020, 1, 1).isoformat())[0] == "2020-01-01"


class TestContactDetails:
    def test_postal_code(self):
        assert check(field("p", "postal_code"), "〒５１４－０００６") == ("514-0006", [])
        _, errors = check(field("p", "postal_code", "郵便番号", "Postal code"), "51400")
        assert errors[0].message_ja == "「郵便番号」は 514-0006 のように7桁で入力してください。"
        assert errors[0].message_en == 'Enter "Postal code" as 7 digits, for example 514-0006.'

    def test_phone(self):
        assert check(field("p", "phone"), "０５９－２２４－２０００") == ("059-224-2000", [])
        assert codes(check(field("p", "phone"), "12345")[1]) == ["invalid"]

    def test_email(self):
        assert check(field("e", "email"), "Taro@Example.JP") == ("Taro@example.jp", [])
        assert check(field("e", "email"), "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ") == ("taro@example.jp", [])
        assert codes(check(field("e", "email"), "taro@")[1]) == ["invalid"]

    def test_corporate_number_check_digit(self):
        assert check(field("c", "corporate_number"), "5000020240001") == ("5000020240001", [])
        _, errors = check(field("c", "corporate_number", "法人番号", "Corporate number"), "1000020240001")
        assert errors[0].message_en == '"Corporate number" is not a valid corporate number. Check the number.'
        assert codes(check(field("c", "corporate_number"), "123")[1]) == ["invalid"]


class TestComposite:
    def test_name_kana_is_normalised_to_katakana(self):
        value, errors = check(field("n", "name"), {"name": "山田　太郎", "kana": "ﾔﾏﾀﾞ ﾀﾛｳ"})
        assert errors == []
        assert value == {"name": "山田　太郎", "kana": "ヤマダ\u3000タロウ"}

    def test_name_kana_must_be_katakana(self):
        _, errors = check(field("n", "name", "氏名", "Name"), {"name": "山田 太郎", "kana": "Yamada"})
        assert [(e.code, e.part) for e in errors] == [("kana", "kana")]
        assert errors[0].message_ja == "「氏名」のフリガナはカタカナで入力してください。"
        assert errors[0].anchor == "f-n-kana"

    def test_name_without_kana_option(self):
        assert check(field("n", "name", kana=False), {"name": "John Smith"}) == ({"name": "John Smith"}, [])

    def test_name_needs_kana(self):
        assert [(e.code, e.part) for e in check(field("n", "name"), {"name": "山田"})[1]] == [
            ("required", "kana")
        ]

    def test_address_needs_both_parts(self):
        _, errors = check(field("a", "address", "住所", "Address"), {"postal_code": "5140006", "address": ""})
        assert [(e.code, e.part) for e in errors] == [("required", "address")]
        _, errors = check(field("a", "address", "住所", "Address"), {"postal_code": "51", "address": "津市"})
        assert errors[0].message_ja == "「住所」の郵便番号は 514-0006 のように7桁で入力してください。"

    def test_address_wrong_type(self):
        assert codes(check(field("a", "address"), "三重県")[1]) == ["wrong_type"]
        assert codes(check(field("a", "address"), {"postal_code": "5140006", "city": "x"})[1]) == [
            "wrong_type"
        ]


class TestChoices:
    def test_radio_value_must_be_an_option(self):
        assert check(field("r", "radio", options=YES_NO), "yes") == ("yes", [])
        _, errors = check(field("r", "radio", "回答", "Answer", options=YES_NO), "maybe")
        assert errors[0].message_ja == "「回答」は一覧にある項目から選んでください。"

    def test_checkboxes_store_in_option_order_without_duplicates(self):
        options = [*YES_NO, {"value": "n/a", "label": {"ja": "該当なし", "en": "N/A"}}]
        assert check(field("c", "checkboxes", options=options), ["n/a", "yes", "yes"]) == (["yes", "n/a"], [])

    def test_checkboxes_limits(self):
        options = YES_NO
        assert codes(check(field("c", "checkboxes", options=options, max_selected=1), ["yes", "no"])[1]) == [
            "max"
        ]
        assert codes(check(field("c", "checkboxes", options=options, min_selected=2), ["yes"])[1]) == ["min"]
        assert codes(check(field("c", "checkboxes", options=options), "yes")[1]) == ["wrong_type"]
        assert check(field("c", "checkboxes", options=options), "yes", strict=False) == (["yes"], [])

    def test_agreement(self):
        agreement = {**field("a", "agreement", required=True), "statement": {"ja": "同意します。"}}
        assert check(agreement, True) == (True, [])
        assert codes(check(agreement, False)[1]) == ["required"]
        assert check(agreement, "on", strict=False) == (True, [])
        assert codes(check(agreement, "on")[1]) == ["wrong_type"]


class TestStrictness:
    def test_unknown_keys(self):
        definition = one_page(field("a", "text"))
        result = validate_answers(definition, {"a": "x", "b": "y"})
        assert [(e.path, e.code) for e in result.errors] == [("b", "unknown_field")]
        assert result.errors[0].message_en == '"b" is not a field of this form. Remove this value.'
        result = validate_answers(definition, {"a": "x", "b": "y"}, strict=False)
        assert result.ok and result.data == {"a": "x"}

    def test_answers_that_are_not_an_object(self):
        result = validate_answers(one_page(field("a", "text")), ["a"])  # type: ignore[arg-type]
        assert codes(result.errors) == ["wrong_type"]


class TestConditions:
    def definition(self) -> dict:
        return one_page(
            field("has_car", "radio", "車", "Car", options=YES_NO, required=True),
            field(
                "plate",
                "text",
                "ナンバー",
                "Plate",
                required=True,
                visible_when={"field": "has_car", "equals": "yes"},
            ),
            field("parking", "text", "駐車場", "Parking", visible_when={"field": "plate", "not_empty": True}),
        )

    def test_hidden_required_field_is_not_required(self):
        result = validate_answers(self.definition(), {"has_car": "no"})
        assert result.ok and result.data == {"has_car": "no"}

    def test_shown_field_is_required(self):
        result = validate_answers(self.definition(), {"has_car": "yes"})
        assert [(e.path, e.code) for e in result.errors] == [("plate", "required")]

    def test_value_for_a_hidden_field(self):
        result = validate_answers(self.definition(), {"has_car": "no", "plate": "三重 500 あ 12-34"})
        assert [(e.path, e.code) for e in result.errors] == [("plate", "inactive_field")]
        result = validate_answers(self.definition(), {"has_car": "no", "plate": "x"}, strict=False)
        assert result.ok and result.data == {"has_car": "no"}

    def test_conditions_chain(self):
        result = validate_answers(self.definition(), {"has_car": "no", "parking": "x"}, strict=False)
        assert result.data == {"has_car": "no"}

    def test_is_field_active_reads_cleaned_answers(self):
        plate = self.definition()["pages"][0]["fields"][1]
        assert is_field_active(plate, {"has_car": "yes"})
        assert not is_field_active(plate, {})
        in_list = field("x", "text", visible_when={"field": "c", "in": ["a", "b"]})
        assert is_field_active(in_list, {"c": ["z", "b"]})
        agreed = field("x", "text", visible_when={"field": "c", "equals": True})
        assert not is_field_active(agreed, {"c": 1})

    def test_pages_validate_one_step_with_earlier_answers(self):
        definition = child_allowance()
        result = validate_answers(
            definition, {"has_children": "no", "applicant_name": {"x": 1}}, pages=["household"]
        )
        assert result.ok
        assert result.data == {"has_children": "no"}

    def test_condition_on_an_earlier_page_uses_its_answer(self):
        definition = child_allowance()
        definition["pages"][2]["fields"][0]["visible_when"] = {"field": "has_children", "equals": "yes"}
        definition["pages"][2]["fields"][0]["required"] = True
        result = validate_answers(definition, {"has_children": "no", "consent": True}, pages=["documents"])
        assert result.ok


class TestGroups:
    def definition(self, **options) -> dict:
        group = {
            **field("members", "group", "家族", "Family members", **options),
            "item_label": {"ja": "家族", "en": "Family member"},
            "fields": [
                field("name", "text", "氏名", "Name", required=True),
                field("birth_date", "date", "生年月日", "Date of birth"),
            ],
        }
        return one_page(group)

    def test_items_are_validated_with_indexed_paths(self):
        result = validate_answers(
            self.definition(), {"members": [{"name": "花子"}, {"name": "次郎", "birth_date": "2025-13-01"}]}
        )
        assert [(e.path, e.code) for e in result.errors] == [("members.1.birth_date", "invalid")]
        assert (
            result.errors[0].message_ja == "「家族 2：生年月日」の月は1から12までの数字で入力してください。"
        )
        assert (
            result.errors[0].message_en
            == 'The month of "Family member 2: Date of birth" must be a number from 1 to 12.'
        )
        assert result.errors[0].anchor == "f-members-1-birth_date"

    def test_min_and_max_items(self):
        too_few = validate_answers(self.definition(min_items=2), {"members": [{"name": "a"}]})
        assert [(e.path, e.code) for e in too_few.errors] == [("members", "min_items")]
        too_many = validate_answers(self.definition(max_items=1), {"members": [{"name": "a"}, {"name": "b"}]})
        assert too_many.errors[0].message_ja == "「家族」は1件まで入力できます。"

    def test_empty_items_are_ignored_in_web_mode_only(self):
        answers = {"members": [{"name": ""}, {"name": "a"}]}
        assert validate_answers(self.definition(), answers, strict=False).data == {"members": [{"name": "a"}]}
        strict = validate_answers(self.definition(), answers)
        assert [(e.path, e.code) for e in strict.errors] == [("members.0.name", "required")]

    def test_unknown_and_wrongly_typed_items(self):
        result = validate_answers(self.definition(), {"members": [{"name": "a", "age": 3}, "b"]})
        assert [(e.path, e.code) for e in result.errors] == [
            ("members.0.age", "unknown_field"),
            ("members.1", "wrong_type"),
        ]
        assert codes(validate_answers(self.definition(), {"members": {"name": "a"}}).errors) == ["wrong_type"]


@dataclass
class FakeUpload:
    pk: str
    original_name: str
    content_type: str
    kind: str
    size: int
    sha256: str = "0" * 64


class TestFiles:
    uploads = {
        "u1": FakeUpload("u1", "住民票.pdf", "application/pdf", "pdf", 1000),
        "u2": FakeUpload("u2", "photo.png", "image/png", "png", 2000),
        "big": FakeUpload("big", "big.pdf", "application/pdf", "pdf", 3 * 1024 * 1024),
        "doc": FakeUpload(
            "doc",
            "a.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            10,
        ),
    }
    file_field = field(
        "cert", "file", "証明書", "Certificate", accept=["pdf", "png"], max_size_mb=2, max_files=2
    )

    def check(self, value):
        return check(self.file_field, value, uploads=self.uploads.get)

    def test_ids_in_either_shape_resolve_to_file_details(self):
        value, errors = self.check([{"upload_id": "u1"}, "u2"])
        assert errors == []
        assert value[0] == {
            "upload_id": "u1",
            "name": "住民票.pdf",
            "size": 1000,
            "content_type": "application/pdf",
            "sha256": "0" * 64,
        }
        assert self.check(value) == (value, [])

    def test_problems(self):
        assert codes(self.check(["u1", "u2", "doc"])[1]) == ["too_many_files"]
        assert codes(self.check(["doc"])[1]) == ["file_type"]
        assert (
            self.check(["doc"])[1][0].message_ja
            == "「証明書」に添付できるのは PDF・PNG のファイルです。ファイルの種類を確認してください。"
        )
        assert codes(self.check(["big"])[1]) == ["file_size"]
        assert codes(self.check(["nope"])[1]) == ["upload_not_found"]
        assert codes(self.check([3])[1]) == ["wrong_type"]

    def test_without_a_resolver_no_upload_is_found(self):
        assert codes(check(self.file_field, ["u1"])[1]) == ["upload_not_found"]
