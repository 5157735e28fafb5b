"""Fetching a 起案 is an access check: staff see the documents of their units (and the units below),
and those where they are on the route or a registered deputy of someone who is. Not found otherwise,
so that ids cannot be probed."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kencho.core.access import staff_unit_ids
from kencho.core.models import User

from .absences import may_manage_absences_of, may_manage_deputies_of
from .models import Absence, Action, Deputy, Document
from .routing import principals_of


def documents_visible_to(user: User) -> QuerySet[Document]:
    if not user.is_authenticated or user.kind != User.Kind.STAFF:
        return Document.objects.none()
    units = staff_unit_ids(user)
    if units is None:
        return Document.objects.all()
    principals = list(principals_of(user, timezone.localdate()).values_list("principal_id", flat=True))
    condition = Q(unit_id__in=units) | Q(drafter=user) | Q(steps__assignee=user)
    if principals:
        condition |= Q(steps__assignee_id__in=principals)
    ids = Document.objects.filter(condition).values("pk")
    return Document.objects.filter(pk__in=ids)


def document_for_staff(*, user: User, document_id: int) -> Document:
    try:
        return (
            documents_visible_to(user)
            .select_related("unit", "drafter", "category", "approve_template", "reject_template")
            .get(pk=document_id)
        )
    except Document.DoesNotExist:
        raise Http404 from None


def post_review_action_for(*, user: User, document: Document, action_id: int) -> Action:
    action = document.actions.filter(pk=action_id, on_behalf_of=user).first()
    if action is None:
        raise Http404
    return action


def absence_for_staff(*, user: User, absence_id: int) -> Absence:
    """One's own absence, or one of a member of the units one administers; 404 otherwise."""
    absence = Absence.objects.select_related("user").filter(pk=absence_id).first()
    if absence is None or not may_manage_absences_of(user, absence.user):
        raise Http404
    return absence


def deputy_for_staff(*, user: User, deputy_id: int) -> Deputy:
    """A deputy registration for oneself (as approver) or for a member of the units one administers."""
    registration = Deputy.objects.select_related("principal", "deputy").filter(pk=deputy_id).first()
    if registration is None or not may_manage_deputies_of(user, registration.principal):
        raise Http404
    return registration
