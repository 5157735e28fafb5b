"""Background work through a real Celery worker and Redis: a submission commits, its tasks travel
through the broker, and a separate worker process renders the PDF and sends the e-mail."""

import email
import email.policy
import os
import subprocess
import sys
import textwrap
import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from kombu import pools as kombu_pools

from kencho.celery import app
from kencho.procedures.models import Application
from kencho.procedures.services import application_submit
from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

REDIS_URL = os.environ.get("KENCHO_TEST_REDIS_URL", "")
WAIT_SECONDS = 60

# Every test that starts a real worker: Redis and a database the worker process can share.
WORKER_MARKS = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not REDIS_URL, reason="set KENCHO_TEST_REDIS_URL=redis://127.0.0.1:6379/15 to run a worker"
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share with the test (PostgreSQL)",
    ),
]
pytestmark = WORKER_MARKS


def database_url_for_worker():
    """The test database as a URL for another process. pytest-django renamed NAME to the test
    database's name by the time a test runs."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "127.0.0.1"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(s['NAME'], safe='')}"


def forget_broker_connections():
    """Drop the connection pools the app made for its earlier broker settings, so that the next task is
    sent according to the current ones. (Tests that ran tasks eagerly still opened a pool for the
    default broker, amqp://localhost: Celery serialises eager tasks through a producer.) Kombu keeps
    pools in a process-wide registry keyed by connection, and Celery keeps its own references in
    attributes it resets only after a fork (`Celery._after_fork`), which the type stubs do not declare;
    both are cleared so that fresh pools are made on next use."""
    kombu_pools.reset()
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextmanager
def tasks_sent_to(broker_url, queue):
    """Send tasks from this process to the broker instead of running them eagerly. The Celery app read
    its configuration at import (and earlier tests may have opened connections), so it is changed
    there, and put back afterwards."""
    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
        "task_default_queue": app.conf.task_default_queue,
    }
    app.conf.update(task_always_eager=False, broker_url=broker_url, task_default_queue=queue)
    forget_broker_connections()
    try:
        yield
    finally:
        forget_broker_connections()
        app.conf.update(saved)


@contextmanager
def celery_worker(*, tmp_path, broker_url, queue, media_root, mail_dir):
    """A worker in its own process, with the test settings except for the database (the test
    database), the broker, the media directory and a file-based e-mail backend."""
    settings_dir = tmp_path / "worker_settings"
    settings_dir.mkdir()
    (settings_dir / "kencho_worker_settings.py").write_text(
        textwrap.dedent(
            f"""\
            from kencho.settings.test import *  # noqa: F403

            EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
            EMAIL_FILE_PATH = {str(mail_dir)!r}
            """
        )
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kencho_worker_settings",
        PYTHONPATH=os.pathsep.join(
            [str(settings_dir), str(django_settings.BASE_DIR), env.get("PYTHONPATH", "")]
        ),
        DATABASE_URL=database_url_for_worker(),
        DATABASE_CONN_MAX_AGE="0",
        CELERY_BROKER_URL=broker_url,
        KENCHO_MEDIA_ROOT=str(media_root),
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "kencho",
                "worker",
                "--queues",
                queue,
                "--pool",
                "solo",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            env=env,
            cwd=django_settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield log_path
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=10)


def wait_for(condition, *, log_path, what):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.25)
    tail = log_path.read_text(errors="replace")[-4000:]
    pytest.fail(f"the worker did not {what} within {WAIT_SECONDS} s; its log ends with:\n{tail}")


def sent_messages(mail_dir):
    """The e-mails the file-based backend wrote, parsed. Each file holds messages separated by a
    line of 79 dashes."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(email.message_from_bytes(raw, policy=email.policy.default))
    return messages


@pytest.fixture
def queue():
    """A queue of this run's own, so that the worker of another test run sharing the Redis database
    cannot take these tasks, nor this worker theirs. Only this queue's keys are deleted afterwards,
    never the whole database."""
    name = f"kencho-test-{uuid.uuid4().hex}"
    yield name
    broker = redis.Redis.from_url(REDIS_URL)
    broker.delete(name, *broker.scan_iter(f"_kombu.binding*.{name}"))


def test_worker_renders_the_pdf_and_sends_the_email_after_commit(units, tmp_path, settings, queue):
    media_root = tmp_path / "media"
    mail_dir = tmp_path / "mail"
    media_root.mkdir()
    mail_dir.mkdir()
    settings.MEDIA_ROOT = media_root
    # The Celery app's own configuration is switched by tasks_sent_to(); changing Django's
    # CELERY_* settings here as well would make it save and later restore the overridden values.
    settings.KENCHO_RENDER_PDF_ON_SUBMIT = True  # decided by the submitting process: workers run
    procedure = make_procedure(unit=units["section"])

    with (
        celery_worker(
            tmp_path=tmp_path, broker_url=REDIS_URL, queue=queue, media_root=media_root, mail_dir=mail_dir
        ) as log,
        tasks_sent_to(REDIS_URL, queue),
    ):
        result = application_submit(
            procedure=procedure, answers=dict(VALID_ANSWERS), applicant=None, language="ja"
        )
        application = result.application
        # Nothing ran here: the work went to the broker.
        assert not Application.objects.get(pk=application.pk).pdf

        pdf_name = wait_for(
            lambda: Application.objects.filter(pk=application.pk).values_list("pdf", flat=True).get(),
            log_path=log,
            what="store the PDF",
        )
        messages = wait_for(lambda: sent_messages(mail_dir), log_path=log, what="send the e-mail")

    assert pdf_name.endswith(f"{application.receipt_number}.pdf")
    assert (media_root / pdf_name).read_bytes().startswith(b"%PDF")
    assert len(messages) == 1
    assert messages[0]["To"] == VALID_ANSWERS["email"]
    assert application.receipt_number in messages[0]["Subject"]
    assert redis.Redis.from_url(REDIS_URL).llen(queue) == 0
