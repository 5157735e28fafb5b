"""Fetching an application is an access check. Views never call Application.objects.get directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kencho.core.access import staff_may_see_unit, staff_unit_ids
from kencho.core.models import Membership, User

from .models import Application, Draft, Procedure
from .services import guest_secret_matches


def _by_receipt(receipt_number: str) -> Application:
    try:
        return Application.objects.select_related(
            "procedure", "form_version", "unit", "assignee", "applicant"
        ).get(receipt_number=receipt_number)
    except Application.DoesNotExist:
        raise Http404 from None


def application_for_staff(*, user: User, receipt_number: str) -> Application:
    """The application, if it belongs to one of the staff member's units. Not found otherwise, so
    that receipt numbers of other units cannot be probed."""
    application = _by_receipt(receipt_number)
    if not staff_may_see_unit(user, application.unit_id):
        raise Http404
    return application


def application_for_applicant(*, user: User | None, receipt_number: str, secret: str = "") -> Application:
    """The applicant's own application: by ownership for a logged-in user, by secret for a guest."""
    application = _by_receipt(receipt_number)
    if user is not None and user.is_authenticated and application.applicant_id == user.pk:
        return application
    if secret and application.applicant_id is None and guest_secret_matches(application, secret):
        return application
    raise Http404


def procedure_admin_unit_ids(user: User) -> set[int] | None:
    """Units whose procedures `user` may set up: where they are unit administrator (管理者), and the
    units below. None means all (platform administrators)."""
    return staff_unit_ids(user, roles=[Membership.Role.ADMIN])


def procedure_for_admin(*, user: User, slug: str | None) -> Procedure:
    """The procedure to edit (a new, unsaved one when `slug` is None), if `user` may set it up."""
    units = procedure_admin_unit_ids(user)
    if slug is None:
        if units is not None and not units:
            raise PermissionDenied
        return Procedure()
    try:
        procedure = Procedure.objects.select_related("owning_unit").get(slug=slug)
    except Procedure.DoesNotExist:
        raise Http404 from None
    if units is not None and procedure.owning_unit_id not in units:
        raise PermissionDenied
    return procedure


def draft_for(*, draft_id: str, user: User | None, session_key: str | None) -> Draft:
    try:
        draft = Draft.objects.select_related("procedure", "form_version").get(pk=draft_id)
    except (Draft.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if draft.owner_id is not None:
        if user is None or not user.is_authenticated or draft.owner_id != user.pk:
            raise Http404
    elif not session_key or draft.session_key != session_key:
        raise Http404
    return draft
