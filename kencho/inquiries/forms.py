"""Django forms of the staff pages (the questions themselves are the form engine's)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit
from kencho.forms.models import FormVersion

from .models import RespondentOrganisation


class SurveyCreateForm(forms.Form):
    title = forms.CharField(label=_("件名"), max_length=200)
    unit = forms.ModelChoiceField(label=_("照会元の所属"), queryset=OrgUnit.objects.none())
    form_version = forms.ModelChoiceField(label=_("設問の様式"), queryset=FormVersion.objects.none())
    deadline = forms.DateField(label=_("回答期限"), widget=forms.DateInput(attrs={"type": "date"}))
    instructions = forms.CharField(
        label=_("依頼内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    period = forms.CharField(label=_("対象期間"), max_length=20, required=False, help_text=_("例：2025-04"))
    series = forms.SlugField(
        label=_("定例照会の識別名"),
        max_length=100,
        required=False,
        help_text=_("毎月・四半期の照会は同じ識別名にします。例：overtime"),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("照会先"),
        queryset=RespondentOrganisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    rules = forms.CharField(
        label=_("確認ルール（JSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('例：[{"key": "over_45", "group": "staff", "flag_when": "weekday_hours > 45"}]'),
    )
    attachment = forms.FileField(label=_("添付ファイル"), required=False)

    def __init__(self, *args: Any, units: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        version_field = self.fields["form_version"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(version_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        unit_field.queryset = units
        version_field.queryset = versions
        version_field.label_from_instance = lambda v: f"{v.definition.title_ja}（第{v.number}版）"  # type: ignore[method-assign,assignment]  # Django's documented hook

    def clean_rules(self) -> list[dict[str, Any]]:
        text = self.cleaned_data.get("rules") or ""
        if not text.strip():
            return []
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(
                _("確認ルールが正しいJSONではありません。例のように [ ] で囲んで書いてください。")
            ) from None
        if not isinstance(value, list):
            raise forms.ValidationError(_("確認ルールは [ ] で囲んだ一覧にしてください。"))
        return value


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("差戻しの理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NextPeriodForm(forms.Form):
    period = forms.CharField(label=_("次の対象期間"), max_length=20)
    deadline = forms.DateField(label=_("回答期限"), widget=forms.DateInput(attrs={"type": "date"}))


_XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("記入した Excel ファイル（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": _XLSX_ACCEPT}),
    )


class RespondentImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=RespondentOrganisation.Kind.choices)
    file = forms.FileField(label=_("一覧のファイル（CSV または .xlsx）"))


class LegacyMappingForm(forms.Form):
    sheet = forms.CharField(label=_("シート名"), max_length=31)
    header_row = forms.IntegerField(label=_("見出しの行"), min_value=1, max_value=1000, initial=1)
    columns = forms.CharField(
        label=_("列と設問の対応"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("1行に1つ「列=設問の識別名」。例：A=facility_name"),
    )
    cells = forms.CharField(
        label=_("セルと設問の対応"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1行に1つ「セル=設問の識別名」。例：B2=contact_name"),
    )
    sample = forms.FileField(
        label=_("いつもの Excel ファイル（見本）"),
        widget=forms.ClearableFileInput(attrs={"accept": _XLSX_ACCEPT}),
    )

    @staticmethod
    def pairs(text: str) -> dict[str, str]:
        result = {}
        for line in text.splitlines():
            if "=" in line:
                left, _sep, right = line.partition("=")
                result[left.strip().upper()] = right.strip()
        return result
