"""文書番号 under real concurrency on PostgreSQL: threads with connections of their own, released
together, take numbers from one counter. SQLite serialises writers at BEGIN, so only PostgreSQL
shows these races."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.db import connection, transaction

from kencho.procedures.tests.test_concurrency import race

from ..batches import notices_issue_batch
from ..issuing import batch_run
from ..models import BatchStatus, Notice, NoticeBatch, NoticeKind, NumberCounter
from ..numbering import numbers_allocate
from .factories import make_applications, make_notice_procedure, make_scheme, make_template

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://...)",
    ),
]
DAY = datetime.date(2025, 6, 2)


class RolledBack(Exception):
    pass


def test_100_parallel_allocations_are_distinct_and_gapless(units: dict[str, Any]) -> None:
    scheme = make_scheme(units["section"])

    def allocate(i: int) -> int:
        with transaction.atomic():
            return numbers_allocate(scheme=scheme, day=DAY)[1]

    outcomes = race(100, allocate)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted(outcomes) == list(range(1, 101))
    assert NumberCounter.objects.get(scheme=scheme).last_value == 100


def test_rolled_back_allocations_leave_no_gap(units: dict[str, Any]) -> None:
    scheme = make_scheme(units["section"])

    def allocate_and_sometimes_fail(i: int) -> int:
        with transaction.atomic():
            number = numbers_allocate(scheme=scheme, day=DAY)[1]
            if i % 4 == 0:
                raise RolledBack(number)
            return number

    outcomes = race(100, allocate_and_sometimes_fail)

    kept = sorted(o for o in outcomes if isinstance(o, int))
    assert sum(isinstance(o, RolledBack) for o in outcomes) == 25
    assert kept == list(range(1, 76))
    assert NumberCounter.objects.get(scheme=scheme).last_value == 75


def test_parallel_batches_on_one_scheme_number_every_notice_once(
    units: dict[str, Any], settings: Any
) -> None:
    """Eight batches run at once and race on the same counter: the optimistic chunks that lose the
    race are made again, and in the end the numbers are exactly 1..N."""
    settings.KENCHO_NOTICES_BATCH_RUNNER = "thread"
    settings.KENCHO_NOTICES_CHUNK_SIZE = 3
    unit = units["section"]
    scheme = make_scheme(unit)
    template = make_template(unit, scheme=scheme, kind=NoticeKind.REJECTION, name="不受理通知")
    applications = make_applications(make_notice_procedure(unit), 40)
    batches = [
        notices_issue_batch(
            template=template,
            applications=applications[i * 5 : (i + 1) * 5],
            actor=None,
            decided_on=DAY,
            values={"理由": "期限後"},
            with_pdf=False,
        )
        for i in range(8)
    ]
    # Each batch's own thread is running; these calls race with them and with each other.
    outcomes = race(16, lambda i: batch_run(batch_id=batches[i % 8].pk).done)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    deadline = time.monotonic() + 120
    while (
        NoticeBatch.objects.filter(status=BatchStatus.COMPLETED).count() < 8 and time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert NoticeBatch.objects.filter(status=BatchStatus.COMPLETED, done=5).count() == 8
    sequences = sorted(n or 0 for n in Notice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
    assert Notice.objects.values("application").distinct().count() == 40
