"""The approval route as services: resolving it by position and 専決, every action, 代決 and 後閲,
the decision hook, notices and the frozen record."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from kencho.core.models import AuditEntry, Membership
from kencho.core.services import membership_add
from kencho.notices.models import Notice
from kencho.procedures.models import ApplicationStatus

from .. import hooks
from ..actions import (
    document_approve,
    document_decide,
    document_post_review,
    document_pull_back,
    document_reject,
    document_return,
    document_withdraw,
)
from ..errors import ApprovalError
from ..freezing import record_verify
from ..models import Absence, ActionKind, Deputy, Document, DocumentStatus, OptionalReviewer, StepState
from ..routing import route_plan
from ..services import (
    document_attachment_add,
    document_reviewer_add,
    document_reviewer_remove,
    document_send,
    document_update,
)
from .factories import Office, make_applications, make_document

pytestmark = pytest.mark.django_db


def route(document: Document) -> list[tuple[int, str, str]]:
    return [(s.stage, s.kind, s.assignee.email) for s in document.steps.order_by("stage", "assignee__email")]


def pending(document: Document) -> list[str]:
    return sorted(document.steps.filter(state=StepState.PENDING).values_list("assignee__email", flat=True))


def test_light_matters_go_to_the_section_chief_after_the_kakaricho(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)

    assert route(document) == [(1, "serial", "kakaricho@example.jp"), (2, "decision", "kacho@example.jp")]
    assert pending(document) == ["kakaricho@example.jp"]
    assert document.status == DocumentStatus.IN_PROGRESS


def test_important_matters_have_the_consultation_before_the_own_line_and_the_bucho_decides(
    office: Office,
) -> None:
    document = document_send(document=make_document(office, category="important"), actor=office.drafter)

    assert route(document) == [
        (1, "consultation", "consultee@example.jp"),
        (2, "serial", "kakaricho@example.jp"),
        (3, "serial", "kacho@example.jp"),
        (4, "decision", "bucho@example.jp"),
    ]


def test_the_governor_decides_the_most_important_after_a_parallel_stage(office: Office) -> None:
    document = document_send(document=make_document(office, category="top"), actor=office.drafter)

    assert route(document) == [
        (1, "serial", "kakaricho@example.jp"),
        (2, "parallel", "bucho@example.jp"),
        (2, "parallel", "kacho@example.jp"),
        (3, "decision", "governor@example.jp"),
    ]
    document_approve(document=document, actor=office.kakaricho)
    assert pending(document) == ["bucho@example.jp", "kacho@example.jp"]
    document_approve(document=document, actor=office.kacho)
    assert pending(document) == ["bucho@example.jp"]  # parallel: all must approve
    document_approve(document=document, actor=office.bucho)
    assert pending(document) == ["governor@example.jp"]


def test_the_route_follows_personnel_changes_on_the_day_of_sending(office: Office) -> None:
    from kencho.conftest import make_staff

    today = timezone.localdate()
    successor = make_staff("new.kacho@example.jp", office.units["division"], Membership.Role.APPROVER)
    Membership.objects.filter(user=successor).update(
        title="課長", valid_from=today + datetime.timedelta(days=1)
    )
    Membership.objects.filter(user=office.kacho).update(valid_until=today)
    document = make_document(office)

    assert route_plan(document=document, on=today)[-1].assignee == office.kacho
    assert route_plan(document=document, on=today + datetime.timedelta(days=1))[-1].assignee == successor


def test_a_missing_position_holder_is_a_message_not_a_crash(office: Office) -> None:
    Membership.objects.filter(user=office.kakaricho).delete()
    with pytest.raises(ApprovalError) as caught:
        document_send(document=make_document(office), actor=office.drafter)
    assert caught.value.code == "route_unresolved"
    assert "係長" in caught.value.message_ja


def test_optional_reviewers_come_before_the_decider_and_can_be_removed(office: Office) -> None:
    document = make_document(office)
    document_reviewer_add(document=document, actor=office.drafter, reviewer=office.deputy)
    assert [p.assignee for p in route_plan(document=document, on=timezone.localdate())] == [
        office.kakaricho,
        office.deputy,
        office.kacho,
    ]
    document_reviewer_remove(document=document, actor=office.drafter, reviewer_id=office.deputy.pk)
    assert not OptionalReviewer.objects.exists()
    with pytest.raises(ApprovalError):
        document_reviewer_add(document=document, actor=office.drafter, reviewer=office.drafter)


def test_numbers_are_per_unit_and_fiscal_year_without_gaps(office: Office) -> None:
    march = datetime.date(2026, 3, 31)
    april = datetime.date(2026, 4, 1)
    first = document_send(document=make_document(office), actor=office.drafter, on=march)
    second = document_send(document=make_document(office), actor=office.drafter, on=march)
    third = document_send(document=make_document(office), actor=office.drafter, on=april)

    assert (first.number_year, first.number_sequence) == (2025, 1)
    assert (second.number_year, second.number_sequence) == (2025, 2)
    assert (third.number_year, third.number_sequence) == (2026, 1)
    assert first.number == "学生支援班第7-1号"
    assert third.number == "学生支援班第8-1号"


def test_a_resent_document_keeps_its_number(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    number = document.number
    document_return(document=document, actor=office.kakaricho, comment="数字を確認してください")
    document = document_send(document=document, actor=office.drafter)
    assert document.number == number


def test_only_the_person_whose_turn_it_is_may_approve(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    with pytest.raises(ApprovalError) as caught:
        document_approve(document=document, actor=office.kacho)
    assert caught.value.code == "not_your_turn"


def test_return_to_the_drafter_needs_a_comment_and_makes_it_editable(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    with pytest.raises(ApprovalError) as caught:
        document_return(document=document, actor=office.kakaricho, comment="  ")
    assert caught.value.field == "comment"

    document = document_return(document=document, actor=office.kakaricho, comment="根拠規定を追記")
    assert document.status == DocumentStatus.RETURNED
    assert document.is_editable
    assert pending(document) == []
    update = document_update(
        document=document,
        actor=office.drafter,
        category=office.categories["light"],
        title="修正後",
        body="根拠",
    )
    assert update.title == "修正後"


def test_return_to_an_earlier_stage_gives_it_back_to_that_stage(office: Office) -> None:
    document = document_send(document=make_document(office, category="important"), actor=office.drafter)
    document_approve(document=document, actor=office.consultee)
    document_approve(document=document, actor=office.kakaricho)
    document_return(document=document, actor=office.kacho, comment="合議先に再確認を", to_stage=1)

    assert pending(document) == ["consultee@example.jp"]
    assert document.steps.get(stage=2).state == StepState.WAITING
    with pytest.raises(ApprovalError) as caught:
        document_return(document=document, actor=office.consultee, comment="x", to_stage=3)
    assert caught.value.code == "return_target"


def test_pull_back_only_while_the_next_person_has_not_acted(office: Office) -> None:
    document = document_send(document=make_document(office, category="top"), actor=office.drafter)
    document = document_pull_back(document=document, actor=office.drafter)
    assert document.status == DocumentStatus.DRAFT

    document = document_send(document=document, actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    document_approve(document=document, actor=office.kacho)  # one of the parallel stage has acted
    with pytest.raises(ApprovalError) as caught:
        document_pull_back(document=document, actor=office.drafter)
    assert caught.value.code == "already_acted"
    with pytest.raises(ApprovalError):
        document_pull_back(document=document, actor=office.kakaricho)  # only the drafter


def test_withdraw_frees_the_applications_for_another_document(office: Office) -> None:
    applications = make_applications(office, 1)
    document = document_send(document=make_document(office, applications=applications), actor=office.drafter)
    with pytest.raises(ApprovalError) as caught:
        make_document(office, applications=applications)
    assert caught.value.code == "already_linked"

    document_withdraw(document=document, actor=office.drafter, comment="不要になった")
    assert make_document(office, applications=applications).links.count() == 1
    applications[0].refresh_from_db()
    assert applications[0].status == ApplicationStatus.RECEIVED


def test_the_decider_cannot_approve_and_others_cannot_decide(office: Office) -> None:
    document = document_send(document=make_document(office), actor=office.drafter)
    with pytest.raises(ApprovalError) as caught:
        document_decide(document=document, actor=office.kakaricho)
    assert caught.value.code == "not_decider"
    document_approve(document=document, actor=office.kakaricho)
    with pytest.raises(ApprovalError) as caught:
        document_approve(document=document, actor=office.kacho)
    assert caught.value.code == "decide_instead"


def _decide(office: Office, document: Document) -> Document:
    document_approve(document=document, actor=office.kakaricho)
    return document_decide(document=document, actor=office.kacho, comment="決裁します")


def test_deciding_accepts_the_applications_issues_notices_and_freezes(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    applications = make_applications(office, 3)
    document = document_send(document=make_document(office, applications=applications), actor=office.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        document = _decide(office, document)

    assert document.status == DocumentStatus.DECIDED
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED
    notices = Notice.objects.filter(application__in=applications)
    assert notices.count() == 3
    assert {n.template_version.template for n in notices} == {office.approve_template}
    assert notices.first().batch.source == "approvals"  # type: ignore[union-attr]
    assert notices.first().batch.source_ref == str(document.pk)  # type: ignore[union-attr]
    assert document.is_frozen
    assert document.record_pdf.read(4) == b"%PDF"
    assert record_verify(document)
    assert document.disposal_on == datetime.date(
        timezone.localdate().year + (1 if timezone.localdate().month >= 4 else 0) + 5, 3, 31
    )


def test_rejecting_refuses_the_applications_with_the_refusal_notice(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    applications = make_applications(office, 2)
    document = document_send(document=make_document(office, applications=applications), actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    with pytest.raises(ApprovalError):
        document_reject(document=document, actor=office.kacho, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_reject(document=document, actor=office.kacho, comment="要件を満たさない")

    assert document.status == DocumentStatus.REJECTED
    for application in applications:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REJECTED
    assert {n.template_version.template for n in Notice.objects.all()} == {office.reject_template}
    assert document.is_frozen


def test_a_frozen_document_cannot_be_changed_and_a_tampered_pdf_fails_the_check(office: Office) -> None:
    document = _decide(office, document_send(document=make_document(office), actor=office.drafter))
    with pytest.raises(ApprovalError) as caught:
        document_update(
            document=document, actor=office.drafter, category=document.category, title="x", body="y"
        )
    assert caught.value.code == "frozen"
    with pytest.raises(ApprovalError):
        document_withdraw(document=document, actor=office.drafter)
    with document.record_pdf.open("ab") as stored:
        stored.write(b"tampered")
    assert not record_verify(document)


@pytest.fixture
def listener() -> Iterator[list[hooks.Decision]]:
    seen: list[hooks.Decision] = []

    def on_decided(decision: hooks.Decision) -> None:
        seen.append(decision)
        if any(v.get("決定額", 0) > 1_000_000 for v in decision.item_values.values()):
            raise hooks.DecisionRefused("予算の残額を超えるため決裁できません。")

    hooks.decision_listener(on_decided)
    yield seen
    hooks._listeners.remove(on_decided)


def test_listeners_see_the_decision_with_the_drafters_values(office: Office, listener: list[Any]) -> None:
    applications = make_applications(office, 2)
    document = _decide(
        office, document_send(document=make_document(office, applications=applications), actor=office.drafter)
    )

    [decision] = listener
    assert decision.outcome == "approved"
    assert decision.document_number == document.number
    assert decision.item_values == {
        applications[0].pk: {"決定額": 100_000, "理由": "要件を満たすため", "条件": "期限内に報告すること"},
        applications[1].pk: {"決定額": 200_000, "理由": "要件を満たすため", "条件": "期限内に報告すること"},
    }
    assert {a.status for a in decision.applications} == {ApplicationStatus.ACCEPTED}


def test_a_refusing_listener_rolls_everything_back(office: Office, listener: list[Any]) -> None:
    applications = make_applications(office, 1)
    document = make_document(office, applications=applications)
    document_update(
        document=document,
        actor=office.drafter,
        category=document.category,
        title=document.title,
        body=document.body,
        applications=applications,
        values={applications[0].pk: {"決定額": 2_000_000, "条件": "なし"}},
        approve_template=office.approve_template,
        reject_template=office.reject_template,
    )
    document = document_send(document=document, actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    with pytest.raises(ApprovalError) as caught:
        document_decide(document=document, actor=office.kacho)

    assert caught.value.code == "decision_refused"
    assert "予算" in caught.value.message_ja
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS
    assert not document.is_frozen
    applications[0].refresh_from_db()
    assert applications[0].status == ApplicationStatus.RECEIVED
    assert not Notice.objects.exists()
    assert pending(document) == ["kacho@example.jp"]


def test_a_deputy_decides_while_the_approver_is_absent_and_the_approver_reads_it_afterwards(
    office: Office,
) -> None:
    today = timezone.localdate()
    document = document_send(document=make_document(office), actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    Deputy.objects.create(principal=office.kacho, deputy=office.deputy, valid_from=today)
    with pytest.raises(ApprovalError):
        document_decide(document=document, actor=office.deputy)  # not absent: no 代決

    Absence.objects.create(user=office.kacho, starts_on=today, ends_on=today, reason="出張")
    document = document_decide(document=document, actor=office.deputy, comment="代決")

    decision = document.actions.get(kind=ActionKind.DECIDE)
    assert decision.actor == office.deputy
    assert decision.on_behalf_of == office.kacho
    assert decision.awaits_post_review
    step = document.steps.get(stage=2)
    assert step.by_deputy
    with pytest.raises(ApprovalError):
        document_post_review(action=decision, actor=office.deputy)
    document_post_review(action=decision, actor=office.kacho)
    decision.refresh_from_db()
    assert decision.post_reviewed_at is not None
    assert document.actions.filter(kind=ActionKind.POST_REVIEW, actor=office.kacho).exists()


def test_an_unregistered_colleague_cannot_act_for_an_absent_approver(office: Office) -> None:
    today = timezone.localdate()
    document = document_send(document=make_document(office), actor=office.drafter)
    Absence.objects.create(user=office.kakaricho, starts_on=today, ends_on=today)
    with pytest.raises(ApprovalError):
        document_approve(document=document, actor=office.deputy)


def test_every_action_is_in_the_audit_chain(office: Office) -> None:
    document = make_document(office)
    document_attachment_add(document=document, actor=office.drafter, upload=_upload())
    _decide(office, document_send(document=document, actor=office.drafter))
    actions = set(
        AuditEntry.objects.filter(object_type="approvals.document").values_list("action", flat=True)
    )
    assert {
        "approvals.document_create",
        "approvals.attachment_added",
        "approvals.document_send",
        "approvals.document_approve",
        "approvals.document_decide",
        "approvals.document_frozen",
    } <= actions


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("資料.txt", "根拠資料".encode(), content_type="text/plain")


def test_linked_applications_must_be_open_and_of_the_drafters_units(
    office: Office, units: dict[str, Any]
) -> None:
    applications = make_applications(office, 1)
    applications[0].status = ApplicationStatus.ACCEPTED
    applications[0].save()
    with pytest.raises(ApprovalError) as caught:
        make_document(office, applications=applications)
    assert caught.value.code == "application_status"


def test_an_internal_document_without_applications_is_decided_and_frozen(office: Office) -> None:
    document = make_document(office, title="知事レクについて", category="top")
    document = document_send(document=document, actor=office.drafter)
    document_approve(document=document, actor=office.kakaricho)
    document_approve(document=document, actor=office.kacho)
    document_approve(document=document, actor=office.bucho)
    document = document_decide(document=document, actor=office.governor)
    assert document.is_frozen
    assert not Notice.objects.exists()


def test_memberships_added_later_still_route(office: Office) -> None:
    membership_add(
        user=office.deputy, unit=office.units["section"], role=Membership.Role.APPROVER, title="係長"
    )
    Membership.objects.filter(user=office.kakaricho).update(valid_from=datetime.date(2000, 1, 1))
    document = document_send(document=make_document(office), actor=office.drafter)
    assert route(document)[0][2] == "deputy@example.jp"  # the latest appointment holds the position


def test_sending_needs_the_values_the_approval_notice_uses(office: Office) -> None:
    applications = make_applications(office, 1)
    document = make_document(office, applications=applications)
    document.links.update(values={"決定額": 5000})
    with pytest.raises(ApprovalError) as caught:
        document_send(document=document, actor=office.drafter)
    assert caught.value.code == "values_missing"
    assert "条件" in caught.value.message_ja
