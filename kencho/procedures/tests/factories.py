"""A published procedure with a small two-page form, for the procedures tests."""

from __future__ import annotations

from typing import Any

from kencho.core.models import OrgUnit
from kencho.forms.services import form_definition_create, form_version_create_draft, form_version_publish

from ..models import Procedure
from ..services import procedure_reindex

SIMPLE_FORM: dict[str, Any] = {
    "format": 1,
    "title": {"ja": "テスト申請", "en": "Test application"},
    "pages": [
        {
            "key": "applicant",
            "title": {"ja": "申請者", "en": "Applicant"},
            "fields": [
                {"key": "name", "type": "name", "label": {"ja": "氏名", "en": "Name"}, "required": True},
                {
                    "key": "email",
                    "type": "email",
                    "label": {"ja": "メールアドレス", "en": "E-mail"},
                    "required": True,
                },
                {
                    "key": "birth_date",
                    "type": "date",
                    "label": {"ja": "生年月日", "en": "Date of birth"},
                    "required": True,
                },
            ],
        },
        {
            "key": "details",
            "title": {"ja": "内容", "en": "Details"},
            "fields": [
                {
                    "key": "count",
                    "type": "integer",
                    "label": {"ja": "枚数", "en": "Number of copies"},
                    "required": True,
                    "min": 1,
                    "max": 10,
                },
                {
                    "key": "reason",
                    "type": "textarea",
                    "label": {"ja": "理由", "en": "Reason"},
                    "required": False,
                },
            ],
        },
    ],
}

VALID_ANSWERS: dict[str, Any] = {
    "name": {"name": "三重 花子", "kana": "ミエ ハナコ"},
    "email": "hanako@example.jp",
    "birth_date": "平成12年4月1日",
    "count": 2,
    "reason": "引越しのため",
}


def make_procedure(
    *, unit: OrgUnit, slug: str = "test-procedure", schema: dict[str, Any] | None = None, **fields: Any
) -> Procedure:
    schema = schema or SIMPLE_FORM
    definition = form_definition_create(
        slug=slug,
        title_ja=schema["title"]["ja"],
        title_en=schema["title"]["en"],
        owner_unit=unit,
        schema=schema,
        actor=None,
    )
    version = definition.versions.order_by("-number").first() or form_version_create_draft(
        definition=definition, schema=schema, actor=None
    )
    form_version_publish(version=version, actor=None)
    defaults: dict[str, Any] = {
        "title_ja": "住民票の写しの請求（テスト）",
        "title_en": "Test procedure",
        "summary_ja": "引越しの手続です。",
        "processing_days": 5,
        "allow_guest": True,
        "is_published": True,
    }
    defaults.update(fields)
    procedure = Procedure.objects.create(slug=slug, owning_unit=unit, form=definition, **defaults)
    procedure_reindex(procedure=procedure)
    procedure.refresh_from_db()
    return procedure
