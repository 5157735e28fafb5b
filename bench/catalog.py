"""CKAN package_search on the open data catalogue, against package_show of one dataset in the same run.

    .venv/bin/python bench/catalog.py [--datasets 1000,10000] [--duration S] [--quick]

Creates a fresh PostgreSQL database, migrates it and loads a Japanese catalogue (bench/catalog_data.py:
the departments of 三重県 and its 29 municipalities, three linked resources per dataset) in steps:
1,000 datasets, then up to 10,000. After each step it starts Kencho under gunicorn (production
settings, loopback only) and, from a separate process with C client threads, sends each kind of
query for a fixed time: free text, facets over the whole catalogue, filter queries (fq) and a
harvester paging by id; the baseline is package_show of one dataset at the same concurrency.

Every answer is checked: HTTP 200, success true, the count and the first page's ids (and, for the
facets, every count) equal to what the loader's own data says they must be. A sample of the bulk
loaded datasets is compared with the same input sent through dataset_create. A failed check makes
the exit status 1. Finally it stops gunicorn and drops the database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as bench/catalog.py, which puts only bench/ on the path
    sys.path.insert(0, str(ROOT))

from bench import catalog_data  # noqa: E402 - needs the path above
from bench.submit import bench_env, database_recreate, gunicorn  # noqa: E402 - needs the path above

SEARCH = "/api/3/action/package_search"
SHOW = "/api/3/action/package_show"
FACET_FIELDS = ["organization", "groups", "tags", "res_format", "license_id"]
FACET_LIMIT = 50  # CKAN's default facet.limit
HARVEST_FROM = "2024-01-01T00:00:00Z"
REQUEST_TIMEOUT = 60.0


# --- Queries and the answers they must get ---------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One kind of request. `pages` are the parameters of successive requests (a harvester walks its
    pages; other queries repeat one); `ids` are all the matching datasets in the expected order."""

    key: str
    label: str
    path: str
    pages: tuple[dict[str, str], ...]
    ids: tuple[str, ...]
    facets: dict[str, dict[str, int]] | None = None

    def problem(self, page: int, status: int, body: bytes) -> str:
        """What is wrong with an answer, or "" when it is what the catalogue must answer."""
        if status != 200:
            return f"HTTP {status}"
        try:
            payload = json.loads(body)
        except ValueError:
            return "not JSON"
        if not isinstance(payload, dict) or payload.get("success") is not True:
            return "success is not true"
        try:
            return self._result_problem(page, payload["result"])
        except (KeyError, TypeError, AttributeError):
            return "result not in CKAN's shape"

    def _result_problem(self, page: int, result: dict[str, Any]) -> str:
        if self.path == SHOW:
            ok = result.get("id") == self.ids[0] and result.get("num_resources") == 3
            return "" if ok else "another dataset"
        if result.get("count") != len(self.ids):
            return f"count {result.get('count')} (expected {len(self.ids)})"
        start, rows = int(self.pages[page].get("start", 0)), int(self.pages[page]["rows"])
        if [r["id"] for r in result["results"]] != list(self.ids[start : start + rows]):
            return "other datasets or another order"
        if self.facets is not None and result.get("facets") != self.facets:
            return "facet counts"
        return ""


def _order(datasets: list[catalog_data.DatasetInput], *, by_id: bool = False) -> tuple[str, ...]:
    if by_id:
        return tuple(sorted(str(d.id) for d in datasets))
    # The search's default order without free text: metadata_modified desc, then id.
    newest = sorted(datasets, key=lambda d: str(d.id))
    newest.sort(key=lambda d: d.modified, reverse=True)
    return tuple(str(d.id) for d in newest)


def _top(counts: Counter[str]) -> dict[str, int]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return dict(ranked[:FACET_LIMIT])


