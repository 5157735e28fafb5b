from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kencho.core.audit import audit_verify
from kencho.core.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report any entry that was changed, removed or inserted."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        problems = 0
        for problem in audit_verify():
            problems += 1
            self.stderr.write(f"audit entry #{problem.sequence}: {problem.reason}")
        if problems:
            raise CommandError(f"audit chain broken: {problems} problem(s) in {total} entries")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {total} entries verified"))
