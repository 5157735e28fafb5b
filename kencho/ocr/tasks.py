from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def ocr_batch_run(batch_id: int) -> int:
    """Read a batch's waiting pages. Idempotent: a redelivered task reads only what is still waiting."""
    from .services import batch_run

    return batch_run(batch_id=batch_id).processed