def _text_ids(
    words: list[str],
    datasets: list[catalog_data.DatasetInput],
    columns: dict[str, tuple[str, str]],
) -> tuple[tuple[str, ...], int]:
    """Datasets matching every token of every word, best first (a token in the title scores 2,
    elsewhere 1; then newest), and how many hold the words literally in their title or notes."""
    from kencho.core.search import search_query_tokens

    tokens = [token for word in words for token in search_query_tokens(word)[:12]]
    scored = []
    for d in datasets:
        title, document = columns[str(d.id)]
        if all(f" {t} " in document for t in tokens):
            scored.append((-sum(2 if f" {t} " in title else 1 for t in tokens), d))
    scored.sort(key=lambda item: str(item[1].id))
    scored.sort(key=lambda item: item[1].modified, reverse=True)
    scored.sort(key=lambda item: item[0])
    literal = sum(1 for d in datasets if all(w in d.data["title"] + d.data["notes"] for w in words))
    return tuple(str(d.id) for _, d in scored), literal


def queries_for(size: int, checks: dict[str, bool]) -> list[Query]:
    """The queries of the benchmark with their expected answers, from the loader's inputs (and, for
    free text, the stored search columns), for the first `size` datasets."""
    from kencho.opendata.models import Dataset

    datasets = [d for d in map(catalog_data.dataset_input, range(size)) if d.visible]
    columns = {
        str(pk): (title, document)
        for pk, title, document in Dataset.objects.values_list("id", "search_title", "search_document")
    }
    show = next(d for d in datasets if d.organization == "tsu-city")
    queries = [
        Query("show", "package_show (baseline)", SHOW, ({"id": show.data["name"]},), (str(show.id),)),
    ]
    for key, q in (("text", "避難所"), ("text2", "観光 施設")):
        ids, literal = _text_ids(q.split(), datasets, columns)
        checks[f"{size}: {len(ids)} datasets match q={q}, all {literal} that hold the words"] = (
            len(ids) >= literal > 0
        )
        queries.append(Query(key, f"q={q}", SEARCH, ({"q": q, "rows": "10"},), ids))
    facets = {
        "organization": _top(Counter(d.organization for d in datasets)),
        "groups": _top(Counter(g for d in datasets for g in d.groups)),
        "tags": _top(Counter(t for d in datasets for t in d.tags)),
        "res_format": _top(Counter(f for d in datasets for f in d.formats)),
        "license_id": _top(Counter(d.license_id for d in datasets)),
    }
    queries.append(
        Query(
            "facets",
            "facet.field=[5 fields]",
            SEARCH,
            ({"facet.field": json.dumps(FACET_FIELDS), "rows": "10"},),
            _order(datasets),
            facets,
        )
    )
    disaster_csv = [d for d in datasets if "防災" in d.tags and "CSV" in d.formats]
    tsu_no_pdf = [d for d in datasets if d.organization == "tsu-city" and "PDF" not in d.formats]
    queries += [
        Query("fq-tags", "fq=tags:防災 res_format:CSV", SEARCH,
              ({"fq": "tags:防災 res_format:CSV", "rows": "10"},), _order(disaster_csv)),
        Query("fq-org", "fq=organization:tsu-city -res_format:PDF", SEARCH,
              ({"fq": "organization:tsu-city -res_format:PDF", "rows": "10"},), _order(tsu_no_pdf)),
    ]  # fmt: skip
    since = datetime.datetime.fromisoformat(HARVEST_FROM)
    harvested = _order([d for d in datasets if d.modified >= since], by_id=True)
    pages = tuple(
        {"fq": f"metadata_modified:[{HARVEST_FROM} TO *]", "sort": "id asc", "rows": "100", "start": str(s)}
        for s in range(0, max(len(harvested), 1), 100)
    )
    queries.append(Query("harvest", "harvest: modified since, id asc, 100 rows", SEARCH, pages, harvested))
    return queries


# --- Load driver: runs in a separate process -------------------------------------------------------


