"""Demo notices: a numbering scheme for 雇用経済部 (三重県指令 雇第n号), a 交付決定通知書 for the
subsidy and a 不受理通知 for the meal tickets, both real Word files (demo_templates.py). Safe to run
again: what exists is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kencho.core.models import OrgUnit, User

from ...demo_templates import grant_decision_docx, rejection_docx
from ...models import NoticeKind, NoticeTemplate, NumberingScheme
from ...services import notice_template_create, numbering_scheme_save

TEMPLATES = [
    ("020101", NoticeKind.GRANT_DECISION, "中小企業デジタル化支援補助金 交付決定通知書", grant_decision_docx),
    ("020201", NoticeKind.REJECTION, "みえ学生応援食事券 不受理通知", rejection_docx),
]


class Command(BaseCommand):
    help = "Load demo notice templates and numbering schemes (idempotent; needs load_demo's units)."

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email="admin@kencho.example.jp").first()
        with transaction.atomic():
            for code, kind, name, build in TEMPLATES:
                unit = OrgUnit.objects.filter(code=code).first()
                if unit is None:
                    self.stderr.write(f"unit {code} is missing; run load_demo first")
                    continue
                scheme = NumberingScheme.objects.filter(unit=unit, name="指令").first()
                if scheme is None:
                    scheme = numbering_scheme_save(
                        scheme=NumberingScheme(
                            unit=unit,
                            name="指令",
                            prefix="三重県指令",
                            symbol="雇",
                            pattern="{prefix} {symbol}第{n}号",
                        ),
                        actor=actor,
                    )
                if not NoticeTemplate.objects.filter(unit=unit, name=name).exists():
                    notice_template_create(
                        unit=unit,
                        kind=kind,
                        name=name,
                        numbering_scheme=scheme,
                        sender="三重県知事　三重 一郎",
                        content=build(),
                        filename=f"{kind}.docx",
                        actor=actor,
                        comment="デモ用の様式",
                    )
        self.stdout.write(self.style.SUCCESS("demo notice templates ready"))
