"""The staff form for a programme's settings. Eligibility questions and the scoring sheet are JSON
lists (their format is on the page and in docs/subsidies.md); problems are named per item."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit
from kencho.procedures.models import Procedure

from .eligibility import eligibility_problems
from .models import Programme
from .scoring import scoring_sheet_problems

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class JSONListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 10, "class": "json-input", "spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value) or ""
        if not text.strip():
            return []
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("JSONとして読めません（%(line)s行目）。括弧や引用符、カンマを確認してください。"),
                params={"line": exc.lineno},
            ) from None


class ProgrammeForm(forms.ModelForm):
    eligibility = JSONListField(
        label=_("申請要件の質問"),
        required=False,
        help_text=_(
            '例: [{"key": "sme", "type": "yes_no", "require": "yes", "text": {"ja": "中小企業ですか。", '
            '"en": "Is it an SME?"}, "reason": {"ja": "中小企業が対象です。", "en": "Only SMEs."}}]。'
            "type は yes_no（require: yes/no）か number（min・max）。"
        ),
    )
    scoring_sheet = JSONListField(
        label=_("審査項目"),
        required=False,
        help_text=_('例: [{"key": "plan", "title": {"ja": "事業計画", "en": "Plan"}, "max": 30}]'),
    )

    class Meta:
        model = Programme
        fields = [
            "slug",
            "title_ja",
            "title_en",
            "summary_ja",
            "summary_en",
            "owning_unit",
            "opens_at",
            "closes_at",
            "budget",
            "max_per_case",
            "budget_display",
            "application_procedure",
            "report_procedure",
            "claim_procedure",
            "eligibility",
            "scoring_sheet",
            "is_published",
        ]
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "summary_ja": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("URLに使う半角英数字とハイフン。例: sme-digital"),
            "application_procedure": _("申請者が最初に提出する交付申請書の手続。"),
            "report_procedure": _(
                "交付決定の後に提出する実績報告書の手続。保存すると手続の一覧・検索に表示しない手続になり、"
                "案件のページからだけ始められます。"
            ),
            "claim_procedure": _(
                "額の確定の後に提出する請求書の手続。保存すると手続の一覧・検索に表示しない手続になり、"
                "案件のページからだけ始められます。"
            ),
        }

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        procedures = Procedure.objects.filter(owning_unit__in=units).order_by("title_ja")
        for name in ("application_procedure", "report_procedure", "claim_procedure"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - model foreign keys
            field.queryset = procedures
        unit_field = self.fields["owning_unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = units

    def clean_eligibility(self) -> Any:
        value = self.cleaned_data["eligibility"]
        problems = eligibility_problems(value)
        if problems:
            raise forms.ValidationError(problems)
        return value

    def clean_scoring_sheet(self) -> Any:
        value = self.cleaned_data["scoring_sheet"]
        problems = scoring_sheet_problems(value)
        if problems:
            raise forms.ValidationError(problems)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("公募終了は公募開始より後の日時にしてください。"))
        budget, limit = data.get("budget"), data.get("max_per_case")
        if budget is not None and limit is not None and limit > budget:
            self.add_error("max_per_case", _("1件あたりの上限額は予算額以下にしてください。"))
        return data
