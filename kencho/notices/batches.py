"""Asking for notices: `notices_issue_batch` is the entry point for the staff page, the command line
and electronic approval (電子決裁), which calls it when a 起案 linked to applications is decided.

    batch = notices_issue_batch(
        template=template, applications=applications, actor=approver, decided_on=decision.date,
        item_values={application.pk: {"決定額": 1_200_000}}, source="approvals", source_ref=str(kian.pk),
    )

It records the batch and its items in the caller's transaction and starts making the notices after
commit (`notice_batch_schedule`): in a Celery worker when a broker is configured, otherwise in a
thread of this process, or right away with KENCHO_NOTICES_BATCH_RUNNER = "inline".
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.audit import audit_record
from kencho.core.background import enqueue_after_commit
from kencho.core.models import User
from kencho.procedures.models import Application

from .errors import NoticeError
from .models import (
    BatchStatus,
    ItemStatus,
    Notice,
    NoticeBatch,
    NoticeBatchItem,
    NoticeStatus,
    NoticeTemplate,
)
from .pdf import soffice_path
from .placeholders import per_notice_values
from .selectors import template_version_current

logger = logging.getLogger(__name__)
RUNNERS = ("celery", "thread", "inline")
MAX_BATCH = 10_000


def _values(values: Mapping[str, Any] | None, where: str) -> dict[str, Any]:
    try:
        return per_notice_values(values or {})
    except KeyError as exc:
        raise NoticeError(
            "unknown_value",
            _("%(where)s に使えない項目があります: %(name)s（使えるのは 決定額・理由・条件・備考）")
            % {"where": where, "name": exc.args[0]},
        ) from None


def notices_issue_batch(
    *,
    template: NoticeTemplate,
    applications: Iterable[Application],
    actor: User | None,
    decided_on: datetime.date,
    issue_date: datetime.date | None = None,
    values: Mapping[str, Any] | None = None,
    item_values: Mapping[int, Mapping[str, Any]] | None = None,
    with_pdf: bool = True,
    source: str = "web",
    source_ref: str = "",
    allow_reissue: bool = False,
    schedule: bool = True,
    request: Any = None,
) -> NoticeBatch:
    """Record a batch of notices from `template`'s current version, one per application (in receipt
    number order, which is also the order of their 文書番号), and schedule it.

    `values` are per-notice placeholders common to all (e.g. {"理由": ...}); `item_values` maps an
    application's id to its own (e.g. {"決定額": 1200000}). `issue_date` (発行日, the notice's date,
    which decides the numbering year) defaults to `decided_on`. Raises NoticeError when the template
    has no version or is inactive, an application belongs to another unit, already has an issued
    notice from this template (unless `allow_reissue`), or when PDFs are asked for and LibreOffice
    is missing. With `schedule=False` the caller runs it (`issuing.batch_run`, as the command does
    to show its progress)."""
    version = template_version_current(template)
    if version is None or not template.is_active:
        raise NoticeError(
            "no_template", _("この様式には使える版がありません。Word のファイルを登録してください。")
        )
    if template.numbering_scheme is not None and not template.numbering_scheme.is_active:
        raise NoticeError("scheme_inactive", _("この様式の文書番号の体系は使われていません。"))
    if with_pdf and soffice_path() is None:
        raise NoticeError(
            "pdf_unavailable",
            _("PDF を作るための LibreOffice がこのサーバーにありません。管理者に連絡してください。"),
            503,
        )
    chosen = sorted({a.pk: a for a in applications}.values(), key=lambda a: a.receipt_number)
    if not chosen:
        raise NoticeError("no_applications", _("通知する申請を1件以上選んでください。"))
    if len(chosen) > MAX_BATCH:
        raise NoticeError(
            "too_many", _("一度に作成できるのは %(max)s 件までです。") % {"max": f"{MAX_BATCH:,}"}
        )
    if any(a.unit_id != template.unit_id for a in chosen):
        raise NoticeError("other_unit", _("様式の所属とは別の所属の申請が含まれています。"))
    common = _values(values, "共通の値")
    per_item = {pk: _values(v, f"申請 {pk} の値") for pk, v in (item_values or {}).items()}
    if not allow_reissue:
        issued = (
            Notice.objects.filter(
                application__in=chosen, template_version__template=template, status=NoticeStatus.ISSUED
            )
            .values_list("application__receipt_number", flat=True)
            .distinct()
        )
        in_progress = NoticeBatchItem.objects.filter(
            application__in=chosen, batch__template=template, status=ItemStatus.PENDING
        ).values_list("application__receipt_number", flat=True)
        if already := sorted(set(issued) | set(in_progress)):
            raise NoticeError(
                "already_issued",
                _("次の申請にはこの様式の通知書を発行済みです: %(numbers)s")
                % {"numbers": "、".join(already[:20])},
            )
    with transaction.atomic():
        batch = NoticeBatch.objects.create(
            template=template,
            template_version=version,
            unit=template.unit,
            decided_on=decided_on,
            issue_date=issue_date or decided_on,
            values=common,
            with_pdf=with_pdf,
            total=len(chosen),
            source=source[:30],
            source_ref=source_ref[:100],
            created_by=actor,
        )
        NoticeBatchItem.objects.bulk_create(
            NoticeBatchItem(batch=batch, application=a, position=i, values=per_item.get(a.pk, {}))
            for i, a in enumerate(chosen)
        )
        audit_record(
            action="notices.batch_created",
            actor=actor,
            obj=batch,
            unit_code=template.unit.code,
            request=request,
            detail={
                "template": template.pk,
                "template_version": version.number,
                "applications": len(chosen),
                "source": source,
                "source_ref": source_ref,
            },
        )
        if schedule:
            notice_batch_schedule(batch)
    return batch


def notice_batch_retry(*, batch: NoticeBatch, actor: User, request: Any = None) -> int:
    """Make the failed items pending again and run the batch (also resumes a run that stopped).
    Returns how many items were reset."""
    with transaction.atomic():
        locked = NoticeBatch.objects.select_for_update().get(pk=batch.pk)
        reset = locked.items.filter(status=ItemStatus.FAILED).update(
            status=ItemStatus.PENDING, error_code="", error_message=""
        )
        pending = locked.items.filter(status=ItemStatus.PENDING).count()
        if pending:
            locked.status = BatchStatus.PENDING
            locked.failed = locked.items.filter(status=ItemStatus.FAILED).count()
            locked.finished_at = None
            locked.save(update_fields=["status", "failed", "finished_at"])
            audit_record(
                action="notices.batch_resumed",
                actor=actor,
                obj=locked,
                unit_code=locked.unit.code,
                request=request,
                detail={"reset_failed": reset, "pending": pending},
            )
            notice_batch_schedule(locked)
    return reset


def runner() -> str:
    configured = getattr(settings, "KENCHO_NOTICES_BATCH_RUNNER", "")
    if configured in RUNNERS:
        return str(configured)
    return "thread" if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True) else "celery"


def notice_batch_schedule(batch: NoticeBatch) -> None:
    """Run the batch after the current transaction commits (never when it rolls back)."""
    from .issuing import batch_run
    from .tasks import notice_batch_run

    how = runner()
    if how == "celery":
        enqueue_after_commit(notice_batch_run, batch.pk)
    elif how == "thread":
        transaction.on_commit(partial(_start_thread, batch.pk))
    else:
        transaction.on_commit(partial(batch_run, batch_id=batch.pk))


def _start_thread(batch_id: int) -> None:
    """Without workers (a town's single machine) a batch of hundreds of notices would hold the
    request for minutes; it runs in a thread of this process instead. If the process stops, the
    rest stays pending and the batch page offers to resume it."""
    threading.Thread(
        target=_run_in_thread, args=(batch_id,), name=f"notice-batch-{batch_id}", daemon=True
    ).start()


def _run_in_thread(batch_id: int) -> None:
    from .issuing import batch_run

    try:
        batch_run(batch_id=batch_id)
    except Exception:  # a thread has no caller to tell: log it; the items stay pending for a resume
        logger.exception("notice batch %s stopped", batch_id)
    finally:
        connection.close()


def batch_is_stalled(batch: NoticeBatch, *, now: datetime.datetime | None = None) -> bool:
    """A run that has shown no progress for KENCHO_NOTICES_STALL_SECONDS (the process stopped)."""
    if batch.is_finished:
        return False
    seconds = int(getattr(settings, "KENCHO_NOTICES_STALL_SECONDS", 300))
    last = batch.heartbeat_at or batch.created_at
    return bool(last and (now or timezone.now()) - last > datetime.timedelta(seconds=seconds))
