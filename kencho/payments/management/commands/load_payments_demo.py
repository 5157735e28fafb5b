"""Demo fees: a 県営住宅 入居証明書 procedure with a 手数料 of 300 yen a copy, postage by formula and
two exemptions (生活保護 waives it, 非課税世帯 halves it), and two applications — one paid through the
demo gateway, one still to pay. Needs the units of `load_demo`; safe to run again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from kencho.core.models import OrgUnit
from kencho.forms.services import form_definition_create, form_version_create_draft, form_version_publish
from kencho.procedures.models import Category, Procedure
from kencho.procedures.services import application_submit, procedure_reindex

from ...demo_gateway import demo_checkout_complete, demo_deliver_pending
from ...models import FeeRule
from ...schedules import fee_schedule_save
from ...services import PaymentStart, payment_start

SLUG = "housing-residence-certificate"
FORM = Path(__file__).resolve().parents[2] / "demo" / "certificate.json"


class Command(BaseCommand):
    help = "Load the demo fee procedure and applications (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Procedure.objects.filter(slug=SLUG).exists():
            self.stdout.write("demo fees already loaded")
            return
        unit = OrgUnit.objects.filter(code="030101").first()
        if unit is None:
            self.stdout.write("demo fees skipped: run load_demo for the units first")
            return
        with transaction.atomic():
            procedure = self._procedure(unit)
        self._applications(procedure)
        self.stdout.write(self.style.SUCCESS(f"demo fee procedure /procedures/{SLUG}/ ready"))

    def _procedure(self, unit: OrgUnit) -> Procedure:
        schema = json.loads(FORM.read_text(encoding="utf-8"))
        definition = form_definition_create(
            slug=SLUG,
            title_ja=schema["title"]["ja"],
            title_en=schema["title"]["en"],
            owner_unit=unit,
            schema=schema,
            actor=None,
        )
        form_version_publish(
            version=form_version_create_draft(definition=definition, schema=schema, actor=None), actor=None
        )
        procedure = Procedure.objects.create(
            slug=SLUG,
            title_ja="県営住宅 入居証明書の交付申請",
            title_en="Prefectural housing: residence certificate",
            summary_ja=(
                "県営住宅に入居していることの証明書を請求できます。手数料（1通300円）はクレジットカードなどで"
                "お支払いいただけます。ログインなしで申請できます。"
            ),
            summary_en=(
                "Request a certificate that you live in prefectural housing, and pay the fee "
                "(300 yen a copy) online. No account needed."
            ),
            category=Category.objects.filter(slug="housing").first(),
            owning_unit=unit,
            form=definition,
            processing_days=3,
            allow_guest=True,
            is_published=True,
        )
        procedure_reindex(procedure=procedure)
        fee_schedule_save(
            procedure=procedure,
            actor=None,
            name_ja="交付手数料",
            name_en="Issuing fee",
            purpose_ja="県営住宅入居証明書交付手数料",
            purpose_en="prefectural housing residence certificate fee",
            rules=[
                {
                    "label_ja": "入居証明書",
                    "label_en": "Residence certificate",
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
                    "label_en": "Public assistance recipient",
                    "field": "welfare",
                    "value": "yes",
                    "percent": 100,
                },
                {
                    "label_ja": "住民税非課税世帯",
                    "label_en": "Resident-tax-exempt household",
                    "field": "tax_exempt",
                    "percent": 50,
                },
            ],
        )
        return procedure

    def _applications(self, procedure: Procedure) -> None:
        people = [
            ("南 勢子", "ミナミ セイコ", "seiko@example.jp", 2, "mail"),
            ("東 紀夫", "ヒガシ ノリオ", "norio@example.jp", 1, "counter"),
        ]
        submitted = []
        for name, kana, email, copies, delivery in people:
            answers = {
                "name": {"name": name, "kana": kana},
                "email": email,
                "housing_name": "tsu-kanbe",
                "room": "3-105",
                "copies": copies,
                "purpose": "school",
                "delivery": delivery,
                "welfare": "no",
            }
            submitted.append(
                application_submit(
                    procedure=procedure, answers=answers, applicant=None, language="ja"
                ).application
            )
        if "demo" not in settings.KENCHO_PAYMENT_PROVIDERS:
            return
        base = settings.KENCHO_BASE_URL.rstrip("/")
        attempt = payment_start(
            application=submitted[0],
            provider_id="demo",
            urls=PaymentStart(success_url=f"{base}/", cancel_url=f"{base}/", base_url=base),
            actor=None,
        )
        demo_checkout_complete(token=(attempt.provider_reference or "").removeprefix("demo_"), action="pay")
        demo_deliver_pending()
