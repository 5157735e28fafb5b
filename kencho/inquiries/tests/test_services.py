"""Surveys, answers as versions, returning for correction, reminders and check rules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from kencho.core.models import AuditEntry
from kencho.procedures.errors import InvalidAnswers

from ..errors import SurveyError
from ..models import RecipientStatus, SubmissionSource
from ..municipalities import mie_municipalities
from ..selectors import organisations_of, recipients_for_respondent, survey_aggregate
from ..services import (
    municipalities_ensure,
    recipient_return,
    reminders_send_due,
    submission_create,
    survey_next_period,
    survey_remind,
)
from .factories import make_respondent, make_survey, publish_form

ANSWER = {
    "contact_name": "津 回答",
    "staff": [
        {"employee_id": "A1", "section": "admin", "weekday_hours": "10.5", "holiday_hours": "2"},
        {"employee_id": "A2", "section": "tech", "weekday_hours": "50", "holiday_hours": ""},
    ],
}


def test_the_29_municipalities_have_valid_codes_and_are_made_once(db: Any) -> None:
    from kencho.core.japanese.local_government_code import is_valid_local_government_code

    codes = [code for code, _, _ in mie_municipalities()]
    assert len(set(codes)) == 29 and all(is_valid_local_government_code(code) for code in codes)
    assert codes[0] == "242012"
    municipalities_ensure(actor=None)
    assert len(municipalities_ensure(actor=None)) == 29


def test_a_respondent_sees_only_their_organisations_surveys(overtime: Any, tsu: Any, tsu_user: Any) -> None:
    assert organisations_of(tsu_user) == [tsu]
    assert [r.organisation for r in recipients_for_respondent(tsu_user)] == [tsu]


def test_answers_are_versions_and_each_is_audited(overtime: Any, tsu_user: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    first = submission_create(
        recipient=recipient, answers=ANSWER, source=SubmissionSource.BROWSER, actor=tsu_user
    )
    second = submission_create(
        recipient=recipient, answers=ANSWER, source=SubmissionSource.BROWSER, actor=tsu_user
    )
    assert (first.number, second.number) == (1, 2)
    assert first.data["staff"][0]["weekday_hours"] == "10.5"
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.ANSWERED
    assert AuditEntry.objects.filter(action="inquiries.answer_submitted").count() == 2


def test_rules_flag_the_rows_above_the_threshold(overtime: Any, tsu_user: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission = submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    assert [(flag["rule"], flag["row"]) for flag in submission.flags] == [("over_45", 1)]


def test_bad_answers_get_the_form_engines_messages(overtime: Any, tsu_user: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    bad = {**ANSWER, "staff": [{"employee_id": "A1", "section": "admin", "weekday_hours": "-1"}]}
    with pytest.raises(InvalidAnswers) as caught:
        submission_create(recipient=recipient, answers=bad, source="browser", actor=tsu_user)
    assert [e.path for e in caught.value.errors] == ["staff.0.weekday_hours"]
    assert "平日の時間外" in caught.value.errors[0].message_ja


def test_returning_an_answer_e_mails_the_respondent_with_the_reason(
    overtime: Any, tsu_user: Any, sender: Any, django_capture_on_commit_callbacks: Any
) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    with django_capture_on_commit_callbacks(execute=True):
        recipient_return(recipient=recipient, reason="A2 の時間を確認してください。", actor=sender)
    recipient.refresh_from_db()
    assert recipient.status == RecipientStatus.RETURNED
    assert mail.outbox[-1].to == [tsu_user.email]
    assert "A2 の時間を確認してください。" in mail.outbox[-1].body
    with pytest.raises(SurveyError):
        recipient_return(recipient=recipient, reason="again", actor=sender)


def test_reminders_go_to_those_who_have_not_answered(
    overtime: Any, tsu_user: Any, sender: Any, django_capture_on_commit_callbacks: Any
) -> None:
    yokkaichi_user = make_respondent(
        overtime.recipients.get(organisation__code="242021").organisation, "yokkaichi@example.jp"
    )
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_remind(survey=overtime, actor=sender) == 1
    assert [m.to for m in mail.outbox] == [[yokkaichi_user.email]]


def test_automatic_reminders_start_days_before_the_deadline_and_only_once_a_day(overtime: Any) -> None:
    deadline = overtime.deadline
    assert reminders_send_due(today=deadline - datetime.timedelta(days=4)) == 0
    assert reminders_send_due(today=deadline - datetime.timedelta(days=3)) == 2
    assert reminders_send_due(today=deadline - datetime.timedelta(days=3)) == 0
    assert reminders_send_due(today=deadline + datetime.timedelta(days=1)) == 0


def test_the_next_period_copies_form_respondents_and_rules(overtime: Any, sender: Any, tsu_user: Any) -> None:
    following = survey_next_period(
        survey=overtime,
        period="2025-05",
        deadline=timezone.localdate() + datetime.timedelta(days=40),
        actor=sender,
    )
    assert following.form_version == overtime.form_version
    assert following.rules == overtime.rules and following.previous == overtime
    assert set(following.recipients.values_list("organisation__code", flat=True)) == {"242012", "242021"}
    with pytest.raises(SurveyError):
        survey_next_period(survey=overtime, period="2025-05", deadline=following.deadline, actor=sender)


def test_a_form_with_an_address_cannot_be_a_survey(units: Any, sender: Any, tsu: Any) -> None:
    definition = {
        "format": 1,
        "title": {"ja": "t"},
        "pages": [
            {
                "key": "p",
                "title": {"ja": "p"},
                "fields": [{"key": "home", "type": "address", "label": {"ja": "住所"}}],
            }
        ],
    }
    with pytest.raises(SurveyError) as caught:
        make_survey(units["section"], sender, definition, [tsu])
    assert caught.value.code == "unsupported_question" and "home" in caught.value.message_ja


def test_rules_that_name_unknown_questions_are_refused(units: Any, sender: Any, tsu: Any) -> None:
    from ..demo_forms import overtime_definition

    with pytest.raises(SurveyError) as caught:
        make_survey(
            units["section"],
            sender,
            overtime_definition(),
            [tsu],
            rules=[{"key": "x", "group": "staff", "flag_when": "hours > 1"}],
        )
    assert "hours" in caught.value.message_en
    with pytest.raises(SurveyError):
        make_survey(
            units["section"],
            sender,
            overtime_definition(),
            [tsu],
            rules=[{"key": "x", "flag_when": "__import__('os')"}],
        )


def test_a_fare_table_lookup_flags_claims_above_the_route_fare(units: Any, sender: Any, tsu: Any) -> None:
    definition = {
        "format": 1,
        "title": {"ja": "旅費"},
        "pages": [
            {
                "key": "p",
                "title": {"ja": "p"},
                "fields": [
                    {
                        "key": "trips",
                        "type": "group",
                        "label": {"ja": "旅行"},
                        "max_items": 10,
                        "fields": [
                            {"key": "route", "type": "text", "label": {"ja": "経路"}, "required": True},
                            {"key": "fare", "type": "yen", "label": {"ja": "請求額"}, "required": True},
                        ],
                    }
                ],
            }
        ],
    }
    rules = [
        {
            "key": "fare_above_table",
            "group": "trips",
            "flag_when": "fare > route_fare or route_fare == 0",
            "lookup": {"by": "route", "as": "route_fare", "table": {"津-松阪": 740}},
        }
    ]
    survey = make_survey(units["section"], sender, definition, [tsu], rules=rules)
    recipient = survey.recipients.get()
    answers = {
        "trips": [
            {"route": "津-松阪", "fare": "740"},
            {"route": "津-松阪", "fare": "900"},
            {"route": "津-名古屋", "fare": "1000"},
        ]
    }
    submission = submission_create(recipient=recipient, answers=answers, source="api", actor=sender)
    assert [flag["row"] for flag in submission.flags] == [1, 2]


def test_aggregate_adds_up_numbers_and_counts_choices(overtime: Any, tsu_user: Any, sender: Any) -> None:
    recipient = overtime.recipients.get(organisation__code="242012")
    submission_create(recipient=recipient, answers=ANSWER, source="browser", actor=tsu_user)
    other = overtime.recipients.get(organisation__code="242021")
    submission_create(
        recipient=other,
        answers={
            "contact_name": "四日市",
            "staff": [{"employee_id": "B1", "section": "admin", "weekday_hours": "1.5"}],
        },
        source="api",
        actor=sender,
    )
    result = survey_aggregate(overtime)
    measures = {m["key"]: m for m in result["measures"]}
    assert Decimal(measures["staff.weekday_hours"]["total"]) == Decimal("62")
    assert Decimal(measures["staff.holiday_hours"]["total"]) == Decimal("2")
    assert {o["value"]: o["count"] for o in measures["staff.section"]["options"]} == {
        "admin": 2,
        "tech": 1,
        "other": 0,
    }
    assert result["row_count"] == 3 and result["respondent_count"] == 2
    assert {r["code"]: r["values"]["staff.weekday_hours"] for r in result["by_respondent"]} == {
        "242012": "60.5",
        "242021": "1.5",
    }


def test_a_closed_survey_takes_no_answers(units: Any, sender: Any, tsu: Any, tsu_user: Any) -> None:
    from ..demo_forms import overtime_definition
    from ..services import survey_close

    survey = make_survey(units["section"], sender, overtime_definition(), [tsu])
    survey_close(survey=survey, actor=sender)
    with pytest.raises(SurveyError) as caught:
        submission_create(recipient=survey.recipients.get(), answers=ANSWER, source="browser", actor=tsu_user)
    assert caught.value.code == "survey_closed"


def test_unpublished_forms_are_refused(units: Any, sender: Any, tsu: Any) -> None:
    from ..demo_forms import overtime_definition
    from ..services import survey_create

    version = publish_form(units["section"], overtime_definition())
    version.published_at = None
    with pytest.raises(SurveyError):
        survey_create(
            unit=units["section"],
            title="x",
            form_version=version,
            deadline=timezone.localdate(),
            organisations=[tsu],
            actor=sender,
        )
