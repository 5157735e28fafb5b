from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def notice_batch_run(batch_id: int) -> int:
    """Make a batch's pending notices. Idempotent: a redelivered task makes only what is still pending."""
    from .issuing import batch_run

    return batch_run(batch_id=batch_id).done
