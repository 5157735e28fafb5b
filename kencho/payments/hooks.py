"""What the procedures app calls: the fee is assessed inside the submitting transaction, and an
unpaid fee is cancelled when the applicant withdraws."""

from __future__ import annotations

from kencho.core.models import User
from kencho.procedures.models import Application

from .services import fee_assess, fee_cancel


def on_application_submitted(*, application: Application) -> None:
    fee_assess(application=application)


def on_application_withdrawn(*, application: Application, actor: User | None) -> None:
    fee_cancel(application=application, actor=actor, reason="withdrawn")
