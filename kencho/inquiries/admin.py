"""Administration of respondent organisations and the people who answer for them (who may join a
municipality is an administrator's decision). Each save is audited; surveys and answers are read-only
here, because only the services change them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kencho.core.audit import audit_record
from kencho.core.models import User

from .models import RespondentMember, RespondentOrganisation, Submission, Survey


class RespondentMemberForm(forms.ModelForm):
    class Meta:
        model = RespondentMember
        fields = ["user", "valid_from", "valid_until"]

    def clean_user(self) -> User:
        user = cast(User, self.cleaned_data["user"])
        if user.kind != User.Kind.STAFF:
            raise forms.ValidationError(
                _("回答担当者は職員アカウント（ワンタイムコードでログインする利用者）にしてください。")
            )
        return user


class RespondentMemberInline(admin.TabularInline):
    model = RespondentMember
    form = RespondentMemberForm
    extra = 0
    raw_id_fields = ["user"]


@admin.register(RespondentOrganisation)
class RespondentOrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ja", "name_en"]
    raw_id_fields = ["unit", "parent"]
    inlines = [RespondentMemberInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        organisation = form.instance
        audit_record(
            action="inquiries.respondent_saved_in_admin",
            actor=cast(User, request.user),
            obj=organisation,
            detail={
                "code": organisation.code,
                "members": sorted(m.user.email for m in organisation.members.select_related("user")),
            },
            request=request,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["title", "period", "unit", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["title", "series"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "number", "source", "submitted_at"]
    list_filter = ["source"]
