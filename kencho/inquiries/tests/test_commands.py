"""The demo loader, the daily reminders and the command-line aggregation with its progress line."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kencho.core.models import User

from ..models import RespondentOrganisation, Submission, Survey
from ..selectors import organisations_of, survey_aggregate, survey_changes
from ..services import submission_create
from .test_services import ANSWER


def test_the_demo_loads_twice_without_duplicates(db: Any) -> None:
    call_command("load_inquiries_demo", stdout=io.StringIO())
    counts = (Survey.objects.count(), Submission.objects.count(), RespondentOrganisation.objects.count())
    call_command("load_inquiries_demo", stdout=io.StringIO())
    assert (
        Survey.objects.count(),
        Submission.objects.count(),
        RespondentOrganisation.objects.count(),
    ) == counts
    assert counts[0] == 3 and counts[2] == 29
    tsu_user = User.objects.get(email="tsu.survey@kencho.example.jp")
    assert [o.code for o in organisations_of(tsu_user)] == ["242012"]
    current = Survey.objects.get(series="overtime", status="open")
    assert current.previous is not None and current.previous.status == "closed"
    changes = survey_changes(current, survey_aggregate(current))
    assert {c["key"] for c in changes} == {"staff.weekday_hours", "staff.holiday_hours"}
    nursing = Survey.objects.get(title="特別養護老人ホーム入所状況調査")
    assert survey_aggregate(nursing)["row_count"] >= 10


def test_reminders_command_reports_what_it_sent(overtime: Any) -> None:
    out = io.StringIO()
    call_command("inquiries_send_reminders", f"--date={overtime.deadline.isoformat()}", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("inquiries_send_reminders", "--date=tomorrow", stdout=io.StringIO())


def test_aggregate_command_prints_progress_and_writes_exports(
    overtime: Any, tsu_user: Any, tmp_path: Any
) -> None:
    submission_create(
        recipient=overtime.recipients.get(organisation__code="242012"),
        answers=ANSWER,
        source="api",
        actor=tsu_user,
    )
    out = io.StringIO()
    call_command(
        "inquiries_aggregate",
        str(overtime.public_id),
        f"--xlsx={tmp_path / 'a.xlsx'}",
        f"--csv={tmp_path / 'a.csv'}",
        stdout=out,
    )
    text = out.getvalue()
    assert "[" + "#" * 30 + "] 1/1 (100%)" in text and "60.5" in text
    assert (tmp_path / "a.xlsx").stat().st_size > 0
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(CommandError):
        call_command("inquiries_aggregate", "nope", stdout=io.StringIO())
