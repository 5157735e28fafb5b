"""Submissions per second through the whole stack, against the same machine's raw PostgreSQL commit rate.

    .venv/bin/python bench/submit.py [--requests N] [--concurrency C] [--workers W] [--threads T]

Creates a fresh PostgreSQL database, migrates it and loads the demo data, then for each phase starts
Kencho under gunicorn (production settings, loopback only) and sends N guest applications for the
student meal-ticket procedure from a separate process, C at a time, each with its own Idempotency-Key:

- inline: no broker, as on a single machine without Redis: the acknowledgement e-mail is sent from
  the request's process after commit, and the PDF follows the settings' default for that set-up
  (KENCHO_RENDER_PDF_ON_SUBMIT);
- inline-pdf: no broker and KENCHO_RENDER_PDF_ON_SUBMIT=1: the PDF is also rendered in the request
  after commit (--pdf-requests, fewer, as each costs a PDF);
- queued: a Redis broker is configured, so the e-mail and the PDF are queued for a worker (no worker
  runs; the queue is counted and flushed afterwards).

The PDFs column counts the phase's applications that had their PDF when the phase ended.

It checks that every acknowledged receipt number is stored exactly once, that no extra rows exist,
and that retrying 50 acknowledged requests with their keys returns the same receipt numbers without
new rows. The baseline is one INSERT + COMMIT per transaction of a comparable row (text and jsonb)
from C threads with psycopg. Finally it stops gunicorn and drops the database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
from psycopg import sql
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
SLUG = "student-meal-ticket"
SUBMIT_PATH = f"/api/v1/procedures/{SLUG}/applications"
RETRIES = 50
REQUEST_TIMEOUT = 60.0


def answers(i: int) -> dict[str, Any]:
    """Valid answers to the meal-ticket form (kencho/procedures/demo/meal_ticket.json), without the
    optional student-card photo."""
    return {
        "name": {"name": f"三重 花子{i}", "kana": "ミエ ハナコ"},
        "birth_date": "2004-04-01",
        "email": f"student{i}@example.jp",
        "phone": "059-224-2000",
        "address": {"postal_code": "514-0006", "address": "三重県津市広明町13番地"},
        "school_kind": "university",
        "school_name": "三重大学",
        "student_number": f"S{i:07d}",
        "agree": True,
    }


# --- Load generator: runs in a separate process ---------------------------------------------------


@dataclass(frozen=True)
class Sent:
    key: str
    status: int  # 0 when no HTTP answer came back
    latency: float
    receipt_number: str
    error: str = ""


def _post(port: int, key: str, body: bytes) -> Sent:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(
            "POST",
            SUBMIT_PATH,
            body=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": key, "Connection": "close"},
        )
        response = conn.getresponse()
        payload = response.read()
        latency = time.perf_counter() - started
        receipt = ""
        if response.status in (200, 201):
            receipt = str(json.loads(payload)["receipt_number"])
        return Sent(key, response.status, latency, receipt)
    except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
        return Sent(key, 0, time.perf_counter() - started, "", type(exc).__name__)
    finally:
        conn.close()


def send_all(
    port: int, requests: list[tuple[str, bytes]], concurrency: int, seconds: float | None = None
) -> tuple[list[Sent], float]:
    """POST each (key, body) from `concurrency` threads, starting no new request after `seconds`;
    returns the answers and the wall time."""
    results: list[Sent] = []
    lock = threading.Lock()
    pending = iter(requests)
    start = threading.Barrier(concurrency + 1)

    def worker() -> None:
        start.wait()
        while True:
            with lock:
                item = next(pending, None)
            if item is None or (seconds is not None and time.perf_counter() - began > seconds):
                return
            sent = _post(port, *item)
            with lock:
                results.append(sent)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def raw_commit_rate(dsn: str, concurrency: int, seconds: float, row: dict[str, Any]) -> tuple[int, float]:
    """One INSERT + COMMIT per transaction from `concurrency` threads for `seconds`."""
    counts = [0] * concurrency
    start = threading.Barrier(concurrency + 1)
    stop = threading.Event()

    def worker(n: int) -> None:
        with psycopg.connect(dsn) as conn:
            start.wait()
            while not stop.is_set():
                conn.execute("INSERT INTO bench_raw (t, j) VALUES (%s, %s)", (f"R7-{n:08d}", Jsonb(row)))
                conn.commit()
                counts[n] += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(counts), time.perf_counter() - began


# --- Orchestration ---------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    planned: int
    requests: int = 0
    pdfs: int = 0
    acknowledged: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    checks: dict[str, bool] = field(default_factory=dict)
    queued_tasks: int | None = None

    @property
    def rate(self) -> float:
        return self.acknowledged / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_recreate(admin_url: str, name: str) -> str:
    """Drop the benchmark database if an earlier run left it, create it empty, and return its URL."""
    database = sql.Identifier(name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(database))
    return with_database(admin_url, name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_client(url: str) -> redis.Redis:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    client.ping()
    return client


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int, log_path: Path) -> Iterator[int]:
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "kencho.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    with log_path.open("ab") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(server, port, log_path)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


def wait_healthy(server: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            if response.status == 200 and json.loads(response.read()).get("migrations_applied"):
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not become healthy; log:\n{log_path.read_text(errors='replace')[-3000:]}")


def application_rows(dsn: str, prefix: str) -> tuple[int, dict[str, str], list[int], int]:
    """All of the procedure's rows; the phase's rows as key -> receipt number, their sequence numbers,
    and how many of them have a PDF."""
    with psycopg.connect(dsn) as conn:
        total = conn.execute(
            "SELECT count(*) FROM procedures_application a"
            " JOIN procedures_procedure p ON a.procedure_id = p.id WHERE p.slug = %s",
            (SLUG,),
        ).fetchone()
        rows = conn.execute(
            "SELECT idempotency_key, receipt_number, pdf FROM procedures_application"
            " WHERE idempotency_key LIKE %s",
            (prefix + "%",),
        ).fetchall()
    by_key = {str(k): str(r) for k, r, _pdf in rows}
    sequence = sorted(int(str(r).rsplit("-", 1)[1]) for _k, r, _pdf in rows)
    return (int(total[0]) if total else 0), by_key, sequence, sum(1 for *_kr, pdf in rows if pdf)


def run_phase(
    phase: Phase,
    env: dict[str, str],
    dsn: str,
    args: argparse.Namespace,
    pool: ProcessPoolExecutor,
    tmp: Path,
) -> Phase:
    prefix = f"bench-{phase.name}-{uuid.uuid4().hex[:8]}-"
    requests = [
        (f"{prefix}{i}", json.dumps({"data": answers(i)}, ensure_ascii=False).encode())
        for i in range(phase.planned)
    ]
    # Every worker process and thread imports its modules, opens its connection and (inline) loads
    # WeasyPrint and the fonts before the clock starts.
    warmup = [
        (f"warmup-{prefix}{i}", json.dumps({"data": answers(i)}).encode())
        for i in range(2 * args.workers * args.threads)
    ]
    with gunicorn(
        env, workers=args.workers, threads=args.threads, log_path=tmp / f"gunicorn-{phase.name}.log"
    ) as port:
        pool.submit(send_all, port, warmup, min(args.concurrency, args.workers * args.threads)).result()
        before, *_ = application_rows(dsn, prefix)
        results, phase.seconds = pool.submit(
            send_all, port, requests, args.concurrency, args.phase_seconds
        ).result()
        after, stored, sequence, phase.pdfs = application_rows(dsn, prefix)

        phase.requests = len(results)
        acked = {s.key: s.receipt_number for s in results if s.status == 201}
        phase.acknowledged = len(acked)
        phase.latencies_ms = [s.latency * 1000 for s in results]
        phase.errors = Counter(
            str(s.status) if s.status else f"no answer ({s.error})" for s in results if s.status != 201
        )
        phase.checks["every acknowledged receipt stored once"] = all(
            stored.get(key) == receipt for key, receipt in acked.items()
        ) and len(set(acked.values())) == len(acked)
        phase.checks["no extra rows"] = after - before == len(acked) == len(stored)
        phase.checks["receipt numbers gapless"] = (
            sequence == list(range(sequence[0], sequence[0] + len(sequence))) if sequence else True
        )

        replay = random.sample(sorted(acked), min(RETRIES, len(acked)))
        bodies = dict(requests)
        retried, _ = pool.submit(send_all, port, [(k, bodies[k]) for k in replay], args.concurrency).result()
        final, *_ = application_rows(dsn, prefix)
        phase.checks["retries return the same receipt numbers"] = all(
            s.status == 200 and s.receipt_number == acked[s.key] for s in retried
        )
        phase.checks["retries add no rows"] = final == after
    return phase


def bench_env(database_url: str, tmp: Path, broker: str = "", pdf_on_submit: bool = False) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "KENCHO_", "CELERY_", "EMAIL_", "AWS_"))
        and k not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kencho.settings.production",
        DJANGO_SECRET_KEY=uuid.uuid4().hex * 2,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        KENCHO_VAR_DIR=str(tmp / "var"),
        KENCHO_MEDIA_ROOT=str(tmp / "media"),
        KENCHO_STATIC_ROOT=str(tmp / "static"),
        KENCHO_LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",  # rendered and "sent", not delivered
    )
    if broker:
        env["CELERY_BROKER_URL"] = broker
    if pdf_on_submit:
        env["KENCHO_RENDER_PDF_ON_SUBMIT"] = "1"
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1000, help="submissions, inline and queued (1000)")
    parser.add_argument("--pdf-requests", type=int, default=100, help="submissions, inline-pdf (100)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (1: sync workers)"
    )
    parser.add_argument(
        "--phases",
        default="inline,inline-pdf,queued",
        help="comma-separated: inline, inline-pdf, queued (all)",
    )
    parser.add_argument(
        "--phase-seconds", type=float, default=45.0, help="no new request after this long in a phase (45)"
    )
    parser.add_argument("--baseline-seconds", type=float, default=5.0, help="length of the raw baseline (5)")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("KENCHO_BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL role that may create databases (env KENCHO_BENCH_ADMIN_URL)",
    )
    parser.add_argument("--database", default="kencho_bench", help="dropped and recreated (kencho_bench)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("KENCHO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="broker of the queued phase; this Redis database is flushed (env KENCHO_BENCH_REDIS_URL)",
    )
    args = parser.parse_args()
    planned = {"inline": args.requests, "inline-pdf": args.pdf_requests, "queued": args.requests}
    names = [p.strip() for p in args.phases.split(",") if p.strip()]
    if unknown := set(names) - set(planned):
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")
    began = time.monotonic()
    load_before = os.getloadavg()[0]

    tmp = Path(tempfile.mkdtemp(prefix="kencho-bench-"))
    dsn = database_recreate(args.admin_url, args.database)
    database = sql.Identifier(args.database)
    try:
        env = bench_env(dsn, tmp)
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
            manage = [sys.executable, "manage.py", *command]
            subprocess.run(manage, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        with psycopg.connect(dsn) as conn:
            conn.execute(
                "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, t text NOT NULL, j jsonb NOT NULL)"
            )
            conn.commit()
            row = conn.execute("SHOW synchronous_commit").fetchone()
            synchronous_commit = str(row[0]) if row else "?"
        setup_seconds = time.monotonic() - began

        phases: list[Phase] = []
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            commits, raw_seconds = pool.submit(
                raw_commit_rate, dsn, args.concurrency, args.baseline_seconds, answers(0)
            ).result()
            raw_rate = commits / raw_seconds
            for name in names:
                queue = None
                if name == "queued":
                    try:
                        queue = redis_client(args.redis_url)
                    except (OSError, redis.RedisError) as exc:
                        print(f"skipping the queued phase: Redis at {args.redis_url} does not answer ({exc})")
                        continue
                    queue.flushdb()
                broker = args.redis_url if queue is not None else ""
                phase_env = bench_env(dsn, tmp, broker, pdf_on_submit=name == "inline-pdf")
                phase = run_phase(Phase(name, planned[name]), phase_env, dsn, args, pool, tmp)
                if queue is not None:
                    phase.queued_tasks = cast(int, queue.llen("celery"))
                    queue.flushdb()
                phases.append(phase)
        timing = {"setup": setup_seconds, "total": time.monotonic() - began, "load": load_before}
        report(args, phases, raw_rate, synchronous_commit, timing)
    finally:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        shutil.rmtree(tmp, ignore_errors=True)


def report(
    args: argparse.Namespace,
    phases: list[Phase],
    raw_rate: float,
    synchronous_commit: str,
    timing: dict[str, float],
) -> None:
    print()
    print(f"Kencho submissions: POST {SUBMIT_PATH}")
    print(
        f"gunicorn {args.workers} worker(s) x {args.threads} thread(s),"
        f" {args.concurrency} requests in flight, PostgreSQL synchronous_commit={synchronous_commit}"
    )
    print()
    header = (
        f"{'phase':<10} {'sent':>6} {'201':>6} {'PDFs':>6} {'subm/s':>8}"
        f" {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'÷ raw':>7}  errors"
    )
    print(header)
    print("-" * len(header))
    for p in phases:
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(p.errors.items())) or "none"
        print(
            f"{p.name:<10} {p.requests:>6} {p.acknowledged:>6} {p.pdfs:>6} {p.rate:>8.1f}"
            f" {p.percentile(50):>8.1f} {p.percentile(95):>8.1f} {p.percentile(99):>8.1f}"
            f" {p.rate / raw_rate:>7.4f}  {errors}"
        )
    print(
        f"{'raw':<10} {'':>6} {'':>6} {'':>6} {raw_rate:>8.1f}   PostgreSQL: one INSERT (text, jsonb)"
        f" + COMMIT per transaction, {args.concurrency} threads"
    )
    print()
    for p in phases:
        if p.requests < p.planned:
            print(
                f"{p.name}: stopped after {args.phase_seconds:.0f} s:"
                f" {p.requests} of {p.planned} requests sent"
            )
        if p.queued_tasks is not None:
            print(
                f"{p.name}: {p.queued_tasks} tasks left in the queue"
                " (the PDF and the e-mail of each submission), flushed"
            )
        for check, ok in p.checks.items():
            print(f"{p.name}: {'ok  ' if ok else 'FAIL'} {check}")
    print(
        f"set-up {timing['setup']:.0f} s, whole run {timing['total']:.0f} s;"
        f" {os.cpu_count()} cores, load average {timing['load']:.1f} when the run started"
        " (other work on the machine lowers every figure)"
    )
    summary = {
        "concurrency": args.concurrency,
        "workers": args.workers,
        "threads": args.threads,
        "raw_commits_per_s": round(raw_rate, 1),
        "synchronous_commit": synchronous_commit,
        "phases": {
            p.name: {
                "requests": p.requests,
                "acknowledged": p.acknowledged,
                "pdfs": p.pdfs,
                "submissions_per_s": round(p.rate, 1),
                "p50_ms": round(p.percentile(50), 1),
                "p95_ms": round(p.percentile(95), 1),
                "p99_ms": round(p.percentile(99), 1),
                "ratio_to_raw": round(p.rate / raw_rate, 5),
                "errors": dict(p.errors),
                "checks_passed": all(p.checks.values()),
                "queued_tasks": p.queued_tasks,
            }
            for p in phases
        },
        "seconds": round(timing["total"], 1),
        "cores": os.cpu_count(),
        "load_average_at_start": round(timing["load"], 2),
    }
    print(json.dumps(summary, ensure_ascii=False))
    if not all(all(p.checks.values()) for p in phases):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