@dataclass
class Measured:
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    problems: Counter[str] = field(default_factory=Counter)

    def add(self, other: Measured) -> None:
        self.latencies_ms += other.latencies_ms
        self.seconds += other.seconds
        self.problems.update(other.problems)

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def drive(port: int, query: Query, concurrency: int, seconds: float, count: int | None = None) -> Measured:
    """Send `query` from `concurrency` threads, each with its own session, until `seconds` have
    passed (or `count` requests were sent); every answer is checked."""
    measured = Measured()
    lock = threading.Lock()
    sent = iter(range(count if count is not None else sys.maxsize))
    start = threading.Barrier(concurrency + 1)
    url = f"http://127.0.0.1:{port}{query.path}"

    def worker() -> None:
        with requests.Session() as session:
            start.wait()
            while time.perf_counter() - began < seconds:
                with lock:
                    n = next(sent, None)
                if n is None:
                    return
                page = n % len(query.pages)
                started = time.perf_counter()
                try:
                    response = session.get(url, params=query.pages[page], timeout=REQUEST_TIMEOUT)
                    latency = time.perf_counter() - started
                    problem = query.problem(page, response.status_code, response.content)
                except requests.RequestException as exc:
                    latency, problem = time.perf_counter() - started, f"no answer ({type(exc).__name__})"
                with lock:
                    measured.latencies_ms.append(latency * 1000)
                    if problem:
                        measured.problems[problem] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    measured.seconds = time.perf_counter() - began
    return measured


# --- Orchestration ---------------------------------------------------------------------------------


@dataclass
class Step:
    size: int
    load_seconds: float
    load_average: float
    results: dict[str, Measured]
    queries: list[Query]


