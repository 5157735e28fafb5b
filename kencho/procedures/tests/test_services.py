import datetime
import re

import pytest
from django.core import mail

from kencho.core.audit import audit_verify
from kencho.core.models import AuditEntry

from .. import errors
from ..models import Application, ApplicationEvent, ApplicationStatus
from ..services import (
    CorrectionItem,
    application_request_correction,
    application_resubmit,
    application_submit,
    application_transition,
    application_withdraw,
)
from .factories import VALID_ANSWERS, make_procedure

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def procedure(units):
    return make_procedure(unit=units["section"])


def submit(procedure, answers=None, **kwargs):
    kwargs.setdefault("applicant", None)
    kwargs.setdefault("language", "ja")
    return application_submit(procedure=procedure, answers=answers or dict(VALID_ANSWERS), **kwargs)


def test_submit_stores_normalised_answers_and_gives_a_receipt_number(
    procedure, django_capture_on_commit_callbacks, settings
):
    settings.KENCHO_RENDER_PDF_ON_SUBMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(procedure)
    application = Application.objects.get()
    assert result.created and result.application == application
    assert re.fullmatch(r"[RH]\d+-\d{8}", application.receipt_number)
    assert application.status == ApplicationStatus.RECEIVED
    assert application.data["birth_date"] == "2000-04-01"
    assert application.data["name"]["kana"] == "ミエ\u3000ハナコ"  # full-width space, as 住民票 write it
    assert application.applicant_name == "三重 花子"
    assert application.unit == procedure.owning_unit
    assert result.guest_secret  # a guest gets a secret to follow the application
    assert application.events.get().kind == ApplicationEvent.Kind.SUBMITTED
    assert AuditEntry.objects.filter(
        action="procedures.application_submitted", object_id=str(application.pk)
    ).exists()
    assert len(mail.outbox) == 1 and application.receipt_number in mail.outbox[0].subject
    assert (application.pdf.name or "").endswith(".pdf")


def test_without_workers_the_pdf_is_made_when_first_opened(
    procedure, officer, django_capture_on_commit_callbacks
):
    from kencho.conftest import staff_client

    with django_capture_on_commit_callbacks(execute=True):
        application = submit(procedure).application
    application.refresh_from_db()
    assert not application.pdf
    response = staff_client(officer).get(f"/staff/applications/{application.receipt_number}/pdf/")
    assert response.getvalue().startswith(b"%PDF")
    application.refresh_from_db()
    assert application.pdf


def test_receipt_numbers_follow_each_other_and_never_repeat(procedure):
    numbers = [submit(procedure).application.receipt_number for _ in range(3)]
    sequence = [int(n.split("-")[1]) for n in numbers]
    assert sequence == [sequence[0], sequence[0] + 1, sequence[0] + 2]
    assert len(set(numbers)) == 3


def test_submit_twice_with_same_key_creates_one_application(procedure):
    first = submit(procedure, idempotency_key="abc-123")
    second = submit(procedure, idempotency_key="abc-123")
    assert first.created and not second.created
    assert first.application.pk == second.application.pk
    assert Application.objects.count() == 1


def test_same_key_with_different_answers_is_refused(procedure):
    submit(procedure, idempotency_key="abc-123")
    with pytest.raises(errors.ProcedureError) as caught:
        submit(procedure, {**VALID_ANSWERS, "count": 3}, idempotency_key="abc-123")
    assert caught.value.code == "idempotency_key_reused"


def test_invalid_answers_name_the_field_and_store_nothing(procedure):
    with pytest.raises(errors.InvalidAnswers) as caught:
        submit(procedure, {**VALID_ANSWERS, "birth_date": "令和99年13月40日", "count": 0})
    paths = {e.path for e in caught.value.errors}
    assert paths == {"birth_date", "count"}
    assert all("生年月日" in e.message_ja or "枚数" in e.message_ja for e in caught.value.errors)
    assert Application.objects.count() == 0
    assert not AuditEntry.objects.filter(action="procedures.application_submitted").exists()


