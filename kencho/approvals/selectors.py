"""Reads for the approvals pages and API: the approver's inbox, the drafter's documents, and the
applications a drafter may link."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kencho.core.access import staff_unit_ids
from kencho.core.models import User
from kencho.procedures.models import Application

from .access import documents_visible_to
from .models import FINAL_STATUSES, Action, Document, DocumentStatus, Step, StepState
from .routing import absent_principal_ids
from .rules import DECIDABLE_STATUSES


@dataclass(frozen=True)
class Inbox:
    waiting: list[Step]
    as_deputy: list[Step]
    post_review: list[Action]
    drafts: list[Document]


def inbox_for(*, user: User, on: datetime.date | None = None) -> Inbox:
    day = on or timezone.localdate()
    related = ("document__unit", "document__category", "document__drafter", "assignee")
    waiting = Step.objects.filter(
        assignee=user, state=StepState.PENDING, document__status=DocumentStatus.IN_PROGRESS
    ).select_related(*related)
    principals = absent_principal_ids(user, day)
    as_deputy = Step.objects.filter(
        assignee_id__in=principals, state=StepState.PENDING, document__status=DocumentStatus.IN_PROGRESS
    ).select_related(*related)
    post_review = Action.objects.filter(on_behalf_of=user, post_reviewed_at__isnull=True).select_related(
        "document__unit", "actor"
    )
    drafts = (
        Document.objects.filter(drafter=user)
        .exclude(status__in=FINAL_STATUSES)
        .select_related("category", "unit")
    )
    return Inbox(
        waiting=list(waiting.order_by("document__sent_at")[:500]),
        as_deputy=list(as_deputy.order_by("document__sent_at")[:500]),
        post_review=list(post_review.order_by("created_at")[:500]),
        drafts=list(drafts.order_by("-updated_at")[:200]),
    )


def documents_for_staff(*, viewer: User, status: str = "") -> QuerySet[Document]:
    documents = documents_visible_to(viewer).select_related("unit", "category", "drafter")
    if status:
        documents = documents.filter(status=status)
    return documents.order_by("-updated_at")


def applications_for_drafting(*, drafter: User) -> QuerySet[Application]:
    """Open applications of the drafter's units that no open 起案 decides on yet."""
    units = staff_unit_ids(drafter)
    applications = Application.objects.filter(status__in=DECIDABLE_STATUSES)
    if units is not None:
        applications = applications.filter(unit_id__in=units)
    open_statuses = [s for s in DocumentStatus if s not in FINAL_STATUSES]
    busy = Application.objects.filter(approval_links__document__status__in=open_statuses)
    return (
        applications.exclude(pk__in=busy.values("pk"))
        .select_related("procedure", "unit")
        .order_by("receipt_number")
    )
