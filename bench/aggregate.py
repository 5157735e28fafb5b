"""Surveys benchmark: --workbooks uploaded Excel answers of --rows rows each, validated and stored
through the service the upload page uses, then aggregated, against reading the same files with
openpyxl alone in the same run.

    .venv/bin/python bench/aggregate.py [--workbooks 1000] [--rows 200]
    .venv/bin/python bench/aggregate.py --workbooks 50          # a quick run

It makes a throw-away SQLite database and media directory (or uses --database-url, e.g. an empty
PostgreSQL database it may migrate), a unit, --workbooks respondent organisations and the monthly
overtime survey (one row per employee: employee number, kind of post, weekday and holiday hours),
and fills the survey's generated template once per respondent with different values. Then:

1. openpyxl: load each file (read-only) and read every cell of every sheet — the baseline.
2. upload: `submission_from_workbook` for each file: zip checks, reading, the form engine's
   validation, the check rules, the stored version and its audit entry.
3. aggregate: `survey_aggregate` over all the answers (totals per question, per respondent, choices).

The totals are checked against sums computed while the files were made; the row and respondent
counts too. A failed check makes the exit status 1. The last line repeats the figures as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(work: Path, database_url: str | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kencho.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["KENCHO_MEDIA_ROOT"] = str(work / "media")
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_survey(workbooks: int, rows: int) -> Any:
    import datetime

    from django.utils import timezone

    from kencho.core.models import Membership, User
    from kencho.core.services import membership_add, org_unit_create
    from kencho.forms.services import form_definition_create, form_version_publish
    from kencho.inquiries.demo_forms import OVERTIME_RULES, overtime_definition
    from kencho.inquiries.models import RespondentOrganisation
    from kencho.inquiries.services import survey_create, survey_send

    unit = org_unit_create(code="bench01", name_ja="人事課", name_en="", level="division", parent=None)
    sender = User.objects.create_user("bench@example.jp", "x", kind=User.Kind.STAFF)
    membership_add(user=sender, unit=unit, role=Membership.Role.OFFICER)
    organisations = RespondentOrganisation.objects.bulk_create(
        [
            RespondentOrganisation(kind="facility", code=f"B{n:05d}", name_ja=f"事業所{n}")
            for n in range(1, workbooks + 1)
        ]
    )
    form = form_definition_create(
        slug="bench-overtime",
        title_ja="時間外勤務",
        owner_unit=unit,
        schema=overtime_definition(max_items=rows),
        actor=sender,
    )
    version = form_version_publish(version=form.versions.get(), actor=sender)
    survey = survey_create(
        unit=unit,
        title="時間外勤務の状況",
        form_version=version,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        organisations=organisations,
        actor=sender,
        rules=OVERTIME_RULES,
    )
    return survey_send(survey=survey, actor=sender), sender


def make_files(survey: Any, workbooks: int, rows: int, folder: Path) -> tuple[list[Path], dict[str, Decimal]]:
    """Fill the template once per respondent; return the files and the expected totals."""
    from openpyxl import load_workbook

    from kencho.inquiries.selectors import survey_template_xlsx

    template = survey_template_xlsx(survey)
    rng = random.Random(6)
    sections = ["事務", "技術", "その他"]
    expected = {"weekday": Decimal(0), "holiday": Decimal(0), "事務": Decimal(0)}
    files = []
    for number in range(workbooks):
        book = load_workbook(io.BytesIO(template))
        book["回答"]["B6"] = f"回答者{number}"
        sheet = book["職員別時間外勤務"]
        for row in range(2, rows + 2):
            section = rng.choice(sections)
            weekday = Decimal(rng.randint(0, 600)) / 10
            holiday = Decimal(rng.randint(0, 120)) / 10
            sheet.cell(row=row, column=1, value=f"E{number:04d}-{row:03d}")
            sheet.cell(row=row, column=2, value=section)
            sheet.cell(row=row, column=3, value=float(weekday))
            sheet.cell(row=row, column=4, value=float(holiday))
            expected["weekday"] += weekday
            expected["holiday"] += holiday
            expected["事務"] += section == "事務"
        path = folder / f"answer-{number:04d}.xlsx"
        book.save(path)
        files.append(path)
        if number % 50 == 49:
            print(f"\r  making workbooks {number + 1}/{workbooks}", end="", flush=True)
    print()
    return files, expected


def read_openpyxl(files: list[Path]) -> tuple[float, int]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    cells = 0
    for path in files:
        book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=False)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += sum(value is not None for value in row)
        book.close()
    return time.perf_counter() - start, cells


def upload_all(survey: Any, sender: Any, files: list[Path]) -> tuple[float, list[str]]:
    from kencho.inquiries.errors import WorkbookInvalid
    from kencho.inquiries.services import submission_from_workbook

    recipients = list(
        survey.recipients.select_related("organisation", "survey__form_version", "survey__unit")
    )
    problems = []
    start = time.perf_counter()
    for index, (recipient, path) in enumerate(zip(recipients, files, strict=True)):
        try:
            submission_from_workbook(
                recipient=recipient, content=path.read_bytes(), file_name=path.name, actor=sender
            )
        except WorkbookInvalid as exc:
            problems.append(f"{path.name}: {exc.problems[0].message_en}")
        if index % 25 == 24:
            print(f"\r  upload {index + 1}/{len(files)}", end="", flush=True)
    print()
    return time.perf_counter() - start, problems


def report(lines: list[tuple[str, float, float, str]]) -> None:
    print()
    print(f"{'what':<22} {'seconds':>8} {'rows/s':>10}  note")
    print("-" * 78)
    for name, seconds, rate, note in lines:
        print(f"{name:<22} {seconds:>8.1f} {rate:>10.0f}  {note}")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workbooks", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=200, help="rows per workbook (at most 1000)")
    parser.add_argument("--database-url", help="an empty database to migrate and fill (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kencho-bench-aggregate-"))
    try:
        started = time.perf_counter()
        setup_django(work, args.database_url)
        from django.db import connection

        from kencho.inquiries.selectors import survey_aggregate

        survey, sender = make_survey(args.workbooks, args.rows)
        folder = work / "files"
        folder.mkdir()
        print(
            f"Kencho surveys: {args.workbooks} workbooks × {args.rows} rows through submission_from_workbook"
        )
        print(f"database {connection.vendor}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        files, expected = make_files(survey, args.workbooks, args.rows, folder)
        set_up = time.perf_counter() - started
        total_rows = args.workbooks * args.rows
        megabytes = sum(path.stat().st_size for path in files) / 1024 / 1024

        baseline_seconds, cells = read_openpyxl(files)
        upload_seconds, problems = upload_all(survey, sender, files)
        start = time.perf_counter()
        result = survey_aggregate(survey)
        aggregate_seconds = time.perf_counter() - start

        measures = {m["key"]: m for m in result["measures"]}
        checks = {
            "no upload refused": not problems,
            "respondents": result["respondent_count"] == args.workbooks,
            "rows": result["row_count"] == total_rows,
            "weekday total": Decimal(measures["staff.weekday_hours"]["total"]) == expected["weekday"],
            "holiday total": Decimal(measures["staff.holiday_hours"]["total"]) == expected["holiday"],
            "choice count": next(
                o["count"] for o in measures["staff.section"]["options"] if o["value"] == "admin"
            )
            == expected["事務"],
        }
        baseline_rate = total_rows / baseline_seconds
        upload_rate = total_rows / upload_seconds
        aggregate_rate = total_rows / aggregate_seconds
        whole_rate = total_rows / (upload_seconds + aggregate_seconds)
        figures = {
            "workbooks": args.workbooks,
            "rows_per_workbook": args.rows,
            "megabytes": round(megabytes, 1),
            "database": connection.vendor,
            "openpyxl_rows_per_s": round(baseline_rate),
            "upload_rows_per_s": round(upload_rate),
            "aggregate_rows_per_s": round(aggregate_rate),
            "validated_and_aggregated_rows_per_s": round(whole_rate),
            "ratio_to_openpyxl": round(whole_rate / baseline_rate, 3),
            "checks_ok": all(checks.values()),
        }
        report(
            [
                (
                    "openpyxl only",
                    baseline_seconds,
                    baseline_rate,
                    f"read-only load, every cell ({cells} values, {megabytes:.1f} MB): baseline",
                ),
                (
                    "upload (validate)",
                    upload_seconds,
                    upload_rate,
                    f"÷ openpyxl = {upload_rate / baseline_rate:.3f}",
                ),
                ("aggregate", aggregate_seconds, aggregate_rate, "all answers from the database"),
                (
                    "upload + aggregate",
                    upload_seconds + aggregate_seconds,
                    whole_rate,
                    f"÷ openpyxl = {whole_rate / baseline_rate:.3f}",
                ),
            ]
        )
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            print("checks: failed: " + ", ".join(failed) + "; " + "; ".join(problems[:3]))
        else:
            print("checks: ok   " + ", ".join(checks))
        load = os.getloadavg()[0]
        print(f"set-up {set_up:.0f} s; load average {load:.1f} at the end (other work lowers every figure)")
        print(json.dumps(figures, ensure_ascii=False))
        return 0 if not failed else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