def test_closed_procedure_refuses(units):
    procedure = make_procedure(
        unit=units["section"], closes_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(errors.ProcedureError) as caught:
        submit(procedure)
    assert caught.value.code == "closed"


def test_capacity_limit_refuses_once_reached(units):
    procedure = make_procedure(unit=units["section"], capacity=2)
    submit(procedure)
    submit(procedure)
    with pytest.raises(errors.ProcedureError) as caught:
        submit(procedure)
    assert caught.value.code == "capacity_reached"


def test_due_date_counts_business_days(procedure, monkeypatch):
    from django.utils import timezone

    friday = datetime.datetime(2025, 4, 25, 10, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: friday)
    application = submit(procedure).application
    # 4/28 (Mon) 1, 4/29 昭和の日 skipped, 4/30 2, 5/1 3, 5/2 4, 5/3-5/6 holidays, 5/7 5
    assert application.due_date == datetime.date(2025, 5, 7)


def test_correction_request_then_resubmission_changes_only_marked_fields(procedure, officer):
    application = submit(procedure).application
    application_request_correction(
        application=application,
        actor=officer,
        items=[CorrectionItem(path="count", comment="枚数は1枚までです")],
        message="ご確認ください",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION_REQUESTED
    assert application.correction_fields == [{"path": "count", "comment": "枚数は1枚までです"}]
    application_resubmit(
        application=application,
        answers={**application.data, "count": 1, "reason": "書き換えようとした理由"},
        actor=None,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RESUBMITTED
    assert application.data["count"] == 1
    assert application.data["reason"] == "引越しのため"  # not marked: unchanged
    assert application.correction_fields == []
    resubmitted = application.events.get(kind=ApplicationEvent.Kind.RESUBMITTED)
    assert resubmitted.detail["changed_fields"] == ["count"]


def test_resubmission_is_validated(procedure, officer):
    application = submit(procedure).application
    application_request_correction(
        application=application, actor=officer, items=[CorrectionItem("count", "")], message=""
    )
    with pytest.raises(errors.InvalidAnswers):
        application_resubmit(application=application, answers={"count": 99}, actor=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CORRECTION_REQUESTED


def test_staff_cannot_skip_the_status_machine(procedure, officer):
    application = submit(procedure).application
    with pytest.raises(errors.ProcedureError) as caught:
        application_transition(application=application, to_status=ApplicationStatus.COMPLETED, actor=officer)
    assert caught.value.code == "invalid_transition"
    assert "受付" in caught.value.message_ja and "Received" in caught.value.message_en
    application_transition(application=application, to_status=ApplicationStatus.UNDER_REVIEW, actor=officer)
    application_transition(application=application, to_status=ApplicationStatus.ACCEPTED, actor=officer)
    application_transition(application=application, to_status=ApplicationStatus.COMPLETED, actor=officer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    assert [e.to_status for e in application.events.all()] == [
        "received",
        "under_review",
        "accepted",
        "completed",
    ]
    assert list(audit_verify()) == []


def test_withdraw_only_while_open(procedure, officer):
    application = submit(procedure).application
    application_withdraw(application=application, actor=None, reason="不要になった")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(errors.ProcedureError):
        application_withdraw(application=application, actor=None)


def test_status_e_mail_is_in_the_applicants_language(procedure, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(procedure, language="en").application
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application, to_status=ApplicationStatus.UNDER_REVIEW, actor=officer
        )
    assert len(mail.outbox) == 1
    assert "Under review" in mail.outbox[0].subject or "review" in mail.outbox[0].body.lower()


def test_cases_are_assigned_only_to_staff_of_the_unit_or_above(
    procedure, officer, section_chief, other_officer
):
    from ..services import application_assign

    application = submit(procedure).application
    application_assign(application=application, assignee_id=section_chief.pk, actor=officer)
    application.refresh_from_db()
    assert application.assignee == section_chief
    with pytest.raises(errors.ProcedureError) as caught:
        application_assign(application=application, assignee_id=other_officer.pk, actor=officer)
    assert caught.value.code == "invalid_assignee"
    application_assign(application=application, assignee_id=None, actor=officer)
    application.refresh_from_db()
    assert application.assignee is None