def measure(
    size: int,
    env: dict[str, str],
    args: argparse.Namespace,
    pool: ProcessPoolExecutor,
    tmp: Path,
    checks: dict[str, bool],
) -> Step:
    """Start gunicorn on the catalogue as loaded and send every kind of query."""
    from django.db import connections

    queries = queries_for(size, checks)
    connections.close_all()  # this process only waits from here on
    results = {q.key: Measured() for q in queries}
    with gunicorn(env, workers=args.workers, threads=1, log_path=tmp / f"gunicorn-{size}.log") as port:
        # Both workers load the Sudachi dictionary and open their connection before the clock starts.
        for query in queries:
            warm = pool.submit(drive, port, query, args.concurrency, 60.0, args.concurrency).result()
            results[query.key].problems.update(warm.problems)
        load_average = os.getloadavg()[0]
        for _ in range(args.rounds):  # rounds, so that other work on the machine spreads over all kinds
            for query in queries:
                seconds = args.duration / args.rounds
                results[query.key].add(pool.submit(drive, port, query, args.concurrency, seconds).result())
    for query in queries:
        checks[f"{size}: every answer to {query.label} is right"] = not results[query.key].problems
    return Step(size, 0.0, load_average, results, queries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", default="1000,10000", help="catalogue sizes measured, in order")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per kind of query and size")
    parser.add_argument("--rounds", type=int, default=3, help="the duration is split over rounds (3)")
    parser.add_argument("--quick", action="store_true", help="200 and 1,000 datasets, 3 s each: a smoke test")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--verify", type=int, default=20, help="bulk-loaded datasets compared per step")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("KENCHO_BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL role that may create databases (env KENCHO_BENCH_ADMIN_URL)",
    )
    parser.add_argument("--database", default="kencho_bench_catalog", help="dropped and recreated")
    args = parser.parse_args()
    if args.quick:
        args.datasets, args.duration, args.rounds, args.verify = "200,1000", 3.0, 1, 5
    sizes = [int(n) for n in args.datasets.split(",") if n.strip()]
    if not sizes or sizes != sorted(sizes) or sizes[0] <= 0:
        parser.error("--datasets takes increasing sizes, e.g. 1000,10000")
    checks: dict[str, bool] = {}
    began = time.monotonic()
    load_before = os.getloadavg()[0]

    tmp = Path(tempfile.mkdtemp(prefix="kencho-bench-catalog-"))
    dsn = database_recreate(args.admin_url, args.database)
    database = sql.Identifier(args.database)
    try:
        env = bench_env(dsn, tmp)
        manage = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(manage, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.clear()
        os.environ.update(env)  # the loader below is this process, on the same settings as the server
        import django

        django.setup()
        catalog_data.catalogue_create()
        steps: list[Step] = []
        loaded = 0
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            for size in sizes:
                started = time.monotonic()
                catalog_data.datasets_load(loaded, size)
                load_seconds = time.monotonic() - started
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute("VACUUM ANALYZE")  # as autovacuum would have done on a live site
                sample = range(loaded, size, max(1, (size - loaded) // args.verify))
                problems = catalog_data.datasets_verify(sample)
                for problem in problems[:10]:
                    print(f"verify: {problem}")
                checks[f"{size}: {len(sample)} bulk-loaded datasets equal dataset_create's"] = not problems
                loaded = size
                step = measure(size, env, args, pool, tmp, checks)
                step.load_seconds = load_seconds
                steps.append(step)
        report(args, steps, checks, {"total": time.monotonic() - began, "load": load_before})
    finally:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        shutil.rmtree(tmp, ignore_errors=True)


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Japanese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def report(
    args: argparse.Namespace, steps: list[Step], checks: dict[str, bool], timing: dict[str, float]
) -> None:
    print()
    print(f"Kencho catalogue: CKAN {SEARCH} against {SHOW} of one dataset")
    print(
        f"gunicorn {args.workers} sync worker(s), {args.concurrency} client threads,"
        f" {args.duration:.0f} s per kind of query in {args.rounds} round(s)"
    )
    header = (
        f"{'datasets':>8}  {_pad('query', 44)}{'sent':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'÷ show':>7} {'p50 × show':>10} {'count':>6}"
    )
    for step in steps:
        print()
        print(header)
        print("-" * len(header))
        show = step.results["show"]
        for query in step.queries:
            m = step.results[query.key]
            count = "" if query.path == SHOW else str(len(query.ids))
            print(
                f"{step.size:>8}  {_pad(query.label, 44)}{len(m.latencies_ms):>6} {m.rate:>7.1f}"
                f" {m.percentile(50):>8.1f} {m.percentile(99):>8.1f} {_ratio(m.rate, show.rate):>7.3f}"
                f" {_ratio(m.percentile(50), show.percentile(50)):>10.2f} {count:>6}"
            )
        print(
            f"loaded to {step.size:,} datasets ({step.size * catalog_data.RESOURCES_PER_DATASET:,} resources)"
            f" in {step.load_seconds:.0f} s; load average {step.load_average:.1f} while measuring"
        )
    if len(steps) > 1:
        first, last = steps[0], steps[-1]
        print()
        print(f"from {first.size:,} to {last.size:,} datasets (× {last.size / first.size:.0f}):")
        for query in last.queries:
            a, b = first.results[query.key], last.results[query.key]
            p50a, p50b = a.percentile(50), b.percentile(50)
            print(
                f"  {_pad(query.label, 44)} req/s {a.rate:7.1f} → {b.rate:7.1f}"
                f" (× {_ratio(b.rate, a.rate):.2f}),"
                f"  p50 {p50a:7.1f} → {p50b:7.1f} ms (× {_ratio(p50b, p50a):.2f})"
            )
    print()
    for step in steps:
        for query in step.queries:
            for problem, n in step.results[query.key].problems.most_common(5):
                print(f"{step.size}: {query.label}: {n} × {problem}")
    for check, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {check}")
    print(
        f"whole run {timing['total']:.0f} s; {os.cpu_count()} cores, load average {timing['load']:.1f}"
        " when the run started (other work on the machine lowers every figure)"
    )
    summary = {
        "concurrency": args.concurrency,
        "workers": args.workers,
        "steps": {
            step.size: {
                "load_seconds": round(step.load_seconds, 1),
                "load_average": round(step.load_average, 2),
                "queries": {
                    query.key: {
                        "label": query.label,
                        "count": len(query.ids),
                        "requests": len(m.latencies_ms),
                        "requests_per_s": round(m.rate, 1),
                        "p50_ms": round(m.percentile(50), 1),
                        "p99_ms": round(m.percentile(99), 1),
                        "rate_ratio_to_show": round(_ratio(m.rate, step.results["show"].rate), 4),
                        "problems": dict(m.problems),
                    }
                    for query in step.queries
                    for m in [step.results[query.key]]
                },
            }
            for step in steps
        },
        "checks_passed": all(checks.values()),
        "seconds": round(timing["total"], 1),
        "cores": os.cpu_count(),
        "load_average_at_start": round(timing["load"], 2),
    }
    print(json.dumps(summary, ensure_ascii=False))
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
