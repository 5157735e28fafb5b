"""E-mails to people, written in the recipient's language and sent after the transaction commits."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .background import enqueue_after_commit
from .tasks import send_email


def email_send_templated(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and queue the e-mail."""
    with translation.override(language if language in {"ja", "en"} else "ja"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    enqueue_after_commit(send_email, to=[to], subject=subject, body=body)
