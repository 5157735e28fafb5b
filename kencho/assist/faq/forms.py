"""Forms of the FAQ pages. They check what a person typed and give the core's services plain values;
the services validate again, and their ValidationErrors come back onto the fields (`add_model_errors`).
Messages are in Japanese with the English catalogue beside them, shown next to their fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from kencho.core.forms import AccessibleFormMixin
from kencho.core.japanese.phone import InvalidPhoneNumber, normalize_phone_number
from kencho.core.japanese.text import has_control_characters

from .importing import MAX_FILE_BYTES
from .models import FaqEntry, FaqInquiry
from .services import EntryContent

_INTERNATIONAL_PHONE = re.compile(r"^\+[1-9][0-9 \-()]{6,18}$")
MAX_ALTERNATIVES = 50


def _no_control_characters(value: str, *, newlines: bool) -> str:
    if has_control_characters(value, allow_newlines=newlines):
        raise ValidationError(_("使えない制御文字が含まれています。文字を入力し直してください。"))
    return value


class FaqForm(AccessibleFormMixin, forms.Form):
    def add_model_errors(self, error: ValidationError, field_for: dict[str, str] | None = None) -> None:
        """Put a service's ValidationError next to the fields it names (the rest above the form)."""
        field_for = field_for or {}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            target = field_for.get(name, name)
            self.add_error(target if target in self.fields else None, messages)


# --- residents


