"""Send the webhooks the demo gateway is holding (KENCHO_PAYMENTS_DEMO {"hold": true}), to show the
"confirming" state turning into "paid"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ...demo_gateway import demo_deliver_pending


class Command(BaseCommand):
    help = "Deliver the demo gateway's pending webhooks."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"demo gateway: {demo_deliver_pending()} webhook(s) sent")
