"""Definitions shared by the tests: one that uses every field type, and small builders."""

from __future__ import annotations

import copy
from typing import Any


def label(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def one_page(*fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": 1,
        "title": label("テスト", "Test"),
        "pages": [{"key": "main", "title": label("入力", "Input"), "fields": list(fields)}],
    }


def field(key: str, type_: str, ja: str = "項目", en: str = "Item", **options: Any) -> dict[str, Any]:
    return {"key": key, "type": type_, "label": label(ja, en), **options}


YES_NO = [{"value": "yes", "label": label("はい", "Yes")}, {"value": "no", "label": label("いいえ", "No")}]

CHILD_ALLOWANCE: dict[str, Any] = {
    "format": 1,
    "title": label("子育て支援金の申請", "Childcare support application"),
    "description": label(
        "県内に住む子育て世帯が対象です。", "For families with children living in the prefecture."
    ),
    "pages": [
        {
            "key": "applicant",
            "title": label("申請者", "Applicant"),
            "fields": [
                field("applicant_name", "name", "氏名", "Name", required=True),
                field(
                    "birth_date",
                    "date",
                    "生年月日",
                    "Date of birth",
                    required=True,
                    max="today",
                    show_wareki=True,
                ),
                field("home", "address", "住所", "Address", required=True),
                field("phone", "phone", "電話番号", "Phone number", required=True),
                field("email", "email", "メールアドレス", "Email address"),
                field("company", "corporate_number", "法人番号", "Corporate number"),
            ],
        },
        {
            "key": "household",
            "title": label("世帯", "Household"),
            "fields": [
                field(
                    "has_children",
                    "radio",
                    "お子さんはいますか",
                    "Do you have children?",
                    required=True,
                    options=YES_NO,
                ),
                {
                    **field(
                        "children", "group", "お子さん", "Children", required=True, min_items=1, max_items=5
                    ),
                    "item_label": label("子", "Child"),
                    "visible_when": {"field": "has_children", "equals": "yes"},
                    "fields": [
                        field("name", "text", "氏名", "Name", required=True, max_length=50),
                        field("birth_date", "date", "生年月日", "Date of birth", required=True),
                    ],
                },
                field("members", "integer", "世帯人数", "Household size", min=1, max=20),
                field("income", "yen", "世帯年収", "Household income", max=100_000_000),
                field("ratio", "decimal", "割合", "Ratio", decimal_places=2, min=0, max=100),
                field("postcode", "postal_code", "郵便番号", "Postal code"),
                field(
                    "reasons",
                    "checkboxes",
                    "理由",
                    "Reasons",
                    options=[
                        {"value": "cost", "label": label("費用", "Cost")},
                        {"value": "time", "label": label("時間", "Time")},
                        {"value": "other", "label": label("その他", "Other")},
                    ],
                    max_selected=2,
                ),
                field(
                    "other_reason",
                    "textarea",
                    "その他の理由",
                    "Other reason",
                    max_length=100,
                    visible_when={"field": "reasons", "in": ["other"]},
                ),
                field(
                    "city",
                    "select",
                    "市町",
                    "Municipality",
                    options=[
                        {"value": "tsu", "label": label("津市", "Tsu")},
                        {"value": "yokkaichi", "label": label("四日市市", "Yokkaichi")},
                    ],
                ),
                field(
                    "member_code",
                    "text",
                    "会員番号",
                    "Member code",
                    pattern="[A-Z]{2}[0-9]{4}",
                    pattern_message=label(
                        "「会員番号」は AB1234 のように英大文字2文字と数字4桁で入力してください。",
                        'Enter "Member code" as two capital letters and four digits, for example AB1234.',
                    ),
                ),
            ],
        },
        {
            "key": "documents",
            "title": label("書類", "Documents"),
            "fields": [
                field(
                    "certificate",
                    "file",
                    "証明書",
                    "Certificate",
                    accept=["pdf", "png"],
                    max_size_mb=1,
                    max_files=2,
                ),
                {
                    **field(
                        "consent",
                        "agreement",
                        "個人情報の取扱い",
                        "Use of personal information",
                        required=True,
                    ),
                    "statement": label(
                        "個人情報の取扱いに同意します。", "I agree to the use of my personal information."
                    ),
                },
            ],
        },
    ],
}


def child_allowance() -> dict[str, Any]:
    return copy.deepcopy(CHILD_ALLOWANCE)


VALID_ANSWERS: dict[str, Any] = {
    "applicant_name": {"name": "山田 太郎", "kana": "やまだ たろう"},
    "birth_date": "平成2年4月1日",
    "home": {"postal_code": "５１４０００６", "address": "三重県津市広明町13番地"},
    "phone": "059-224-2000",
    "has_children": "yes",
    "children": [{"name": "山田 花子", "birth_date": "2020-05-01"}],
    "income": "¥4,000,000",
    "consent": True,
}
