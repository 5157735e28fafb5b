from __future__ import annotations

from celery import Task, shared_task

from .providers.base import ProviderError


@shared_task(bind=True, acks_late=True, max_retries=8, default_retry_delay=30)
def demo_notifications_deliver(self: Task, notification_ids: list[int]) -> int:
    """The demo gateway sends its webhooks; what Kencho did not take (non-2xx) is retried with
    backoff, as a real gateway does."""
    from .demo_gateway import demo_notifications_deliver as deliver

    failed = deliver(notification_ids)
    if failed and not self.request.is_eager:  # in-process there is no one to retry later
        raise self.retry(args=(failed,), countdown=30 * 2**self.request.retries)
    return len(notification_ids)


@shared_task(bind=True, acks_late=True, max_retries=10, default_retry_delay=60)
def refund_execute_task(self: Task, refund_id: int) -> str:
    from .refunds import refund_execute

    try:
        return str(refund_execute(refund_id=refund_id).state)
    except ProviderError as exc:
        if self.request.is_eager:  # no workers: attempts_sync sends it again later
            return "retry_later"
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task(acks_late=True)
def attempts_sync_task(older_than_minutes: int = 30) -> dict[str, int]:
    """Run every few minutes (celery beat or cron `manage.py payments_sync`)."""
    from .confirmation import attempts_sync

    return attempts_sync(older_than_minutes=older_than_minutes)
