"""Catch up on what webhooks did not bring: ask providers about attempts still pending, expire payment
numbers past their deadline, and resend approved refunds that never reached their provider. Run it
every few minutes from cron or celery beat (task kencho.payments.tasks.attempts_sync_task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...confirmation import attempts_sync
from ...refunds import refunds_resend


class Command(BaseCommand):
    help = "Ask providers about pending payments, expire payment numbers, resend approved refunds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=30, help="minutes an attempt has been pending")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = attempts_sync(older_than_minutes=options["older_than"])
        resent = refunds_resend()
        summary = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())) or "nothing to update"
        self.stdout.write(f"payments: {summary}; refunds resent: {resent}")
