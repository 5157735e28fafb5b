"""Print the current one-time code of a staff member's authenticator, for demo and test log-ins."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from kencho.core.login.totp import confirmed_totp_device
from kencho.core.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a user's confirmed device (development and demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is False. Reveals a live second factor."
        )

    def handle(self, *args: Any, email: str, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to print a one-time code when DEBUG is False: it is a live second factor. "
                "Use --force if you really mean it."
            )
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}.")
        device = confirmed_totp_device(user)
        if device is None:
            raise CommandError(
                f"{user.email} has no confirmed authenticator; they enrol one at their next log-in."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():0{device.digits}d}")
