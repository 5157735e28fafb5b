"""Every fetch of a fee, attempt or refund by id goes through here, with the same checks as the
application it belongs to (procedures.access)."""

from __future__ import annotations

import uuid

from django.http import Http404

from kencho.core.access import staff_unit_ids
from kencho.core.models import User
from kencho.procedures import access as procedures_access

from .models import Fee, PaymentAttempt, Refund


def _fee(application_id: int) -> Fee:
    fee = (
        Fee.objects.select_related("application__unit", "application__procedure")
        .filter(application_id=application_id)
        .first()
    )
    if fee is None:
        raise Http404
    return fee


def fee_for_applicant(*, user: User | None, receipt_number: str, secret: str = "") -> Fee:
    application = procedures_access.application_for_applicant(
        user=user, receipt_number=receipt_number[:20], secret=secret[:100]
    )
    return _fee(application.pk)


def fee_for_staff(*, user: User, receipt_number: str) -> Fee:
    application = procedures_access.application_for_staff(user=user, receipt_number=receipt_number[:20])
    return _fee(application.pk)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def attempt_by_public_id(*, public_id: str) -> PaymentAttempt:
    """An attempt by its unguessable id, for the provider's return redirect. Callers show nothing of
    it but a redirect to the application, which itself needs the applicant's access."""
    attempt = (
        PaymentAttempt.objects.select_related("fee__application").filter(public_id=_uuid(public_id)).first()
    )
    if attempt is None:
        raise Http404
    return attempt


def attempt_for_applicant(*, user: User | None, public_id: str, secret: str = "") -> PaymentAttempt:
    attempt = attempt_by_public_id(public_id=public_id)
    procedures_access.application_for_applicant(
        user=user, receipt_number=attempt.fee.application.receipt_number, secret=secret[:100]
    )
    return attempt


def refund_for_staff(*, user: User, public_id: str) -> Refund:
    refund = (
        Refund.objects.select_related("attempt__fee__application__unit", "requested_by", "decided_by")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    units = staff_unit_ids(user)
    if refund is None or (units is not None and refund.attempt.fee.application.unit_id not in units):
        raise Http404
    return refund
