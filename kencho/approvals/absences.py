"""Writes of 不在 (registered absences) and 代決者 (registered deputies), from the staff pages, the API
and the command line alike. The routing (routing.is_absent, routing.absent_principal_ids) reads the
very same rows, so an absence registered here is what lets a deputy act (代決).

Who may do what:

- a member of staff registers and cancels their own absences; a unit's 管理者 (admin role) may do so
  for the members of their units;
- an approver (承認者) registers who deputises for them; a unit's 管理者 does so for any member of
  their units. The deputy must be active staff of a unit the principal may act in (and, when an
  administrator registers, of the administrator's units), and never the principal themselves.

Cancelling keeps the record of what was: a period that has not begun is removed, one in progress is
ended the day before, and one that is over cannot be cancelled."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kencho.core.access import active_memberships, staff_unit_ids
from kencho.core.audit import audit_record
from kencho.core.models import Membership, User

from .errors import ApprovalError
from .models import Absence, Deputy

REASON_MAX = 200


def _lock_person(user: User) -> None:
    """Serialise writes for one person, so that two overlapping registrations sent at the same moment
    cannot both pass the overlap check."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def admin_unit_ids(actor: User) -> set[int] | None:
    """The units whose members `actor` administers (None: every unit, for platform administrators)."""
    return staff_unit_ids(actor, roles=[Membership.Role.ADMIN])


def is_member_of(user: User, unit_ids: set[int] | None, on: datetime.date | None = None) -> bool:
    if unit_ids is None:
        return True
    return any(m.unit_id in unit_ids for m in active_memberships(user, on=on))


def is_approver(user: User) -> bool:
    return user.is_superuser or bool(active_memberships(user, roles=[Membership.Role.APPROVER]))


def may_manage_absences_of(actor: User, person: User) -> bool:
    if actor.pk == person.pk:
        return True
    return actor.kind == User.Kind.STAFF and is_member_of(person, admin_unit_ids(actor))


def may_manage_deputies_of(actor: User, principal: User) -> bool:
    if actor.kind != User.Kind.STAFF or principal.kind != User.Kind.STAFF:
        return False
    if actor.pk == principal.pk:
        return is_approver(actor)
    return is_member_of(principal, admin_unit_ids(actor))


def _not_allowed(field: str) -> ApprovalError:
    return ApprovalError(
        "forbidden",
        "この職員の不在・代決者は登録できません。自分の分か、管理者として担当する所属の職員の分だけ登録できます。",
        "You cannot register this person's absences or deputies: only your own, or those of the members "
        "of the units you administer.",
        403,
        field=field,
    )


def _check_period(starts_on: datetime.date, ends_on: datetime.date | None, *, start: str, end: str) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ApprovalError(
            "period_order",
            "終了日が開始日より前になっています。終了日を開始日と同じ日かそれ以降にしてください。",
            "The end date is before the start date. Make the end date the start date or later.",
            422,
            field=end,
        )
    if ends_on is not None and ends_on < timezone.localdate():
        raise ApprovalError(
            "period_past",
            "終了日が過ぎています。今日以降の終了日を入力してください。",
            "The end date has passed. Enter an end date of today or later.",
            422,
            field=end,
        )


def _overlaps(starts_on: datetime.date, ends_on: datetime.date | None, *, start: str, end: str) -> Q:
    """Periods [start, end] (end None = open) that overlap [starts_on, ends_on]."""
    condition = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": starts_on})
    if ends_on is not None:
        condition &= Q(**{f"{start}__lte": ends_on})
    return condition


def absence_register(
    *,
    user: User,
    actor: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
    request: Any = None,
) -> Absence:
    """不在の登録: from `starts_on` to `ends_on` (both included). Periods of one person never overlap."""
    if not may_manage_absences_of(actor, user) or user.kind != User.Kind.STAFF:
        raise _not_allowed("user")
    _check_period(starts_on, ends_on, start="starts_on", end="ends_on")
    reason = reason.strip()
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise ApprovalError(
            "reason_length",
            f"理由は {REASON_MAX} 文字以内の文字で入力してください。",
            f"Keep the reason to {REASON_MAX} characters or fewer, without control characters.",
            422,
            field="reason",
        )
    with transaction.atomic():
        _lock_person(user)
        clash = (
            Absence.objects.filter(user=user)
            .filter(_overlaps(starts_on, ends_on, start="starts_on", end="ends_on"))
            .order_by("starts_on")
            .first()
        )
        if clash is not None:
            raise ApprovalError(
                "absence_overlap",
                f"{clash.starts_on:%Y-%m-%d}〜{clash.ends_on:%Y-%m-%d} の不在と重なっています。"
                "開始日か終了日を変えるか、先に登録済みの不在を取り消してください。",
                f"This overlaps the absence from {clash.starts_on:%Y-%m-%d} to {clash.ends_on:%Y-%m-%d}. "
                "Change the start or end date, or cancel the registered absence first.",
                422,
                field="starts_on",
            )
        absence = Absence.objects.create(user=user, starts_on=starts_on, ends_on=ends_on, reason=reason)
        audit_record(
            action="approvals.absence_registered",
            actor=actor,
            obj=absence,
            request=request,
            detail={
                "user": user.email,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "reason": reason,
            },
        )
    return absence


