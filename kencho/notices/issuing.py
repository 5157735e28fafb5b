"""Making a batch's notices: render, convert to PDF, number and store them, chunk by chunk.

A chunk's 文書番号 are predicted from the counter (`numbers_peek`), the documents are rendered and
converted to PDF outside any transaction, and then one short transaction takes the numbers for real
(`numbers_allocate`), stores the files and records the notices. If another issuer took numbers in
between, the prediction is wrong, the transaction rolls back (the numbers go back to the counter) and
the chunk is made again. After a few misses the chunk is made one notice at a time with the counter
locked while it renders, which is slow but always succeeds. So a number is committed only together
with its notice and PDF: no gaps, no repeats, and no lock held while LibreOffice runs.

Idempotent per application: only pending items are made, each inside the transaction that locks it,
and a notice is unique per (batch, application). A run that stops half-way leaves the rest pending
for the next run.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kencho.core.audit import audit_record

from .models import (
    BatchStatus,
    ItemStatus,
    Notice,
    NoticeBatch,
    NoticeBatchItem,
    NumberingScheme,
    YearBasis,
)
from .numbering import number_format, numbering_year, numbers_allocate, numbers_peek, year_label
from .pdf import PdfConversionFailed, PdfUnavailable, docx_to_pdf_many
from .placeholders import application_context
from .templating import RenderFailed, render_docx

logger = logging.getLogger(__name__)
OPTIMISTIC_ATTEMPTS = 3
Progress = Callable[[NoticeBatch], None]


class _Stale(Exception):
    """The predicted numbers or the pending items changed before the chunk's transaction."""


@dataclass
class _Made:
    item: NoticeBatchItem
    sequence: int | None
    number: str
    docx: bytes
    pdf: bytes | None


def chunk_size() -> int:
    return max(1, int(getattr(settings, "KENCHO_NOTICES_CHUNK_SIZE", 25)))


def _fiscal_year_label(day: datetime.date) -> str:
    fiscal = NumberingScheme(year_basis=YearBasis.FISCAL)
    return year_label(fiscal, numbering_year(fiscal, day))


def _scheme(batch: NoticeBatch) -> NumberingScheme | None:
    return batch.template.numbering_scheme


def _render(batch: NoticeBatch, template: bytes, item: NoticeBatchItem, number: str) -> bytes:
    context = application_context(
        item.application,
        number=number,
        issue_date=batch.issue_date,
        decided_on=batch.decided_on,
        sender=batch.template.sender,
        values={**batch.values, **item.values},
        fiscal_year=_fiscal_year_label(batch.issue_date),
    )
    return render_docx(template, context)


