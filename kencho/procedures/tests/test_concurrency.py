"""Submissions racing on PostgreSQL: real threads, each with its own connection, released together by a
barrier so that they hit the receipt counter, the idempotency constraint and the capacity lock at the
same moment. SQLite serialises writers at BEGIN, so these races only exist on PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from .. import errors
from ..models import Application
from ..services import application_submit
from .factories import VALID_ANSWERS, make_procedure

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://...)",
    ),
]

WORKERS = 16


@pytest.fixture
def procedure(units):
    return make_procedure(unit=units["section"])


@pytest.fixture
def scheduled_tasks(monkeypatch, settings):
    """Background work that reached a commit, by task name. The PDFs and e-mails are not what races
    here, so they are recorded instead of run; a rolled-back submission must schedule nothing. The
    PDF is scheduled at submission, as it is when workers run."""
    settings.KENCHO_RENDER_PDF_ON_SUBMIT = True
    done: list[str] = []
    lock = threading.Lock()

    def record(name):
        with lock:
            done.append(name)

    def enqueue_after_commit(task, *args, **kwargs):
        transaction.on_commit(partial(record, task.name))

    monkeypatch.setattr("kencho.procedures.services.enqueue_after_commit", enqueue_after_commit)
    monkeypatch.setattr(
        "kencho.core.mail.send_email",
        SimpleNamespace(delay=lambda **kwargs: record("kencho.core.tasks.send_email")),
    )
    return done


def race(count, call):
    """Call `call(i)` for i in range(count) from WORKERS threads, released together. Returns each
    call's result or the exception it raised, in call order."""
    barrier = threading.Barrier(min(count, WORKERS))

    def run(i):
        try:
            if i < WORKERS:
                barrier.wait(timeout=30)
            return call(i)
        except Exception as exc:  # the test inspects every outcome, failures included
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(run, range(count)))


def submit(procedure, i, **kwargs):
    answers = {**VALID_ANSWERS, "reason": f"理由 {i}"} if i is not None else dict(VALID_ANSWERS)
    return application_submit(procedure=procedure, answers=answers, applicant=None, language="ja", **kwargs)


def sequence_of(receipt_number):
    return int(receipt_number.split("-")[1])


def test_parallel_submissions_get_distinct_consecutive_receipt_numbers(procedure, scheduled_tasks):
    outcomes = race(50, lambda i: submit(procedure, i))

    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert failures == []
    numbers = [o.application.receipt_number for o in outcomes]
    assert len(set(numbers)) == 50
    sequence = sorted(sequence_of(n) for n in numbers)
    assert sequence == list(range(sequence[0], sequence[0] + 50))
    assert Application.objects.count() == 50
    assert set(Application.objects.values_list("receipt_number", flat=True)) == set(numbers)
    assert scheduled_tasks.count("kencho.procedures.tasks.application_render_pdf") == 50


def test_parallel_retries_with_one_key_create_one_application(procedure, scheduled_tasks):
    outcomes = race(50, lambda i: submit(procedure, None, idempotency_key="same-key-for-everyone"))

    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert failures == []
    assert sum(o.created for o in outcomes) == 1
    assert {o.application.receipt_number for o in outcomes} == {Application.objects.get().receipt_number}
    # The losers rolled back: no receipt number was used up, and no second PDF or e-mail was scheduled.
    assert scheduled_tasks.count("kencho.procedures.tasks.application_render_pdf") == 1
    first_number = sequence_of(outcomes[0].application.receipt_number)
    assert sequence_of(submit(procedure, 1).application.receipt_number) == first_number + 1


def test_capacity_is_never_exceeded_by_parallel_submissions(units, scheduled_tasks):
    procedure = make_procedure(unit=units["section"], slug="limited", capacity=10)

    outcomes = race(30, lambda i: submit(procedure, i))

    accepted = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(accepted) == 10
    assert len(refused) == 20
    assert all(isinstance(e, errors.ProcedureError) and e.code == "capacity_reached" for e in refused)
    assert Application.objects.filter(procedure=procedure).count() == 10
    sequence = sorted(sequence_of(o.application.receipt_number) for o in accepted)
    assert sequence == list(range(sequence[0], sequence[0] + 10))
