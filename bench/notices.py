"""Notices benchmark: 1,000 notices through the batch service, as Word and as PDF, against rendering
the same template once in a tight loop in the same run.

    .venv/bin/python bench/notices.py [--count 1000] [--chunk-size 25] [--skip-pdf]

It makes a throw-away SQLite database and media directory (or uses --database-url, e.g. a
PostgreSQL database it may migrate and fill), creates a unit, a numbering scheme, the demo
交付決定通知書 template and --count accepted applications, then:

1. baseline: `render_docx` of the template with one application's values, in a loop for
   --baseline-seconds; and one notice converted to PDF per LibreOffice run, a few times.
2. docx: one batch of --count notices without PDFs, through `notices_issue_batch` and `batch_run`
   (numbers, files in storage, audit entries, all of it).
3. pdf: the same with PDFs (LibreOffice converts --chunk-size notices per run).

Each batch is checked: every application has one notice, the numbers are 1..count without gaps, and
each stored PDF matches its recorded SHA-256. A failed check makes the exit status 1. The last line
repeats the figures as JSON.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(work: Path, database_url: str | None, chunk_size: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kencho.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["KENCHO_MEDIA_ROOT"] = str(work / "media")
    os.environ["KENCHO_NOTICES_BATCH_RUNNER"] = "inline"
    os.environ["KENCHO_NOTICES_CHUNK_SIZE"] = str(chunk_size)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(count: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from kencho.core.services import org_unit_create
    from kencho.notices.demo_templates import grant_decision_docx
    from kencho.notices.models import NoticeKind, NumberingScheme
    from kencho.notices.services import notice_template_create, numbering_scheme_save
    from kencho.procedures.models import Application, ApplicationStatus
    from kencho.procedures.services import application_submit
    from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

    unit = org_unit_create(code="bench01", name_ja="環境共生課", name_en="", level="division", parent=None)
    scheme = numbering_scheme_save(
        scheme=NumberingScheme(unit=unit, name="指令", prefix="三重県指令", symbol="環"), actor=None
    )
    template = notice_template_create(
        unit=unit,
        kind=NoticeKind.GRANT_DECISION,
        name="交付決定通知書",
        numbering_scheme=scheme,
        sender="三重県知事 三重 一郎",
        content=grant_decision_docx(),
        filename="grant.docx",
        actor=None,
    )
    procedure = make_procedure(unit=unit, slug="bench-subsidy")
    # One real submission, then copies of it with their own receipt numbers and names: the notices are
    # what is measured, not the submission path (bench/submit.py measures that).
    first = application_submit(procedure=procedure, answers=VALID_ANSWERS, applicant=None, language="ja")
    model = first.application
    now = timezone.now()
    with transaction.atomic():
        Application.objects.bulk_create(
            Application(
                receipt_number=f"B-{i:08d}",
                procedure=procedure,
                form_version=model.form_version,
                unit=unit,
                data=model.data,
                applicant_name=f"申請者 {i:04d}",
                status=ApplicationStatus.ACCEPTED,
                submitted_at=now,
            )
            for i in range(1, count)
        )
        Application.objects.filter(pk=model.pk).update(status=ApplicationStatus.ACCEPTED)
    return {
        "template": template,
        "scheme": scheme,
        "applications": list(Application.objects.filter(unit=unit)),
    }


def baseline(data: dict[str, Any], seconds: float, pdf_runs: int) -> dict[str, float]:
    from kencho.notices.issuing import _fiscal_year_label
    from kencho.notices.pdf import docx_to_pdf, soffice_path
    from kencho.notices.placeholders import application_context
    from kencho.notices.selectors import template_version_current
    from kencho.notices.templating import render_docx

    version = template_version_current(data["template"])
    assert version is not None
    with version.file.open("rb") as handle:
        template = handle.read()
    day = datetime.date(2025, 6, 2)
    context = application_context(
        data["applications"][0],
        number="三重県指令 環第1号",
        issue_date=day,
        decided_on=day,
        sender="三重県知事",
        values={"決定額": "1,200,000円", "条件": "実績報告を提出すること。"},
        fiscal_year=_fiscal_year_label(day),
    )
    renders = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        document = render_docx(template, context)
        renders += 1
    result = {"render_per_s": renders / (time.perf_counter() - started)}
    if soffice_path() is not None and pdf_runs:
        docx_to_pdf(document)  # the first run creates the LibreOffice profile
        started = time.perf_counter()
        for _ in range(pdf_runs):
            docx_to_pdf(render_docx(template, context))
        result["single_pdf_per_s"] = pdf_runs / (time.perf_counter() - started)
    return result


def run_batch(data: dict[str, Any], *, with_pdf: bool) -> tuple[float, list[str]]:
    from django.db import transaction

    from kencho.notices.batches import notices_issue_batch
    from kencho.notices.issuing import batch_run
    from kencho.notices.models import Notice

    apps = data["applications"]
    started = time.perf_counter()
    with transaction.atomic():
        batch = notices_issue_batch(
            template=data["template"],
            applications=apps,
            actor=None,
            decided_on=datetime.date(2025, 6, 2),
            values={"条件": "事業完了後30日以内に実績報告書を提出すること。"},
            item_values={a.pk: {"決定額": 100_000 + i} for i, a in enumerate(apps)},
            with_pdf=with_pdf,
            allow_reissue=True,
            schedule=False,
        )
    last = [0.0]

    def progress(b: Any) -> None:
        if time.perf_counter() - last[0] > 2 or b.done + b.failed == b.total:
            last[0] = time.perf_counter()
            print(f"\r  {'pdf ' if with_pdf else 'docx'} {b.done + b.failed}/{b.total}", end="", flush=True)

    finished = batch_run(batch_id=batch.pk, progress=progress)
    elapsed = time.perf_counter() - started
    print()
    problems = []
    if finished.done != len(apps) or finished.failed:
        problems.append(f"{finished.done} of {len(apps)} issued, {finished.failed} failed")
    notices = list(Notice.objects.filter(batch=batch).order_by("sequence"))
    sequences = [n.sequence or 0 for n in notices]
    if sequences and sequences != list(range(sequences[0], sequences[0] + len(apps))):
        problems.append("numbers are not consecutive")
    if len({n.application_id for n in notices}) != len(apps):
        problems.append("an application has no notice or two")
    if with_pdf:
        for notice in notices[:: max(1, len(notices) // 50)]:
            if hashlib.sha256(notice.pdf.read()).hexdigest() != notice.pdf_sha256:
                problems.append(f"{notice.number}: PDF does not match its SHA-256")
    return elapsed, problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--chunk-size", type=int, default=25)
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument(
        "--pdf-runs", type=int, default=5, help="single-notice LibreOffice runs in the baseline"
    )
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kencho-bench-notices-"))
    try:
        setup_started = time.perf_counter()
        setup_django(work, args.database_url, args.chunk_size)
        from django.db import connection

        from kencho.notices.pdf import soffice_path

        data = make_data(args.count)
        set_up = time.perf_counter() - setup_started
        with_pdf = not args.skip_pdf and soffice_path() is not None
        what = f"{args.count} 交付決定通知書 through notices_issue_batch"
        print(f"Kencho notices: {what}, chunks of {args.chunk_size}")
        print(f"database {connection.vendor}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        base = baseline(data, args.baseline_seconds, args.pdf_runs if with_pdf else 0)
        docx_seconds, problems = run_batch(data, with_pdf=False)
        pdf_seconds, pdf_problems = run_batch(data, with_pdf=True) if with_pdf else (0.0, [])
        problems += pdf_problems
    finally:
        shutil.rmtree(work, ignore_errors=True)

    docx_rate = args.count / docx_seconds
    rows = [
        ("render only", "", base["render_per_s"], "render_docx of the same template, tight loop (baseline)"),
        ("docx", f"{docx_seconds:.1f}", docx_rate, f"÷ render only = {docx_rate / base['render_per_s']:.2f}"),
    ]
    figures: dict[str, Any] = {
        "count": args.count,
        "chunk_size": args.chunk_size,
        "render_per_s": round(base["render_per_s"], 2),
        "docx_seconds": round(docx_seconds, 2),
        "docx_per_s": round(docx_rate, 2),
        "docx_ratio": round(docx_rate / base["render_per_s"], 3),
    }
    if with_pdf:
        pdf_rate = args.count / pdf_seconds
        single = base["single_pdf_per_s"]
        rows.append(("one PDF per run", "", single, "render + its own LibreOffice run, one at a time"))
        ratio = pdf_rate / base["render_per_s"]
        ratios = f"÷ render only = {ratio:.3f}; ÷ one PDF per run = {pdf_rate / single:.1f}"
        rows.append(("pdf", f"{pdf_seconds:.1f}", pdf_rate, ratios))
        figures.update(
            pdf_seconds=round(pdf_seconds, 2),
            pdf_per_s=round(pdf_rate, 2),
            pdf_ratio=round(pdf_rate / base["render_per_s"], 4),
            single_pdf_per_s=round(single, 2),
            pdf_ratio_to_single=round(pdf_rate / single, 2),
        )
    print()
    print(f"{'what':<16} {'seconds':>8} {'notices/s':>10}  note")
    print("-" * 78)
    for name, seconds, rate, note in rows:
        print(f"{name:<16} {seconds:>8} {rate:>10.1f}  {note}")
    print()
    ok = "ok   every application has one notice, numbers 1..n without gaps, PDFs match their SHA-256"
    print("checks: " + ("; ".join(problems) if problems else ok))
    load = os.getloadavg()[0]
    print(f"set-up {set_up:.0f} s; load average {load:.1f} at the end (other work lowers every figure)")
    print(json.dumps(figures, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
