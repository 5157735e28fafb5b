"""A batch through a real Celery worker and Redis: the batch commits, its task travels through the
broker, and a separate worker process makes the notices (with PDFs) while this process watches."""

from __future__ import annotations

import datetime
from typing import Any

from kencho.core.tests.test_worker import (
    REDIS_URL,
    WORKER_MARKS,
    celery_worker,
    queue,
    tasks_sent_to,
    wait_for,
)

from ..batches import notices_issue_batch
from ..models import BatchStatus, Notice, NoticeBatch, NoticeKind
from .conftest import needs_libreoffice
from .factories import make_applications, make_notice_procedure, make_scheme, make_template

pytestmark = [*WORKER_MARKS, needs_libreoffice]
__all__ = ["queue"]


def test_worker_makes_the_batch_after_commit(
    units: dict[str, Any], tmp_path: Any, settings: Any, queue: str
) -> None:
    media_root = tmp_path / "media"
    mail_dir = tmp_path / "mail"
    media_root.mkdir()
    mail_dir.mkdir()
    settings.MEDIA_ROOT = media_root
    settings.KENCHO_NOTICES_BATCH_RUNNER = "celery"
    unit = units["section"]
    template = make_template(unit, scheme=make_scheme(unit), kind=NoticeKind.REJECTION, name="不受理通知")
    applications = make_applications(make_notice_procedure(unit), 3)

    with (
        celery_worker(
            tmp_path=tmp_path, broker_url=REDIS_URL, queue=queue, media_root=media_root, mail_dir=mail_dir
        ) as log,
        tasks_sent_to(REDIS_URL, queue),
    ):
        batch = notices_issue_batch(
            template=template,
            applications=applications,
            actor=None,
            decided_on=datetime.date(2025, 6, 2),
            values={"理由": "期限後の申請のため。"},
        )
        wait_for(
            lambda: NoticeBatch.objects.filter(pk=batch.pk, status=BatchStatus.COMPLETED).exists(),
            log_path=log,
            what="finish the batch",
        )

    notices = list(Notice.objects.order_by("sequence"))
    assert [n.number for n in notices] == ["三重県指令 環第1号", "三重県指令 環第2号", "三重県指令 環第3号"]
    assert all((media_root / (n.pdf.name or "")).read_bytes().startswith(b"%PDF") for n in notices)
