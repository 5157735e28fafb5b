"""E-mails to people, written in the recipient's language and sent after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def email_send_templated(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """After the current transaction commits, render `<template>_subject.txt` and `_body.txt` in
    `language` and queue the e-mail. Rendering after commit keeps it out of the transaction, so row
    locks taken by the change are released sooner."""

    def render_and_queue() -> None:
        with translation.override(language if language in {"ja", "en"} else "ja"):
            subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
            body = render_to_string(f"{template}_body.txt", context)
        send_email.delay(to=[to], subject=subject, body=body)

    transaction.on_commit(render_and_queue)
