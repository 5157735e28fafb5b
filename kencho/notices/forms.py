"""Staff forms for notices. Upload checks live in templating.py; these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kencho.core.japanese.wareki import InvalidDate, parse_date
from kencho.core.models import OrgUnit
from kencho.procedures.models import ApplicationStatus, Procedure

from .models import NoticeKind, NumberingScheme, YearBasis


class JapaneseDateField(forms.Field):
    """A date typed as 令和7年4月1日, R7.4.1 or 2025-04-01."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()[:30]
        if not text:
            return None
        try:
            return parse_date(text)
        except InvalidDate as exc:
            raise forms.ValidationError(
                _("日付は 令和7年4月1日 や 2025-04-01 の形で入力してください。"), code=exc.code
            ) from None


class SchemeForm(forms.ModelForm):
    class Meta:
        model = NumberingScheme
        fields = ["unit", "name", "prefix", "symbol", "pattern", "year_basis"]
        help_texts = {
            "pattern": _(
                "{prefix}（前置部分）{symbol}（記号）{n}（番号）{n_full}（全角の番号）{nendo}（年度の数字）{era}（元号）を使えます。"
            ),
        }

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["year_basis"].initial = YearBasis.FISCAL


class TemplateUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("所属"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("種類"), choices=NoticeKind.choices)
    name = forms.CharField(label=_("様式名"), max_length=200)
    numbering_scheme = forms.ModelChoiceField(
        label=_("文書番号の体系"),
        queryset=NumberingScheme.objects.none(),
        required=False,
        help_text=_("受領書など番号を付けない様式では空のままにします。"),
    )
    sender = forms.CharField(
        label=_("差出人"), max_length=200, required=False, help_text=_("例：三重県知事 ○○ ○○")
    )
    file = forms.FileField(label=_("Word ファイル（.docx）"))

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], schemes: QuerySet[NumberingScheme], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["numbering_scheme"].queryset = schemes.filter(is_active=True)  # type: ignore[attr-defined]


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("Word ファイル（.docx）"))
    comment = forms.CharField(label=_("変更内容"), max_length=500, required=False)


class TemplateSettingsForm(forms.Form):
    numbering_scheme = forms.ModelChoiceField(
        label=_("文書番号の体系"), queryset=NumberingScheme.objects.none(), required=False
    )
    sender = forms.CharField(label=_("差出人"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("この様式を使う"), required=False)

    def __init__(self, *args: Any, schemes: QuerySet[NumberingScheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["numbering_scheme"].queryset = schemes  # type: ignore[attr-defined]


class BatchFilterForm(forms.Form):
    """Which applications to list for a batch (GET)."""

    procedure = forms.ModelChoiceField(label=_("手続"), queryset=Procedure.objects.none())
    status = forms.ChoiceField(
        label=_("状況"), choices=ApplicationStatus.choices, initial=ApplicationStatus.ACCEPTED
    )

    def __init__(self, *args: Any, procedures: QuerySet[Procedure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]


class BatchForm(forms.Form):
    """The chosen applications and the batch-wide values (POST)."""

    applications = forms.TypedMultipleChoiceField(label=_("通知する申請"), coerce=int, choices=())
    decided_on = JapaneseDateField(label=_("決定日"), help_text=_("例：令和7年6月2日、2025-06-02"))
    issue_date = JapaneseDateField(
        label=_("発行日"), required=False, help_text=_("通知書の日付です。空のときは決定日になります。")
    )
    reason = forms.CharField(
        label=_("理由（様式が {{ 理由 }} を使うとき）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    conditions = forms.CharField(
        label=_("条件（様式が {{ 条件 }} を使うとき）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    with_pdf = forms.BooleanField(label=_("PDF も作成する"), required=False, initial=True)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = choices  # type: ignore[attr-defined]

    def common_values(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            key: data[field] for key, field in (("理由", "reason"), ("条件", "conditions")) if data.get(field)
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消の理由（欠番の理由として記録されます）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
