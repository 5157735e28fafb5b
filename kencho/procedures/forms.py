"""The staff form for a procedure's settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kencho.core.models import OrgUnit
from kencho.forms.models import FormDefinition

from .links import local_path_ok
from .models import Procedure


class ProcedureForm(forms.ModelForm):
    required_attachments_text = forms.CharField(
        label=_("必要な添付書類"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("1行に1つ。英語名を付けるときは「事業計画書 | Business plan」のように縦線で区切ります。"),
    )

    class Meta:
        model = Procedure
        fields = [
            "slug",
            "title_ja",
            "title_en",
            "summary_ja",
            "summary_en",
            "category",
            "owning_unit",
            "form",
            "processing_days",
            "opens_at",
            "closes_at",
            "allow_guest",
            "capacity",
            "is_published",
            "is_listed",
            "start_url",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary_ja": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "slug": _("URLに使う半角英数字とハイフン。例: student-meal-ticket"),
            "processing_days": _("土日祝日・年末年始を除いた日数。処理期限の計算に使います。"),
            "capacity": _("空欄なら上限なし。上限に達すると受付を終了します。"),
            "form": _("公開済みの版があるフォームを選びます。申請はその時点の最新の版で受け付けます。"),
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["owning_unit"]
        form_field = self.fields["form"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 - fields declared above
        assert isinstance(form_field, forms.ModelChoiceField)  # noqa: S101
        unit_field.queryset = units
        form_field.queryset = FormDefinition.objects.filter(
            owner_unit__in=units, versions__published_at__isnull=False
        ).distinct()
        if self.instance.pk:
            self.fields["slug"].disabled = True  # links already given out keep working
            self.fields["required_attachments_text"].initial = "\n".join(
                f"{a.get('ja', '')} | {a['en']}" if a.get("en") else a.get("ja", "")
                for a in self.instance.required_attachments
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("受付終了は受付開始より後の日時にしてください。"))
        attachments = []
        for line in (cleaned.get("required_attachments_text") or "").splitlines():
            ja, _bar, en = line.partition("|")
            if ja.strip():
                attachments.append({"ja": ja.strip()[:200], "en": en.strip()[:200]})
        cleaned["required_attachments"] = attachments
        start_url = (cleaned.get("start_url") or "").strip()
        cleaned["start_url"] = start_url
        if start_url and not local_path_ok(start_url):
            self.add_error(
                "start_url",
                _("このサイト内のパス（/ で始まるもの）を入力してください。他のサイトのURLは使えません。"),
            )
        return cleaned


def units_queryset(unit_ids: set[int] | None) -> Any:
    units = OrgUnit.objects.filter(is_active=True)
    return units if unit_ids is None else units.filter(pk__in=unit_ids)
