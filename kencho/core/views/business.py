"""The members of the logged-in person's business: every member sees the list; the representative
adds and removes members."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..business_members import (
    MemberChangeRefused,
    business_member_add,
    business_member_remove,
    business_members,
    business_membership_of,
)
from ..forms import AccessibleFormMixin
from ..models import BusinessMember, User


class MemberForm(AccessibleFormMixin, forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("氏名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=gettext_lazy("メールアドレス"),
        max_length=254,
        help_text=gettext_lazy("ここに招待メールを送ります。まだ登録のないアドレスを指定してください。"),
        widget=forms.EmailInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("役割"), choices=BusinessMember.Role.choices, initial=BusinessMember.Role.STAFF
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    membership = business_membership_of(user)
    if membership is None:
        raise Http404
    is_representative = membership.role == BusinessMember.Role.REPRESENTATIVE
    form = MemberForm(request.POST if request.method == "POST" and is_representative else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = business_member_add(
                business=membership.business,
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                role=form.cleaned_data["role"],
                actor=user,
                request=request,
            )
        except MemberChangeRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(
                request, _("%(email)s に招待メールを送りました。") % {"email": member.user.email}
            )
            return redirect("core:business_members")
    return render(
        request,
        "core/business_members.html",
        {
            "business": membership.business,
            "members": business_members(membership.business),
            "is_representative": is_representative,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def member_remove_view(request: HttpRequest, member_id: int) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    membership = business_membership_of(user)
    if membership is None:
        raise Http404
    member = business_members(membership.business).filter(pk=member_id).first()
    if member is None:
        raise Http404
    try:
        business_member_remove(member=member, actor=user, request=request)
    except MemberChangeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("%(email)s をメンバーから外しました。") % {"email": member.user.email})
    return redirect("core:business_members")
