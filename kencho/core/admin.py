"""The Django admin for the organisation, people, businesses and the audit log.

The admin site shares the one log-in page: its own password-only log-in form is replaced by a redirect
to `core:login`, and with KENCHO_STAFF_REQUIRE_TOTP it admits only sessions that passed the one-time
code step, so the admin is never a way round the second factor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .access import unit_path_for
from .audit import audit_record
from .login.session import session_otp_verified, staff_totp_required
from .models import AuditEntry, Business, BusinessMember, ExternalIdentity, Membership, OrgUnit, User
from .services import membership_add, org_unit_create

# --- The admin site: one log-in page, and the one-time code required.


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if not staff_totp_required():
        return True
    return isinstance(user, User) and user.kind == User.Kind.STAFF and session_otp_verified(request)


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    next_url = request.GET.get("next") or reverse("admin:index")
    step = "core:login"
    if request.user.is_authenticated and request.user.is_staff and not session_otp_verified(request):
        step = "core:login_totp"
    return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': next_url})}")


# The default site is configured here rather than replaced, so that every app's `admin.site.register`
# keeps working without a settings change.
admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = _("Kencho 管理")
admin.site.site_title = _("Kencho 管理")


# --- Organisation


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    """Listed as a tree: ordered by path and indented by depth."""

    list_display = ["tree_name", "code", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name_ja", "name_en"]
    ordering = ["path"]
    list_per_page = 300
    autocomplete_fields = ["parent"]

    @admin.display(description=_("名称"), ordering="path")
    def tree_name(self, unit: OrgUnit) -> str:
        depth = max(unit.path.strip("/").count("/"), 0)
        return format_html('<span style="padding-left: {}em">{}</span>', depth * 1.5, unit.name_ja)

    def get_readonly_fields(self, request: HttpRequest, obj: OrgUnit | None = None) -> list[str]:
        # The code and the parent make up the path of the unit and of every unit below it.
        return ["code", "parent", "path"] if obj else ["path"]

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: ModelForm[OrgUnit], change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        if change:
            obj.path = unit_path_for(parent=obj.parent, code=obj.code)
            super().save_model(request, obj, form, change)
            audit_record(
                action="core.org_unit_changed",
                actor=actor,
                obj=obj,
                unit_code=obj.code,
                detail={"changed": form.changed_data},
                request=request,
            )
            return
        created = org_unit_create(
            code=obj.code,
            name_ja=obj.name_ja,
            name_en=obj.name_en,
            level=obj.level,
            parent=obj.parent,
            actor=actor,
        )
        obj.pk, obj.path = created.pk, created.path


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title", "valid_from", "valid_until"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name", "unit__name_ja", "unit__code"]
    autocomplete_fields = ["user", "unit"]
    date_hierarchy = "valid_from"

    def save_model(
        self, request: HttpRequest, obj: Membership, form: ModelForm[Membership], change: bool
    ) -> None:
        actor = request.user if isinstance(request.user, User) else None
        if change:
            super().save_model(request, obj, form, change)
            audit_record(
                action="core.membership_changed",
                actor=actor,
                obj=obj,
                unit_code=obj.unit.code,
                detail={"changed": form.changed_data},
                request=request,
            )
            return
        created = membership_add(
            user=obj.user,
            unit=obj.unit,
            role=obj.role,
            title=obj.title,
            valid_from=obj.valid_from,
            actor=actor,
        )
        if obj.valid_until:
            created.valid_until = obj.valid_until
            created.save(update_fields=["valid_until"])
        obj.pk = created.pk


# --- People


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "kind")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ExternalIdentityInline(admin.TabularInline):
    model = ExternalIdentity
    extra = 0
    fields = ["provider", "subject", "created_at", "last_login_at"]
    readonly_fields = ["provider", "subject", "created_at", "last_login_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationForm
    list_display = [
        "email",
        "display_name",
        "kind",
        "email_verified_at",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("利用者の情報"), {"fields": ("display_name", "kind", "preferred_language", "email_verified_at")}),
        (
            _("権限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("日時"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "kind", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin]]:
        return [ExternalIdentityInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool) -> None:
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)
        audit_record(
            action="core.user_changed" if change else "core.user_created",
            actor=request.user if isinstance(request.user, User) else None,
            obj=obj,
            detail={"changed": [name for name in form.changed_data if not name.startswith("password")]},
            request=request,
        )


# --- Businesses


class BusinessMemberInline(admin.TabularInline):
    model = BusinessMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "corporate_number", "created_at"]
    search_fields = ["name", "corporate_number"]
    inlines = [BusinessMemberInline]


# --- Audit log: read-only, for every user (on PostgreSQL the database refuses changes as well).


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "sequence",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "object_id", "unit_code"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    show_full_result_count = False  # counting a long log on every page is slow

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        return super().get_queryset(request).order_by("-sequence")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
