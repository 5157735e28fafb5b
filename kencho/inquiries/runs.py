"""Aggregating a large survey in the background: a run records its progress (respondents done of
total) so the dashboard can show a progress bar and the command line a progress line."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.models import User

from . import selectors
from .models import AggregationRun, RecipientStatus, Survey

PROGRESS_EVERY = 25


def aggregation_start(*, survey: Survey, actor: User | None, schedule: bool = True) -> AggregationRun:
    """A queued run; the work is scheduled after commit (Celery when configured, else in-process)."""
    from .tasks import aggregation_run_task

    with transaction.atomic():
        run = AggregationRun.objects.create(
            survey=survey,
            created_by=actor,
            total=survey.recipients.exclude(status=RecipientStatus.PENDING).count(),
        )
        audit_record(
            action="inquiries.aggregation_started", actor=actor, obj=survey, unit_code=survey.unit.code
        )
        if schedule:
            enqueue_after_commit(aggregation_run_task, run.pk)
    return run


def aggregation_run(
    *, run_id: int, progress: Callable[[AggregationRun], None] | None = None
) -> AggregationRun:
    """Compute the run's aggregate, saving the progress every few respondents."""
    run = AggregationRun.objects.select_related("survey__form_version").get(pk=run_id)
    if run.is_finished:
        return run
    run.status = AggregationRun.Status.RUNNING
    run.save(update_fields=["status"])

    def step(done: int) -> None:
        run.done = done
        AggregationRun.objects.filter(pk=run.pk).update(done=done)
        if progress is not None:
            progress(run)

    result = selectors.survey_aggregate(run.survey, progress=step)
    run.result = result
    run.done = run.total = result["respondent_count"]
    run.status = AggregationRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "done", "total", "status", "finished_at"])
    if progress is not None:
        progress(run)
    return run
