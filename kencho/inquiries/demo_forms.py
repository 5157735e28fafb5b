"""Question forms of the demo surveys (and of the tests): monthly overtime hours (時間外勤務) with one
row per employee, and the survey of residents of special nursing homes (特別養護老人ホーム入所状況) with
one row per facility."""

from __future__ import annotations

from typing import Any


def _t(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


OVERTIME_RULES: list[dict[str, Any]] = [
    {
        "key": "over_45",
        "label": _t("平日の時間外勤務が45時間を超えています", "Weekday overtime above 45 hours"),
        "group": "staff",
        "flag_when": "weekday_hours > 45",
    },
]

NURSING_HOME_RULES: list[dict[str, Any]] = [
    {
        "key": "over_capacity",
        "label": _t("入所者数が定員を超えています", "More residents than places"),
        "group": "facilities",
        "flag_when": "residents > capacity",
    },
]


def overtime_definition(*, max_items: int = 500) -> dict[str, Any]:
    return {
        "format": 1,
        "title": _t("時間外勤務の状況", "Overtime hours"),
        "pages": [
            {
                "key": "main",
                "title": _t("時間外勤務", "Overtime"),
                "fields": [
                    {
                        "key": "contact_name",
                        "type": "text",
                        "label": _t("回答者氏名", "Name of the person answering"),
                        "required": True,
                        "max_length": 50,
                    },
                    {"key": "contact_phone", "type": "phone", "label": _t("連絡先電話番号", "Phone number")},
                    {
                        "key": "staff",
                        "type": "group",
                        "label": _t("職員別時間外勤務", "Overtime by employee"),
                        "item_label": _t("職員", "Employee"),
                        "required": True,
                        "min_items": 1,
                        "max_items": max_items,
                        "fields": [
                            {
                                "key": "employee_id",
                                "type": "text",
                                "label": _t("職員番号", "Employee number"),
                                "required": True,
                                "max_length": 20,
                            },
                            {
                                "key": "section",
                                "type": "select",
                                "label": _t("区分", "Kind of post"),
                                "required": True,
                                "options": [
                                    {"value": "admin", "label": _t("事務", "Administrative")},
                                    {"value": "tech", "label": _t("技術", "Technical")},
                                    {"value": "other", "label": _t("その他", "Other")},
                                ],
                            },
                            {
                                "key": "weekday_hours",
                                "type": "decimal",
                                "label": _t("平日の時間外（時間）", "Weekday overtime (hours)"),
                                "required": True,
                                "min": 0,
                                "max": 300,
                                "decimal_places": 1,
                            },
                            {
                                "key": "holiday_hours",
                                "type": "decimal",
                                "label": _t("休日の時間外（時間）", "Holiday overtime (hours)"),
                                "min": 0,
                                "max": 300,
                                "decimal_places": 1,
                            },
                        ],
                    },
                ],
            }
        ],
    }


def nursing_home_definition() -> dict[str, Any]:
    return {
        "format": 1,
        "title": _t("特別養護老人ホーム入所状況調査", "Residents of special nursing homes"),
        "pages": [
            {
                "key": "main",
                "title": _t("入所状況", "Residents"),
                "fields": [
                    {
                        "key": "reference_date",
                        "type": "date",
                        "label": _t("基準日", "Reference date"),
                        "required": True,
                    },
                    {
                        "key": "contact_name",
                        "type": "text",
                        "label": _t("回答者氏名", "Name of the person answering"),
                        "required": True,
                        "max_length": 50,
                    },
                    {
                        "key": "facilities",
                        "type": "group",
                        "label": _t("施設別入所状況", "Residents by facility"),
                        "item_label": _t("施設", "Facility"),
                        "required": True,
                        "min_items": 1,
                        "max_items": 200,
                        "fields": [
                            {
                                "key": "facility_name",
                                "type": "text",
                                "label": _t("施設名", "Facility"),
                                "required": True,
                                "max_length": 100,
                            },
                            {
                                "key": "operator",
                                "type": "select",
                                "label": _t("設置主体", "Operator"),
                                "required": True,
                                "options": [
                                    {
                                        "value": "welfare",
                                        "label": _t("社会福祉法人", "Social welfare corporation"),
                                    },
                                    {"value": "municipal", "label": _t("市町", "Municipality")},
                                    {"value": "other", "label": _t("その他", "Other")},
                                ],
                            },
                            {
                                "key": "capacity",
                                "type": "integer",
                                "label": _t("定員", "Places"),
                                "required": True,
                                "min": 0,
                                "max": 10000,
                            },
                            {
                                "key": "residents",
                                "type": "integer",
                                "label": _t("入所者数", "Residents"),
                                "required": True,
                                "min": 0,
                                "max": 10000,
                            },
                            {
                                "key": "waiting",
                                "type": "integer",
                                "label": _t("入所待ち", "Waiting"),
                                "min": 0,
                                "max": 10000,
                            },
                        ],
                    },
                ],
            }
        ],
    }
