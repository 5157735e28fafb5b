from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from kencho.core.models import User

from .models import Fee, FeeExemption, FeeRule, FeeSchedule, PaymentAttempt, Refund, WebhookEvent
from .schedules import fee_schedule_audit


class FeeRuleInline(admin.TabularInline):
    model = FeeRule
    extra = 0
    fields = ["order", "label_ja", "label_en", "kind", "unit_amount", "count_field", "expression"]


class FeeExemptionInline(admin.TabularInline):
    model = FeeExemption
    extra = 0
    fields = ["order", "label_ja", "label_en", "field", "value", "percent"]


@admin.register(FeeSchedule)
class FeeScheduleAdmin(admin.ModelAdmin):
    list_display = ["procedure", "name_ja", "purpose_ja", "is_active"]
    list_filter = ["is_active"]
    inlines = [FeeRuleInline, FeeExemptionInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Audit every change of what a procedure costs, with the rules as saved."""
        super().save_related(request, form, formsets, change)
        fee_schedule_audit(schedule=form.instance, actor=cast(User, request.user), request=request)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money records change only through payments' services, which audit every change."""

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Fee)
class FeeAdmin(ReadOnlyAdmin):
    list_display = ["application", "amount", "state", "paid_at"]
    list_filter = ["state"]
    search_fields = ["application__receipt_number"]


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = [
        "public_id",
        "provider",
        "provider_reference",
        "amount",
        "state",
        "is_settlement",
        "created_at",
    ]
    list_filter = ["provider", "state"]
    search_fields = ["provider_reference", "fee__application__receipt_number"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "amount", "reason", "state", "requested_at"]
    list_filter = ["state", "reason"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["provider", "event_id", "event_type", "result", "received_at"]
    list_filter = ["provider", "result"]
    search_fields = ["event_id"]
