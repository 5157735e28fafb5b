"""不在・代決者: a member of staff registers and cancels their own absences; an approver registers
who deputises for them, a unit's administrator does so for the members of their units. The pages
call the services of absences.py, which the routing reads, so what is registered here is what makes
a 代決 possible."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kencho.core.i18n import current_language
from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, selectors
from ..absences import absence_cancel, absence_register, deputy_cancel, deputy_register
from ..errors import ApprovalError
from ..forms import AbsenceForm, DeputyForm


def _deputy_form(user: User, data: Any = None) -> DeputyForm:
    return DeputyForm(
        data,
        principals=selectors.deputy_principals_for(actor=user),
        candidates=selectors.deputy_candidates_for(actor=user),
        initial={"principal": user.pk, "valid_from": timezone.localdate()},
    )


def _page(
    request: HttpRequest,
    user: User,
    *,
    absence_form: AbsenceForm | None = None,
    deputy_form: DeputyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    deputy_form = deputy_form or _deputy_form(user)
    context = {
        "absence_form": absence_form or AbsenceForm(initial={"starts_on": timezone.localdate()}),
        "deputy_form": deputy_form,
        "may_register_deputies": deputy_form.fields["principal"].queryset.exists(),  # type: ignore[attr-defined]
        "absences": selectors.absences_of(user=user)[:100],
        "deputies": selectors.deputies_managed_by(actor=user)[:200],
        "deputising_for": selectors.deputising_for(user=user)[:100],
        "today": timezone.localdate(),
    }
    return render(request, "approvals/absences.html", context, status=status)


def _add_error(form: forms.Form, exc: ApprovalError) -> int:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message(current_language()))
    return exc.http_status


@staff_required
@require_http_methods(["GET", "POST"])
def absences(request: HttpRequest) -> HttpResponse:
    """The page, and the 不在の登録 form's target."""
    user = cast(User, request.user)
    if request.method != "POST":
        return _page(request, user)
    form = AbsenceForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            absence_register(
                user=user,
                actor=user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ApprovalError as exc:
            status = _add_error(form, exc)
        else:
            messages.success(request, _("不在を登録しました。"))
            return redirect("approvals:absences")
    return _page(request, user, absence_form=form, status=status)


@staff_required
@require_POST
def absence_cancel_view(request: HttpRequest, absence_id: int) -> HttpResponse:
    user = cast(User, request.user)
    absence = access.absence_for_staff(user=user, absence_id=absence_id)
    try:
        absence_cancel(absence=absence, actor=user, request=request)
    except ApprovalError as exc:
        messages.error(request, exc.message(current_language()))
        return _page(request, user, status=exc.http_status)
    messages.success(request, _("不在を取り消しました。"))
    return redirect("approvals:absences")


@staff_required
@require_POST
def deputy_register_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = _deputy_form(user, request.POST)
    status = 422
    if form.is_valid():
        try:
            deputy_register(
                principal=form.cleaned_data["principal"],
                deputy=form.cleaned_data["deputy"],
                actor=user,
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
                request=request,
            )
        except ApprovalError as exc:
            status = _add_error(form, exc)
        else:
            messages.success(request, _("代決者を登録しました。"))
            return redirect("approvals:absences")
    return _page(request, user, deputy_form=form, status=status)


@staff_required
@require_POST
def deputy_cancel_view(request: HttpRequest, deputy_id: int) -> HttpResponse:
    user = cast(User, request.user)
    registration = access.deputy_for_staff(user=user, deputy_id=deputy_id)
    try:
        deputy_cancel(registration=registration, actor=user, request=request)
    except ApprovalError as exc:
        messages.error(request, exc.message(current_language()))
        return _page(request, user, status=exc.http_status)
    messages.success(request, _("代決者の登録を取り消しました。"))
    return redirect("approvals:absences")
