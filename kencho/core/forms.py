"""Forms for logging in, the one-time code step and signing up. They check input only; the services in
`accounts.py`, `lockout.py` and `login/` decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .japanese.corporate_number import InvalidCorporateNumber, normalize_corporate_number
from .models import User


class AccessibleFormMixin:
    """Points each invalid input at its error message (aria-describedby), next to its hint. The
    templates render the message with the id `<input id>_error` and the hint with `<input id>_helptext`."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]  # mixed into forms.Form
        form: forms.Form = self  # type: ignore[assignment]
        for name in form.errors:
            if name not in form.fields:
                continue
            bound = form[name]
            described = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


def _email_field(**kwargs: Any) -> forms.EmailField:
    return forms.EmailField(
        label=_("メールアドレス"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        ),
        **kwargs,
    )


class LoginForm(AccessibleFormMixin, forms.Form):
    email = _email_field()
    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class OneTimeCodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("確認コード（6桁）"),
        help_text=_("認証アプリに表示されている6桁の数字を入力してください。"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "input--short",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        code = code.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_("確認コードは6桁の数字で入力してください。"), code="format")
        return code


class SignupForm(AccessibleFormMixin, forms.Form):
    email = _email_field(help_text=_("確認のメールを送ります。"))
    display_name = forms.CharField(
        label=_("氏名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(
        label=_("使用言語"),
        choices=[("ja", "日本語"), ("en", "English")],
        initial="ja",
        help_text=_("お知らせのメールをこの言語で送ります。"),
    )
    password1 = forms.CharField(
        label=_("パスワード"),
        strip=False,
        help_text=_("10文字以上で、推測されにくいものにしてください。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("パスワード（確認）"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(_("パスワードが一致しません。"), code="mismatch"))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class BusinessSignupForm(SignupForm):
    corporate_number = forms.CharField(
        label=_("法人番号"),
        max_length=20,
        help_text=_("13桁の数字です。国税庁法人番号公表サイトで確認できます。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
    )
    business_name = forms.CharField(
        label=_("法人名"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    field_order = ["corporate_number", "business_name", "display_name", "email", "preferred_language"]

    def clean_corporate_number(self) -> str:
        try:
            return normalize_corporate_number(str(self.cleaned_data["corporate_number"]))
        except InvalidCorporateNumber as error:
            raise ValidationError(str(error), code=error.code) from error


class ResendVerificationForm(AccessibleFormMixin, forms.Form):
    email = _email_field()

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()
