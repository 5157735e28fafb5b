"""A certificate procedure with a fee per copy, a postage formula and two exemptions, for the
payments tests."""

from __future__ import annotations

from typing import Any

from kencho.core.models import OrgUnit
from kencho.procedures.models import Application, Procedure
from kencho.procedures.services import application_submit
from kencho.procedures.tests.factories import make_procedure

from ..models import FeeRule
from ..schedules import fee_schedule_save

CERTIFICATE_FORM: dict[str, Any] = {
    "format": 1,
    "title": {"ja": "証明書交付申請", "en": "Certificate request"},
    "pages": [
        {
            "key": "request",
            "title": {"ja": "請求内容", "en": "Request"},
            "fields": [
                {"key": "name", "type": "name", "label": {"ja": "氏名", "en": "Name"}, "required": True},
                {
                    "key": "email",
                    "type": "email",
                    "label": {"ja": "メール", "en": "E-mail"},
                    "required": True,
                },
                {
                    "key": "copies",
                    "type": "integer",
                    "label": {"ja": "通数", "en": "Copies"},
                    "required": True,
                    "min": 1,
                    "max": 10,
                },
                {
                    "key": "delivery",
                    "type": "radio",
                    "label": {"ja": "受取方法", "en": "Delivery"},
                    "required": True,
                    "options": [
                        {"value": "counter", "label": {"ja": "窓口", "en": "At the counter"}},
                        {"value": "mail", "label": {"ja": "郵送", "en": "By post"}},
                    ],
                },
                {
                    "key": "welfare",
                    "type": "radio",
                    "label": {"ja": "生活保護を受給していますか", "en": "Do you receive public assistance?"},
                    "required": True,
                    "options": [
                        {"value": "yes", "label": {"ja": "はい", "en": "Yes"}},
                        {"value": "no", "label": {"ja": "いいえ", "en": "No"}},
                    ],
                },
                {
                    "key": "tax_exempt",
                    "type": "agreement",
                    "label": {"ja": "住民税非課税世帯", "en": "Tax-exempt household"},
                    "statement": {
                        "ja": "住民税非課税世帯です",
                        "en": "My household is exempt from resident tax",
                    },
                    "required": False,
                },
            ],
        }
    ],
}

ANSWERS: dict[str, Any] = {
    "name": {"name": "三重 花子", "kana": "ミエ ハナコ"},
    "email": "hanako@example.jp",
    "copies": 2,
    "delivery": "counter",
    "welfare": "no",
}


def make_fee_procedure(*, unit: OrgUnit, slug: str = "certificate", allow_guest: bool = True) -> Procedure:
    """300 yen a copy, 84 yen postage when sent by post; 生活保護 waives it, 非課税世帯 halves it."""
    procedure = make_procedure(unit=unit, slug=slug, schema=CERTIFICATE_FORM, allow_guest=allow_guest)
    fee_schedule_save(
        procedure=procedure,
        actor=None,
        name_ja="交付手数料",
        name_en="Issuing fee",
        purpose_ja="証明書交付手数料",
        purpose_en="certificate issuing fee",
        rules=[
            {
                "label_ja": "証明書",
                "label_en": "Certificate",
                "kind": FeeRule.Kind.PER_ITEM,
                "unit_amount": 300,
                "count_field": "copies",
            },
            {
                "label_ja": "郵送料",
                "label_en": "Postage",
                "kind": FeeRule.Kind.COMPUTED,
                "expression": "if_(delivery == 'mail', 84, 0)",
            },
        ],
        exemptions=[
            {
                "label_ja": "生活保護受給者",
                "label_en": "Public assistance",
                "field": "welfare",
                "value": "yes",
                "percent": 100,
            },
            {
                "label_ja": "住民税非課税世帯",
                "label_en": "Tax-exempt household",
                "field": "tax_exempt",
                "percent": 50,
            },
        ],
    )
    return procedure


def submit(procedure: Procedure, **answers: Any) -> tuple[Application, str]:
    """A guest application; returns it with its secret key."""
    result = application_submit(
        procedure=procedure, answers={**ANSWERS, **answers}, applicant=None, language="ja"
    )
    assert result.guest_secret is not None
    return result.application, result.guest_secret
