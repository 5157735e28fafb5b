"""What a procedure costs (FeeSchedule, FeeRule, FeeExemption) and what one application owes (Fee).
Amounts are integer yen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kencho.core.i18n import in_language

from ..expressions import ExpressionError, names, parse


class FeeSchedule(models.Model):
    """The fee of one procedure: its rules (added up) and its exemptions (the largest one applies)."""

    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="fee_schedule", verbose_name=_("手続")
    )
    name_ja = models.CharField(_("名称"), max_length=100, default="手数料")
    name_en = models.CharField(_("英語名称"), max_length=100, blank=True, default="Fee")
    purpose_ja = models.CharField(
        _("但し書き"),
        max_length=200,
        help_text=_("領収書の「但し」に続く文言。例: 入居証明書交付手数料として"),
    )
    purpose_en = models.CharField(_("英語の但し書き"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("手数料の設定")
        verbose_name_plural = _("手数料の設定")

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.name_ja}"

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)

    def answer_keys(self) -> set[str] | None:
        """The top-level answer keys of the procedure's current form (None before there is one)."""
        from kencho.forms.definition import iter_fields
        from kencho.forms.selectors import form_version_current

        version = form_version_current(self.procedure.form) if self.procedure_id else None
        return {field["key"] for field in iter_fields(version.schema)} if version else None


def _unknown_keys(schedule_id: int | None, used: set[str]) -> list[str]:
    """Answer keys a rule uses that the procedure's form does not ask (none known before it is saved)."""
    if schedule_id is None:
        return []
    schedule = FeeSchedule.objects.select_related("procedure__form").filter(pk=schedule_id).first()
    keys = schedule.answer_keys() if schedule else None
    return sorted(used - keys) if keys is not None else []


class FeeRule(models.Model):
    """One line of a fee: a fixed amount, an amount per item counted by an answer (手数料 per copy),
    or an amount computed from the answers by a formula (see payments.expressions)."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("定額")
        PER_ITEM = "per_item", _("件数に応じた額")
        COMPUTED = "computed", _("計算式")

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveIntegerField(_("表示順"), default=0)
    label_ja = models.CharField(_("項目名"), max_length=100)
    label_en = models.CharField(_("英語の項目名"), max_length=100, blank=True)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.FIXED)
    unit_amount = models.PositiveIntegerField(
        _("金額（円）"),
        default=0,
        validators=[MaxValueValidator(10_000_000)],
        help_text=_("定額ではその額、件数に応じた額では1件あたりの額"),
    )
    count_field = models.CharField(
        _("件数の項目"), max_length=50, blank=True, help_text=_("件数を答える項目のキー（例: copies）")
    )
    expression = models.CharField(
        _("計算式"),
        max_length=500,
        blank=True,
        help_text=_("例: 300 * copies + if_(delivery == 'mail', 84, 0)"),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("手数料の項目")
        verbose_name_plural = _("手数料の項目")

    def __str__(self) -> str:
        return self.label_ja

    @property
    def label(self) -> str:
        return in_language(self.label_ja, self.label_en)

    def clean(self) -> None:
        if self.kind == self.Kind.PER_ITEM and not self.count_field:
            raise ValidationError({"count_field": _("件数を答える項目のキーを入力してください。")})
        if self.kind == self.Kind.PER_ITEM and (
            unknown := _unknown_keys(self.schedule_id, {self.count_field})
        ):
            raise ValidationError(
                {"count_field": _("フォームにない項目です: %(keys)s") % {"keys": ", ".join(unknown)}}
            )
        if self.kind == self.Kind.COMPUTED:
            try:
                tree = parse(self.expression)
            except ExpressionError as exc:
                raise ValidationError({"expression": exc.message_ja}) from exc
            if unknown := _unknown_keys(self.schedule_id, names(tree)):
                raise ValidationError(
                    {"expression": _("フォームにない項目です: %(keys)s") % {"keys": ", ".join(unknown)}}
                )


class FeeExemption(models.Model):
    """減免: when an answer matches, the fee is reduced by `percent` (100 = 全額免除). `value` empty
    means "the answer is given / ticked"; for checkboxes it means one of the ticked values."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="exemptions")
    order = models.PositiveIntegerField(_("表示順"), default=0)
    label_ja = models.CharField(_("減免の名称"), max_length=100)
    label_en = models.CharField(_("英語の名称"), max_length=100, blank=True)
    field = models.CharField(_("条件の項目"), max_length=50)
    value = models.CharField(_("条件の値"), max_length=100, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("減免率（%）"), default=100, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("減免")
        verbose_name_plural = _("減免")

    def __str__(self) -> str:
        return self.label_ja

    @property
    def label(self) -> str:
        return in_language(self.label_ja, self.label_en)

    def clean(self) -> None:
        if unknown := _unknown_keys(self.schedule_id, {self.field}):
            raise ValidationError(
                {"field": _("フォームにない項目です: %(keys)s") % {"keys": ", ".join(unknown)}}
            )


class Fee(models.Model):
    """What one application owes. `state` changes only in payments' services: it becomes "paid" only
    when a provider's confirmation arrives, never because a browser came back from a payment page."""

    class State(models.TextChoices):
        DUE = "due", _("未納")
        PENDING = "pending", _("お支払い手続中")
        PAID = "paid", _("支払済")
        REFUNDED = "refunded", _("返金済")
        EXEMPT = "exempt", _("免除")
        CANCELLED = "cancelled", _("取消")

    application = models.OneToOneField(
        "procedures.Application", on_delete=models.PROTECT, related_name="fee", verbose_name=_("申請")
    )
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.SET_NULL, null=True, related_name="fees")
    name_ja = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100, blank=True)
    purpose_ja = models.CharField(_("但し書き"), max_length=200)
    purpose_en = models.CharField(max_length=200, blank=True)
    gross_amount = models.PositiveIntegerField(_("減免前の額"))
    amount = models.PositiveIntegerField(_("納付額"))
    breakdown = models.JSONField(_("内訳"), default=list)
    exemption = models.JSONField(_("減免"), default=dict, blank=True)
    state = models.CharField(_("状態"), max_length=20, choices=State.choices, db_index=True)
    paid_at = models.DateTimeField(_("支払日時"), null=True, blank=True)
    refunded_amount = models.PositiveIntegerField(_("返金額"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("手数料")
        verbose_name_plural = _("手数料")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__lte=models.F("gross_amount")), name="fee_amount_within_gross"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount} ({self.state})"

    @property
    def name(self) -> str:
        return in_language(self.name_ja, self.name_en)

    @property
    def purpose(self) -> str:
        return in_language(self.purpose_ja, self.purpose_en)

    @property
    def is_payable(self) -> bool:
        return self.state in {self.State.DUE, self.State.PENDING} and self.amount > 0
