"""Staff forms for approvals. They only parse input; the rules live in services.py and actions.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit, User
from kencho.notices.models import NoticeTemplate
from kencho.procedures.models import Application

from .models import DecisionCategory, Retention

VALUE_FIELDS = (("amount", "決定額"), ("reason", "理由"), ("conditions", "条件"))


class DocumentForm(forms.Form):
    """起案 create/edit: the document, the applications it decides on and a row of values for each."""

    unit = forms.ModelChoiceField(label=_("起案所属"), queryset=OrgUnit.objects.none())
    category = forms.ModelChoiceField(
        label=_("決裁区分"),
        queryset=DecisionCategory.objects.none(),
        help_text=_("決裁区分によって回付ルートと決裁者（専決）が決まります。"),
    )
    title = forms.CharField(label=_("件名"), max_length=200)
    body = forms.CharField(label=_("本文"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    retention = forms.ChoiceField(
        label=_("保存期間"),
        choices=[("", _("決裁区分の既定")), *Retention.choices],
        required=False,
    )
    applications = forms.TypedMultipleChoiceField(
        label=_("決裁する申請"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    approve_template = forms.ModelChoiceField(
        label=_("決裁したときの通知書"), queryset=NoticeTemplate.objects.none(), required=False
    )
    reject_template = forms.ModelChoiceField(
        label=_("却下したときの通知書"), queryset=NoticeTemplate.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        applications: Sequence[Application],
        templates: QuerySet[NoticeTemplate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["category"].queryset = DecisionCategory.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["approve_template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["reject_template"].queryset = templates  # type: ignore[attr-defined]
        self.application_list = list(applications)
        self.fields["applications"].choices = [(a.pk, a.receipt_number) for a in self.application_list]  # type: ignore[attr-defined]
        for application in self.application_list:
            for key, label in VALUE_FIELDS:
                field: forms.Field
                if key == "amount":
                    field = forms.IntegerField(min_value=0, max_value=10**12, required=False)
                else:
                    field = forms.CharField(max_length=2000, required=False)
                field.label = f"{application.receipt_number} {_(label)}"
                self.fields[f"{key}_{application.pk}"] = field

    def rows(self) -> list[dict[str, Any]]:
        checked = {str(v) for v in (self["applications"].value() or [])}
        return [
            {
                "application": a,
                "checked": str(a.pk) in checked,
                "fields": [self[f"{key}_{a.pk}"] for key, _label in VALUE_FIELDS],
            }
            for a in self.application_list
        ]

    def chosen(self) -> list[Application]:
        ids = set(self.cleaned_data.get("applications") or [])
        return [a for a in self.application_list if a.pk in ids]

    def values(self) -> dict[int, dict[str, Any]]:
        result: dict[int, dict[str, Any]] = {}
        for application in self.chosen():
            entry: dict[str, Any] = {}
            for key, label in VALUE_FIELDS:
                value = self.cleaned_data.get(f"{key}_{application.pk}")
                if value not in (None, ""):
                    entry[label] = value
            result[application.pk] = entry
        return result


class ActionForm(forms.Form):
    ACTIONS = (
        ("approve", _("承認")),
        ("return", _("差戻し")),
        ("decide", _("決裁")),
        ("reject", _("却下")),
        ("pull_back", _("引戻し")),
        ("withdraw", _("取下げ")),
    )
    action = forms.ChoiceField(label=_("処理"), choices=ACTIONS)
    to_stage = forms.TypedChoiceField(
        label=_("差戻し先"), coerce=int, required=False, empty_value=None, choices=[("", _("起案者"))]
    )
    comment = forms.CharField(
        label=_("コメント"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("差戻し・却下のときは理由を入力してください。"),
    )

    def __init__(self, *args: Any, stages: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [("", _("起案者")), *stages]  # type: ignore[attr-defined]


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("回付先に加える職員"), queryset=User.objects.none())

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = staff  # type: ignore[attr-defined]


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("添付ファイル"))


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AbsenceForm(forms.Form):
    """不在の登録: the days one is away (both included)."""

    starts_on = forms.DateField(label=_("開始日"), widget=_date_input(), help_text=_("例：2026-04-01"))
    ends_on = forms.DateField(
        label=_("終了日"), widget=_date_input(), help_text=_("開始日と同じ日かそれ以降。1日だけなら同じ日。")
    )
    reason = forms.CharField(
        label=_("理由"), max_length=200, required=False, help_text=_("例：出張・休暇（200文字まで）")
    )


class DeputyForm(forms.Form):
    """代決者の登録: who may act for whom, from when to when."""

    principal = forms.ModelChoiceField(label=_("本人（不在になる決裁者）"), queryset=User.objects.none())
    deputy = forms.ModelChoiceField(label=_("代決者"), queryset=User.objects.none())
    valid_from = forms.DateField(label=_("開始日"), widget=_date_input(), help_text=_("例：2026-04-01"))
    valid_until = forms.DateField(
        label=_("終了日"), widget=_date_input(), required=False, help_text=_("空欄なら期限なし。")
    )

    def __init__(
        self, *args: Any, principals: QuerySet[User], candidates: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = principals  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = candidates  # type: ignore[attr-defined]
