"""Staff pages to set up procedures: unit administrators (管理者) of the owning unit edit them."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kencho.core.models import User
from kencho.core.permissions import staff_required

from .. import access, selectors, services
from ..forms import ProcedureForm, units_queryset


@staff_required
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    admin_units = access.procedure_admin_unit_ids(user)
    return render(
        request,
        "procedures/staff/procedure_list.html",
        {
            "procedures": selectors.procedures_for_staff(viewer=user).select_related("owning_unit", "form"),
            "editable_units": admin_units,
            "can_create": admin_units is None or bool(admin_units),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    user = cast(User, request.user)
    admin_units = access.procedure_admin_unit_ids(user)
    procedure = access.procedure_for_admin(user=user, slug=slug)
    form = ProcedureForm(request.POST or None, instance=procedure, units=units_queryset(admin_units))
    if request.method == "POST" and form.is_valid():
        saved = services.procedure_save(
            procedure=form.save(commit=False),
            required_attachments=form.cleaned_data["required_attachments"],
            actor=user,
        )
        messages.success(request, _("手続の設定を保存しました。"))
        return redirect("procedures:staff_procedure_edit", slug=saved.slug)
    return render(
        request,
        "procedures/staff/procedure_form.html",
        {"form": form, "procedure": procedure},
        status=422 if form.errors else 200,
    )
