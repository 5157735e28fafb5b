"""Django forms of the OCR staff pages: parsing only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kencho.procedures.models import Procedure

from .models import BoxKind


class TemplateCreateForm(forms.Form):
    name = forms.CharField(label=_("様式の名称"), max_length=200)
    procedure = forms.ModelChoiceField(label=_("手続"), queryset=Procedure.objects.none())
    image = forms.FileField(
        label=_("白紙の様式の画像"),
        help_text=_("記入前の用紙をスキャンした画像（PNG・JPEG）かPDF（1ページ目を使います）"),
    )

    def __init__(self, *args: Any, procedures: QuerySet[Procedure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]  # ModelChoiceField


class BoxForm(forms.Form):
    key = forms.ChoiceField(label=_("設問"), required=False)
    part = forms.ChoiceField(
        label=_("部分"),
        required=False,
        choices=[
            ("", "—"),
            ("name", _("氏名")),
            ("kana", _("フリガナ")),
            ("postal_code", _("郵便番号")),
            ("address", _("住所")),
        ],
    )
    option = forms.CharField(label=_("選択肢の値"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("種類"), choices=BoxKind.choices)
    label = forms.CharField(label=_("表示名"), required=False, max_length=100)
    x = forms.IntegerField(label=_("左（x）"), min_value=0)
    y = forms.IntegerField(label=_("上（y）"), min_value=0)
    width = forms.IntegerField(label=_("幅"), min_value=1)
    height = forms.IntegerField(label=_("高さ"), min_value=1)

    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "—"), *questions]  # type: ignore[attr-defined]  # ChoiceField


class BaseBoxFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, questions: list[tuple[str, str]], **kwargs: Any) -> None:
        self.questions = questions
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"questions": self.questions}

    def boxes(self) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


BoxFormSet: type[BaseBoxFormSet] = forms.formset_factory(  # type: ignore[assignment]  # returns the subclass
    BoxForm, formset=BaseBoxFormSet, extra=3, max_num=200, can_delete=True
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.tif,.tiff"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class BatchUploadForm(forms.Form):
    make_archive = forms.BooleanField(
        label=_("保存用に検索できるPDFも作る"),
        required=False,
        initial=True,
        help_text=_("文字を検索・コピーできるPDFを、読み取りの後に作ります（1ページに数秒かかります）。"),
    )
    name = forms.CharField(label=_("名称（任意）"), max_length=200, required=False)
    files = MultipleFileField(  # type: ignore[assignment]  # a form field named like Form.files
        label=_("スキャンしたファイル"), help_text=_("複数ページのPDF、または画像（複数選べます）")
    )
