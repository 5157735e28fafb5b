from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .document_types import DocumentType
from .models import Term


class StartForm(forms.Form):
    document_type = forms.ChoiceField(
        label=_("文書の種類"), choices=DocumentType.choices, initial=DocumentType.PUBLIC_NOTICE
    )
    text = forms.CharField(
        label=_("文章を貼り付ける"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("またはファイルを選ぶ（.docx・.txt・.md）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.md"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_text = bool((data.get("text") or "").strip())
        if has_text == bool(data.get("file")):
            raise forms.ValidationError(
                _("文章を貼り付けるか、ファイルを選ぶか、どちらか一つにしてください。")
            )
        return data


_SEPARATORS = re.compile(r"[\n,、，]+")


class TermForm(forms.ModelForm):
    variants_text = forms.CharField(
        label=_("誤った表記・ゆれ（1行に1つ、または「、」区切り）"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Term
        fields = ["preferred", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["variants_text"].initial = "\n".join(self.instance.variants)

    def variants(self) -> list[str]:
        return [v.strip() for v in _SEPARATORS.split(self.cleaned_data["variants_text"]) if v.strip()]

    def clean_variants_text(self) -> str:
        value: str = self.cleaned_data["variants_text"]
        if not [v for v in _SEPARATORS.split(value) if v.strip()]:
            raise forms.ValidationError(_("誤った表記を一つ以上入力してください。"))
        return value