def _fail(batch: NoticeBatch, items: list[NoticeBatchItem], code: str, message: str) -> None:
    """Record why these items were not made (each keeps its place; a retry makes them pending again)."""
    if not items:
        return
    with transaction.atomic():
        ids = [i.pk for i in items]
        list(NoticeBatchItem.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        changed = NoticeBatchItem.objects.filter(
            pk__in=[i.pk for i in items], status=ItemStatus.PENDING
        ).update(
            status=ItemStatus.FAILED,
            error_code=code,
            error_message=message[:2000],
            attempts=F("attempts") + 1,
        )
        NoticeBatch.objects.filter(pk=batch.pk).update(
            failed=F("failed") + changed, heartbeat_at=timezone.now()
        )


def _make(
    batch: NoticeBatch, template: bytes, items: list[NoticeBatchItem], first: int | None
) -> list[_Made]:
    """Render (and convert) the items with consecutive numbers from `first`. Items that cannot be
    rendered are recorded as failed and skipped without using a number."""
    scheme = _scheme(batch)
    made: list[_Made] = []
    for item in items:
        sequence = None if first is None else first + len(made)
        number = ""
        if scheme is not None and sequence is not None:
            number = number_format(scheme, year=numbering_year(scheme, batch.issue_date), sequence=sequence)
        try:
            docx = _render(batch, template, item, number)
        except RenderFailed as exc:
            _fail(batch, [item], exc.code, exc.message)
            continue
        made.append(_Made(item, sequence, number, docx, None))
    if batch.with_pdf and made:
        pdfs = docx_to_pdf_many([m.docx for m in made])
        missing = [m.item for m, pdf in zip(made, pdfs, strict=True) if pdf is None]
        if missing:
            _fail(
                batch,
                missing,
                "pdf_failed",
                _("PDF を作成できませんでした。様式を Word で開けるか確かめてください。"),
            )
            raise _Stale  # the numbers after a missing PDF have moved; make the rest again
        for m, pdf in zip(made, pdfs, strict=True):
            m.pdf = pdf
    return made


def _store(batch: NoticeBatch, made: list[_Made], year: int | None) -> None:
    """Inside the chunk's transaction: save the files and record notices, items, counts and audit."""
    scheme = _scheme(batch)
    now = timezone.now()
    saved: list[str] = []
    try:
        notices = []
        for m in made:
            notice = Notice(
                application=m.item.application,
                template_version=batch.template_version,
                batch=batch,
                scheme=scheme if m.sequence is not None else None,
                year=year if m.sequence is not None else None,
                sequence=m.sequence,
                number=m.number,
                issue_date=batch.issue_date,
                docx_sha256=hashlib.sha256(m.docx).hexdigest(),
                pdf_sha256=hashlib.sha256(m.pdf).hexdigest() if m.pdf is not None else "",
                issued_at=now,
                issued_by=batch.created_by,
            )
            notice.docx.save("notice.docx", ContentFile(m.docx), save=False)
            saved.append(notice.docx.name or "")
            if m.pdf is not None:
                notice.pdf.save("notice.pdf", ContentFile(m.pdf), save=False)
                saved.append(notice.pdf.name or "")
            notices.append(notice)
        Notice.objects.bulk_create(notices)
        for m in made:
            NoticeBatchItem.objects.filter(pk=m.item.pk).update(
                status=ItemStatus.ISSUED, error_code="", error_message="", attempts=F("attempts") + 1
            )
        NoticeBatch.objects.filter(pk=batch.pk).update(done=F("done") + len(made), heartbeat_at=now)
        # Audit last: its lock serialises every audited write, so it is held only for these inserts.
        for notice, m in zip(notices, made, strict=True):
            audit_record(
                action="notices.notice_issued",
                actor=batch.created_by,
                obj=notice,
                unit_code=batch.unit.code,
                detail={
                    "number": notice.number,
                    "receipt_number": m.item.application.receipt_number,
                    "template_version": batch.template_version_id,
                    "batch": str(batch.public_id),
                    "pdf_sha256": notice.pdf_sha256,
                },
            )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def _pending(ids: list[int]) -> list[NoticeBatchItem]:
    return list(
        NoticeBatchItem.objects.filter(pk__in=ids, status=ItemStatus.PENDING)
        .select_related("application__procedure", "application__unit", "application__form_version")
        .order_by("position")
    )


def _commit(batch: NoticeBatch, made: list[_Made], first: int | None) -> None:
    scheme = _scheme(batch)
    with transaction.atomic():
        # Items are locked in id order, so two runs of one batch never wait on each other in a circle.
        locked = set(
            NoticeBatchItem.objects.select_for_update()
            .filter(pk__in=[m.item.pk for m in made], status=ItemStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if len(locked) != len(made):
            raise _Stale
        year = None
        if scheme is not None:
            year, allocated = numbers_allocate(scheme=scheme, day=batch.issue_date, count=len(made))
            if allocated != first:
                raise _Stale
        _store(batch, made, year)


def _issue_chunk(batch: NoticeBatch, template: bytes, ids: list[int]) -> None:
    scheme = _scheme(batch)
    for _attempt in range(OPTIMISTIC_ATTEMPTS):
        items = _pending(ids)
        if not items:
            return
        first = numbers_peek(scheme=scheme, day=batch.issue_date) if scheme is not None else None
        try:
            made = _make(batch, template, items, first)
            if made:
                _commit(batch, made, first)
            return
        except _Stale:
            continue
        except PdfConversionFailed:
            if len(items) == 1:
                _fail(batch, items, "pdf_failed", _("PDF を作成できませんでした（変換が失敗しました）。"))
                return
            break  # find the document that breaks the converter: one at a time below
    for item in _pending(ids):
        _issue_one_locked(batch, template, item)


def _issue_one_locked(batch: NoticeBatch, template: bytes, item: NoticeBatchItem) -> None:
    """The slow path: one notice, its number taken first and held while it is rendered."""
    scheme = _scheme(batch)
    try:
        with transaction.atomic():
            if (
                not NoticeBatchItem.objects.select_for_update()
                .filter(pk=item.pk, status=ItemStatus.PENDING)
                .exists()
            ):
                return
            year = first = None
            if scheme is not None:
                year, first = numbers_allocate(scheme=scheme, day=batch.issue_date, count=1)
            number = number_format(scheme, year=year, sequence=first) if scheme and year and first else ""
            docx = _render(batch, template, item, number)
            pdf = docx_to_pdf_many([docx])[0] if batch.with_pdf else None
            if batch.with_pdf and pdf is None:
                raise PdfConversionFailed("no PDF")
            _store(batch, [_Made(item, first, number, docx, pdf)], year)
    except RenderFailed as exc:
        _fail(batch, [item], exc.code, exc.message)
    except PdfConversionFailed:
        _fail(batch, [item], "pdf_failed", _("PDF を作成できませんでした（変換が失敗しました）。"))


def batch_run(*, batch_id: int, progress: Progress | None = None) -> NoticeBatch:
    """Make every pending notice of the batch, chunk by chunk, then mark it finished. Safe to call
    again, also while another run is going: each item is made once."""
    batch = NoticeBatch.objects.select_related(
        "template__numbering_scheme", "template_version", "unit", "created_by"
    ).get(pk=batch_id)
    now = timezone.now()
    NoticeBatch.objects.filter(pk=batch.pk).exclude(status=BatchStatus.COMPLETED).update(
        status=BatchStatus.RUNNING,
        started_at=Coalesce(F("started_at"), now),
        heartbeat_at=now,
        finished_at=None,
    )
    with batch.template_version.file.open("rb") as handle:
        template = handle.read()
    after = -1
    size = chunk_size()
    while True:
        rows = list(
            batch.items.filter(status=ItemStatus.PENDING, position__gt=after)
            .order_by("position")
            .values_list("pk", "position")[:size]
        )
        if not rows:
            break
        after = rows[-1][1]
        try:
            _issue_chunk(batch, template, [pk for pk, _position in rows])
        except PdfUnavailable:
            _fail(
                batch,
                _pending([pk for pk, _p in rows]),
                "pdf_unavailable",
                _("PDF を作るための LibreOffice がこのサーバーにありません。管理者に連絡してください。"),
            )
        if progress is not None:
            batch.refresh_from_db(fields=["done", "failed", "status", "heartbeat_at"])
            progress(batch)
    return _finish(batch)


def _finish(batch: NoticeBatch) -> NoticeBatch:
    with transaction.atomic():
        locked = NoticeBatch.objects.select_for_update().get(pk=batch.pk)
        counts: dict[str, Any] = {
            status: locked.items.filter(status=status).count()
            for status in (ItemStatus.ISSUED, ItemStatus.FAILED, ItemStatus.PENDING)
        }
        locked.done, locked.failed = counts[ItemStatus.ISSUED], counts[ItemStatus.FAILED]
        if counts[ItemStatus.PENDING] == 0 and not locked.is_finished:
            locked.status = BatchStatus.COMPLETED_WITH_FAILURES if locked.failed else BatchStatus.COMPLETED
            locked.finished_at = timezone.now()
            audit_record(
                action="notices.batch_finished",
                actor=locked.created_by,
                obj=locked,
                unit_code=batch.unit.code,
                detail={"done": locked.done, "failed": locked.failed, "total": locked.total},
            )
        locked.save(update_fields=["done", "failed", "status", "finished_at"])
    return locked
