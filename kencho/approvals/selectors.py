"""Reads for the approvals pages and API: the approver's inbox, the drafter's documents, and the
applications a drafter may link."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kencho.core.access import staff_unit_ids
from kencho.core.models import Membership, User
from kencho.procedures.models import Application

from .absences import admin_unit_ids, is_approver
from .access import documents_visible_to
from .models import FINAL_STATUSES, Absence, Action, Deputy, Document, DocumentStatus, Step, StepState
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


def _members_of(unit_ids: set[int] | None, on: datetime.date) -> QuerySet[User]:
    """Active staff with a membership valid on `on` in one of `unit_ids` (None: any unit)."""
    staff = User.objects.filter(kind=User.Kind.STAFF, is_active=True)
    if unit_ids is None:
        return staff
    memberships = Membership.objects.filter(unit_id__in=unit_ids, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    return staff.filter(pk__in=memberships.values("user_id"))


def absences_of(*, user: User) -> QuerySet[Absence]:
    return Absence.objects.filter(user=user).order_by("-starts_on")


def deputy_principals_for(*, actor: User) -> QuerySet[User]:
    """Whose deputies `actor` may register: themselves when they are an approver, and the members of
    the units they administer."""
    day = timezone.localdate()
    admin_units = admin_unit_ids(actor)
    people = _members_of(admin_units, day) if admin_units != set() else User.objects.none()
    if is_approver(actor):
        people = people | User.objects.filter(pk=actor.pk)
    return people.distinct().order_by("display_name", "email")


def deputy_candidates_for(*, actor: User) -> QuerySet[User]:
    """Whom `actor` may offer as deputy: the active staff of the units they may see. The service
    checks the choice against the principal's units."""
    return _members_of(staff_unit_ids(actor), timezone.localdate()).order_by("display_name", "email")


def deputies_managed_by(*, actor: User) -> QuerySet[Deputy]:
    """The deputy registrations `actor` may see and cancel, newest first."""
    registrations = Deputy.objects.select_related("principal", "deputy")
    principals = deputy_principals_for(actor=actor)
    return registrations.filter(principal__in=principals.values("pk")).order_by("-valid_from", "-id")


def deputising_for(*, user: User) -> QuerySet[Deputy]:
    """The registrations under which `user` deputises for someone, current and future."""
    today = timezone.localdate()
    return (
        Deputy.objects.filter(deputy=user)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("principal")
        .order_by("valid_from")
    )
