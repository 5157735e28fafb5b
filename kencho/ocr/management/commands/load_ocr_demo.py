"""Demo AI-OCR intake: a procedure with a paper request form (児童扶養手当 認定請求書) in 学生支援班, its
template with every box mapped, and a batch of six generated scans (typed and handwriting-style, one
page unreadable) read right away. Safe to run again: what exists is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kencho.core.models import OrgUnit, User
from kencho.forms.services import form_definition_create, form_version_publish
from kencho.procedures.models import Procedure
from kencho.procedures.services import procedure_reindex

from ... import samples
from ...models import FormTemplate
from ...services import batch_create, batch_run, template_boxes_save, template_create

SLUG = "paper-child-allowance"
UNIT = "020201"
TEMPLATE_NAME = "児童扶養手当 認定請求書（紙）"


class Command(BaseCommand):
    help = "Load a demo paper-form template and a batch of generated scans (idempotent; needs load_demo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pages", type=int, default=6, help="generated scans in the demo batch")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(code=UNIT).first()
        if unit is None:
            self.stderr.write(f"unit {UNIT} is missing; run load_demo first")
            return
        actor = (
            User.objects.filter(email="officer@kencho.example.jp").first()
            or User.objects.filter(email="admin@kencho.example.jp").first()
        )
        if actor is None:
            self.stderr.write("demo staff are missing; run load_demo first")
            return
        procedure = Procedure.objects.filter(slug=SLUG).first()
        if procedure is None:
            definition = form_definition_create(
                slug=SLUG,
                title_ja=samples.FORM_DEFINITION["title"]["ja"],
                title_en=samples.FORM_DEFINITION["title"]["en"],
                owner_unit=unit,
                schema=samples.FORM_DEFINITION,
                actor=actor,
            )
            version = definition.versions.order_by("-number").first()
            if version is not None and version.published_at is None:
                form_version_publish(version=version, actor=actor)
            procedure = Procedure.objects.create(
                slug=SLUG,
                title_ja="児童扶養手当の認定請求（紙で提出）",
                title_en="Child-rearing allowance request (on paper)",
                summary_ja="窓口や郵送で届いた紙の請求書を、AI-OCRで読み取って受け付けます。",
                summary_en="Paper requests received at the counter or by post, read with AI-OCR.",
                owning_unit=unit,
                form=definition,
                processing_days=20,
                is_published=False,
            )
            procedure_reindex(procedure=procedure)
        template = FormTemplate.objects.filter(procedure=procedure, name=TEMPLATE_NAME).first()
        if template is None:
            template = template_create(
                name=TEMPLATE_NAME,
                procedure=procedure,
                image_name="blank.png",
                image=samples.blank_page_bytes(),
                actor=actor,
            )
            template_boxes_save(
                template=template, boxes=[dict(b) for b in samples.TEMPLATE_BOXES], actor=actor
            )
        if not template.batches.exists():
            pages = [samples.filled_page(s) for s in samples.samples(max(1, options["pages"]))]
            batch = batch_create(
                template=template,
                files=[("demo-scans.pdf", samples.pages_pdf(pages)), ("fax-error.jpg", b"\xff\xd8 broken")],
                actor=actor,
                name="デモ：4月窓口受付分",
                schedule=False,
            )
            batch_run(
                batch_id=batch.pk,
                progress=lambda b: self.stdout.write(f"  pages read: {b.processed}/{b.total}"),
            )
        self.stdout.write(self.style.SUCCESS("demo OCR template and batch ready"))
