"""Reads of procedures and applications, each scoped to what the viewer may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kencho.core.access import staff_unit_ids
from kencho.core.models import OrgUnit, User
from kencho.core.search import search_query_tokens

from .links import local_path_ok
from .models import Application, Draft, Procedure
from .status import OPEN_STATUSES


def procedures_for_catalogue(*, query: str = "", category: str = "") -> QuerySet[Procedure]:
    """Published, listed procedures, optionally searched (unlisted ones are reached only through the
    flow that starts them). The search matches Japanese by SudachiPy's normalised tokens, so
    「引っ越し」 finds a procedure titled 「引越し」."""
    procedures = Procedure.objects.filter(is_published=True, is_listed=True).select_related(
        "category", "owning_unit"
    )
    if category:
        procedures = procedures.filter(category__slug=category)
    for token in search_query_tokens(query)[:12]:
        procedures = procedures.filter(search_document__contains=f" {token} ")
    return procedures


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    procedure: str = ""
    assignee: str = ""  # "", "me", "unassigned"
    due_before: datetime.date | None = None
    overdue: bool = False
    query: str = ""


def applications_for_inbox(*, viewer: User, filters: InboxFilters) -> QuerySet[Application]:
    applications = Application.objects.select_related("procedure", "assignee", "unit")
    unit_ids = staff_unit_ids(viewer)
    if unit_ids is not None:
        applications = applications.filter(unit_id__in=unit_ids)
    if filters.status == "open":
        applications = applications.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        applications = applications.filter(status=filters.status)
    if filters.procedure:
        applications = applications.filter(procedure__slug=filters.procedure)
    if filters.assignee == "me":
        applications = applications.filter(assignee=viewer)
    elif filters.assignee == "unassigned":
        applications = applications.filter(assignee__isnull=True)
    if filters.due_before:
        applications = applications.filter(due_date__lte=filters.due_before)
    if filters.overdue:
        applications = applications.filter(due_date__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    if filters.query:
        q = filters.query.strip()
        applications = applications.filter(Q(receipt_number__icontains=q) | Q(applicant_name__icontains=q))
    return applications.order_by("due_date", "submitted_at")


def procedures_for_staff(*, viewer: User) -> QuerySet[Procedure]:
    procedures = Procedure.objects.all()
    unit_ids = staff_unit_ids(viewer)
    if unit_ids is not None:
        procedures = procedures.filter(owning_unit_id__in=unit_ids)
    return procedures.order_by("title_ja")


def staff_of_unit(*, unit_id: int) -> QuerySet[User]:
    """Active staff who are members of the unit or of a unit above it: who an application of the
    unit can be assigned to."""
    path = OrgUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or ""
    codes = [code for code in path.split("/") if code]
    return (
        User.objects.filter(kind=User.Kind.STAFF, is_active=True, memberships__unit__code__in=codes)
        .distinct()
        .order_by("display_name", "email")
    )


@dataclass(frozen=True)
class ReturnLink:
    url: str
    label: str


def application_return_link(application: Application) -> ReturnLink | None:
    """Where the flow that started the application's draft sends the applicant next (a local path
    checked again here), or None for an application started from the procedure's own page."""
    draft = Draft.objects.filter(application=application).only(
        "return_url", "return_label_ja", "return_label_en"
    )
    found = draft.first()
    if found is None or not found.return_url or not local_path_ok(found.return_url):
        return None
    return ReturnLink(found.return_url, found.return_label or str(_("元のページに戻る")))


def applications_of(*, user: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related("procedure").order_by("-submitted_at")
