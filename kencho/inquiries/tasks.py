from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def aggregation_run_task(run_id: int) -> int:
    """Compute a survey's aggregate in the background. A redelivered task finds the run finished."""
    from .runs import aggregation_run

    return aggregation_run(run_id=run_id).done


@shared_task
def reminders_send_due_task() -> int:
    """The day's automatic reminders; run once a day (Celery beat or cron: inquiries_send_reminders)."""
    from .services import reminders_send_due

    return reminders_send_due()