def _already_over() -> ApprovalError:
    return ApprovalError(
        "period_over",
        "この期間はもう終わっているため取り消せません（記録として残ります）。",
        "This period is already over and cannot be cancelled; it stays on record.",
        409,
    )


def absence_cancel(*, absence: Absence, actor: User, request: Any = None) -> Absence | None:
    """Cancel an absence: removed when it has not begun, ended yesterday when it is in progress.
    Returns the shortened absence, or None when it was removed."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = Absence.objects.select_for_update().select_related("user").filter(pk=absence.pk).first()
        if locked is None:
            return None
        if not may_manage_absences_of(actor, locked.user):
            raise _not_allowed("absence")
        if locked.ends_on < today:
            raise _already_over()
        detail = {"user": locked.user.email, "starts_on": locked.starts_on.isoformat()}
        if locked.starts_on >= today:
            audit_record(
                action="approvals.absence_cancelled", actor=actor, obj=locked, request=request, detail=detail
            )
            locked.delete()
            return None
        locked.ends_on = today - datetime.timedelta(days=1)
        locked.save(update_fields=["ends_on"])
        audit_record(
            action="approvals.absence_ended",
            actor=actor,
            obj=locked,
            request=request,
            detail={**detail, "ends_on": locked.ends_on.isoformat()},
        )
    return locked


def check_deputy(*, actor: User, principal: User, deputy: User) -> None:
    """The deputy is someone else, active staff, of a unit the principal may act in (and of the
    administrator's units when an administrator registers for someone)."""
    if deputy.pk == principal.pk:
        raise ApprovalError(
            "deputy_self",
            "本人を自分の代決者にはできません。別の職員を選んでください。",
            "A person cannot be their own deputy. Choose another member of staff.",
            422,
            field="deputy",
        )
    allowed = staff_unit_ids(principal)
    if actor.pk != principal.pk and not actor.is_superuser:
        admin_units = admin_unit_ids(actor) or set()
        allowed = admin_units if allowed is None else allowed & admin_units
    if (
        deputy.kind != User.Kind.STAFF
        or not deputy.is_active
        or allowed == set()
        or not is_member_of(deputy, allowed)
    ):
        raise ApprovalError(
            "deputy_unit",
            "代決者には、本人が決裁できる所属（その下の所属を含む）の職員を選んでください。",
            "Choose as deputy a member of staff of a unit the principal may act in (or a unit below it).",
            422,
            field="deputy",
        )


def deputy_register(
    *,
    principal: User,
    deputy: User,
    actor: User,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    request: Any = None,
) -> Deputy:
    """代決者の登録: `deputy` may act for `principal` from `valid_from` (to `valid_until`, or open),
    on the days the principal is registered absent."""
    if not may_manage_deputies_of(actor, principal):
        raise _not_allowed("principal")
    check_deputy(actor=actor, principal=principal, deputy=deputy)
    _check_period(valid_from, valid_until, start="valid_from", end="valid_until")
    with transaction.atomic():
        _lock_person(principal)
        clash = (
            Deputy.objects.filter(principal=principal, deputy=deputy)
            .filter(_overlaps(valid_from, valid_until, start="valid_from", end="valid_until"))
            .first()
        )
        if clash is not None:
            until = f"{clash.valid_until:%Y-%m-%d}" if clash.valid_until else ""
            raise ApprovalError(
                "deputy_overlap",
                f"{deputy} さんは {clash.valid_from:%Y-%m-%d}〜{until} の期間、"
                "すでに代決者として登録されています。"
                "開始日を変えるか、先に登録済みの期間を取り消してください。",
                f"{deputy} is already registered as deputy from {clash.valid_from:%Y-%m-%d} to "
                f"{until or 'no end date'}. Change the start date, or cancel that registration first.",
                422,
                field="valid_from",
            )
        registration = Deputy.objects.create(
            principal=principal, deputy=deputy, valid_from=valid_from, valid_until=valid_until
        )
        audit_record(
            action="approvals.deputy_registered",
            actor=actor,
            obj=registration,
            request=request,
            detail={
                "principal": principal.email,
                "deputy": deputy.email,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat() if valid_until else None,
            },
        )
    return registration


def deputy_cancel(*, registration: Deputy, actor: User, request: Any = None) -> Deputy | None:
    """Cancel a deputy registration: removed when it has not begun, ended yesterday when it is in
    force. Returns the shortened registration, or None when it was removed."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            Deputy.objects.select_for_update()
            .select_related("principal", "deputy")
            .filter(pk=registration.pk)
            .first()
        )
        if locked is None:
            return None
        if not may_manage_deputies_of(actor, locked.principal):
            raise _not_allowed("deputy")
        if locked.valid_until is not None and locked.valid_until < today:
            raise _already_over()
        detail = {
            "principal": locked.principal.email,
            "deputy": locked.deputy.email,
            "valid_from": locked.valid_from.isoformat(),
        }
        if locked.valid_from >= today:
            audit_record(
                action="approvals.deputy_cancelled", actor=actor, obj=locked, request=request, detail=detail
            )
            locked.delete()
            return None
        locked.valid_until = today - datetime.timedelta(days=1)
        locked.save(update_fields=["valid_until"])
        audit_record(
            action="approvals.deputy_ended",
            actor=actor,
            obj=locked,
            request=request,
            detail={**detail, "valid_until": locked.valid_until.isoformat()},
        )
    return locked