class HandoverForm(FaqForm):
    """お問い合わせ: what a resident sends to the unit when the FAQ could not help."""

    message = forms.CharField(
        label=_("お問い合わせ内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("チャットでの質問を入れてあります。詳しい状況を書き足してください。"),
    )
    name = forms.CharField(
        label=_("お名前"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
        error_messages={"invalid": _("メールアドレスの形式で入力してください。例: taro@example.jp")},
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=20,
        required=False,
        help_text=_("メールアドレスか電話番号のどちらかを入力してください。例: 059-224-3070"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    query = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)

    def clean_message(self) -> str:
        return _no_control_characters(self.cleaned_data["message"].strip(), newlines=True)

    def clean_name(self) -> str:
        return _no_control_characters(self.cleaned_data["name"].strip(), newlines=False)

    def clean_phone(self) -> str:
        text = self.cleaned_data["phone"].strip()
        if not text:
            return ""
        try:
            return normalize_phone_number(text)
        except InvalidPhoneNumber:
            if _INTERNATIONAL_PHONE.match(text):
                return text
            raise ValidationError(
                _("電話番号は数字とハイフンで入力してください（海外の番号は+から）。例: 059-224-3070")
            ) from None

    def clean_query(self) -> str:
        return _no_control_characters(self.cleaned_data["query"].strip(), newlines=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contact_given = data.get("email") or data.get("phone")
        if not contact_given and not self.has_error("email") and not self.has_error("phone"):
            self.add_error(
                "email", _("返事を受け取るため、メールアドレスか電話番号のどちらかを入力してください。")
            )
        return data


class FeedbackForm(forms.Form):
    """「この回答で解決しましたか？」 — the entry shown, the question and yes or no."""

    entry = forms.IntegerField(min_value=1)
    q = forms.CharField(max_length=2000, required=False)
    helpful = forms.ChoiceField(choices=[("yes", _("はい")), ("no", _("いいえ"))])
    lang = forms.CharField(max_length=10, required=False)
    easy = forms.CharField(max_length=1, required=False)


# --- staff


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class EntryForm(FaqForm):
    key = forms.CharField(
        label=_("キー"),
        max_length=80,
        required=False,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9_-]*$", _("半角英小文字・数字・-・_ で入力してください。"))
        ],
        help_text=_(
            "読み込み・書き出しで回答を見分ける名前です。空欄なら自動で付けます。例: jidoshazei-moved"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"}),
    )
    question = forms.CharField(label=_("質問"), max_length=300)
    answer = forms.CharField(
        label=_("回答"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "空行で段落を分けます。URLは自動でリンクになります。"
            "HTMLのタグ p, br, ul, ol, li, a, strong, em も使えます（ほかのタグは取り除かれます）。"
        ),
    )
    category = forms.CharField(
        label=_("分類"),
        max_length=60,
        required=False,
        help_text=_("一覧から選ぶか、新しい分類名を入力してください。"),
        widget=forms.TextInput(attrs={"list": "category-options", "autocomplete": "off"}),
    )
    alternative_questions = forms.CharField(
        label=_("言い換え"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("同じことを聞く別の言い方を1行に1つ書きます。例: 引っ越し 自動車税"),
    )
    question_en = forms.CharField(label=_("質問（英語）"), max_length=300, required=False)
    answer_en = forms.CharField(
        label=_("回答（英語）"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    easy_question = forms.CharField(label=_("やさしい日本語の質問"), max_length=300, required=False)
    easy_answer = forms.CharField(
        label=_("やさしい日本語の回答"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    is_active = forms.BooleanField(label=_("公開する"), required=False, initial=True)
    answers = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, entry: FaqEntry | None = None, **kwargs: Any) -> None:
        self.entry = entry
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(entry)
        super().__init__(*args, **kwargs)
        if entry is not None:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("キーは作成後に変えられません。")

    @staticmethod
    def initial_for(entry: FaqEntry) -> dict[str, Any]:
        english = next((t for t in entry.translations.all() if t.language == "en"), None)
        return {
            "key": entry.key,
            "question": entry.question,
            "answer": entry.answer,
            "category": entry.category.name_ja if entry.category else "",
            "alternative_questions": "\n".join(entry.alternative_questions or []),
            "question_en": english.question if english else "",
            "answer_en": english.answer if english else "",
            "easy_question": entry.easy_question,
            "easy_answer": entry.easy_answer,
            "is_active": entry.is_active,
        }

    def clean_alternative_questions(self) -> list[str]:
        lines = _lines(self.cleaned_data["alternative_questions"])
        if len(lines) > MAX_ALTERNATIVES:
            raise ValidationError(_("言い換えは50行までにしてください。"))
        if any(len(line) > 300 for line in lines):
            raise ValidationError(_("言い換えは1行300文字以内にしてください。"))
        return list(dict.fromkeys(lines))

    def clean_answers(self) -> list[int]:
        return [int(part) for part in self.cleaned_data["answers"].split(",") if part.strip().isdigit()][:50]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [("question_en", "answer_en"), ("easy_question", "easy_answer")]
        for question, answer in pairs:
            has_question, has_answer = (
                bool(data.get(question, "").strip()),
                bool(data.get(answer, "").strip()),
            )
            if has_question and not has_answer:
                self.add_error(answer, _("質問を入力したときは回答も入力してください。"))
            elif has_answer and not has_question:
                self.add_error(question, _("回答を入力したときは質問も入力してください。"))
        return data

    def content(self, *, key: str) -> EntryContent:
        """The entry as the services take it. Translations into other languages than English, which
        this form does not show, are kept as they are."""
        data = self.cleaned_data
        translations = {
            t.language: (t.question, t.answer)
            for t in (self.entry.translations.all() if self.entry else [])
            if t.language != "en"
        }
        if data["question_en"].strip():
            translations["en"] = (data["question_en"], data["answer_en"])
        return EntryContent(
            key=key,
            question=data["question"],
            answer=data["answer"],
            category=data["category"],
            alternative_questions=tuple(data["alternative_questions"]),
            easy_question=data["easy_question"],
            easy_answer=data["easy_answer"],
            translations=translations,
            is_active=data["is_active"],
        )


class ImportForm(FaqForm):
    file = forms.FileField(
        label=_("CSVまたはExcel（xlsx）ファイル"),
        help_text=_(
            "1行目に列名（key, question, answer など）を書いたファイル。"
            "書き出したファイルを直して読み込めます。"
            "UTF-8とShift_JISのCSVに対応。10MBまで。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    replace = forms.BooleanField(
        label=_("ファイルにない回答を削除する"),
        required=False,
        help_text=_("チェックしないときは、ファイルにある回答だけを追加・更新します。"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("ファイルが10MBを超えています。"))
        return upload


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状況"), choices=FaqInquiry.Status.choices)
