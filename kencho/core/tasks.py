from __future__ import annotations

from celery import Task, shared_task
from django.core.mail import EmailMessage


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_email(self: Task, *, to: list[str], subject: str, body: str) -> None:
    """Send one plain-text e-mail. Retried when the mail server is unavailable."""
    message = EmailMessage(subject=subject, body=body, to=to)
    try:
        message.send(fail_silently=False)
    except OSError as exc:
        raise self.retry(exc=exc) from exc
