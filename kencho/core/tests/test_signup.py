import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kencho.core.accounts import email_verification_token, user_can_apply
from kencho.core.japanese.corporate_number import corporate_number_check_digit
from kencho.core.models import AuditEntry, Business, BusinessMember, User

from .test_login import PASSWORD, log_in

pytestmark = pytest.mark.django_db

BASE = "112345678901"
CORPORATE_NUMBER = corporate_number_check_digit(BASE) + BASE


def signup_data(**overrides):
    data = {
        "email": "Hanako@Example.jp",
        "display_name": "県民 花子",
        "preferred_language": "ja",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def business_data(**overrides):
    defaults = {
        "corporate_number": CORPORATE_NUMBER,
        "business_name": "株式会社 三重商事",
        "email": "daihyo@example.co.jp",
    }
    return signup_data(**{**defaults, **overrides})


def link_in(message):
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_resident_signs_up_and_gets_a_verification_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("core:signup_done")
    user = User.objects.get(email="hanako@example.jp")
    assert user.kind == User.Kind.RESIDENT
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)
    assert not user_can_apply(user)
    assert SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="core.user_signed_up", actor=user).exists()

    [message] = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "メールアドレスの確認" in message.subject
    response = client.get(path_of(link_in(message)))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert user_can_apply(user)
    assert AuditEntry.objects.filter(action="core.email_verified").count() == 1

    # Opening the link again is harmless.
    assert client.get(path_of(link_in(message))).status_code == 200
    assert AuditEntry.objects.filter(action="core.email_verified").count() == 1


def test_verification_e_mail_is_in_the_chosen_language(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:signup"), signup_data(preferred_language="en"))
    assert User.objects.get().preferred_language == "en"
    assert len(mail.outbox) == 1


def test_expired_link_is_refused(client, monkeypatch):
    user = User.objects.create_user("late@example.jp", PASSWORD)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() - 49 * 3600)
    token = email_verification_token(user)
    monkeypatch.undo()
    response = client.get(reverse("core:verify_email", args=[token]))
    assert response.status_code == 400
    assert "有効期限" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_within_48_hours_is_accepted(client, monkeypatch):
    user = User.objects.create_user("ontime@example.jp", PASSWORD)
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() - 47 * 3600)
    token = email_verification_token(user)
    monkeypatch.undo()
    assert client.get(reverse("core:verify_email", args=[token])).status_code == 200


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "nonsense"])
def test_tampered_link_is_refused(client, tamper):
    user = User.objects.create_user("tamper@example.jp", PASSWORD)
    response = client.get(reverse("core:verify_email", args=[tamper(email_verification_token(user))]))
    assert response.status_code == 400
    assert "リンクが正しくありません" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_for_an_address_since_changed_is_refused(client):
    user = User.objects.create_user("old@example.jp", PASSWORD)
    token = email_verification_token(user)
    user.email = "new@example.jp"
    user.save()
    assert client.get(reverse("core:verify_email", args=[token])).status_code == 400


def test_signup_errors_are_shown_in_the_field_and_the_summary(client):
    response = client.post(reverse("core:signup"), signup_data(password1="short", password2="short"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_password1"' in html
    assert 'id="id_password1_error"' in html
    assert not User.objects.exists()


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(reverse("core:signup"), signup_data(password2=PASSWORD + "x"))
    assert "パスワードが一致しません。" in response.content.decode()


def test_signup_with_a_registered_address_tells_its_owner_not_the_visitor(
    client, django_capture_on_commit_callbacks
):
    User.objects.create_user("hanako@example.jp", PASSWORD, display_name="既存")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:signup"), signup_data(password1="another pass 123", password2="another pass 123")
        )
    assert response["Location"] == reverse("core:signup_done")
    assert User.objects.count() == 1
    assert User.objects.get().check_password(PASSWORD)
    [message] = mail.outbox
    assert "登録済み" in message.subject


def test_user_can_apply_only_when_verified_resident_or_business():
    now = timezone.now()
    assert user_can_apply(User.objects.create_user("a@example.jp", kind="resident", email_verified_at=now))
    assert user_can_apply(User.objects.create_user("b@example.jp", kind="business", email_verified_at=now))
    assert not user_can_apply(User.objects.create_user("c@example.jp", kind="staff", email_verified_at=now))
    assert not user_can_apply(User.objects.create_user("d@example.jp", kind="resident"))
    assert not user_can_apply(
        User.objects.create_user("e@example.jp", kind="resident", email_verified_at=now, is_active=False)
    )
    from django.contrib.auth.models import AnonymousUser

    assert not user_can_apply(AnonymousUser())


def test_resend_sends_a_new_link_to_an_unverified_address(client, django_capture_on_commit_callbacks):
    user = User.objects.create_user("resend@example.jp", PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:resend_verification"), {"email": "resend@example.jp"})
    assert response.status_code == 200
    assert response.context["sent"]
    [message] = mail.outbox
    client.get(path_of(link_in(message)))
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_resend_says_the_same_for_unknown_addresses(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:resend_verification"), {"email": "nobody@example.jp"})
    assert response.context["sent"]
    assert mail.outbox == []


def test_unverified_resident_sees_the_banner_and_can_resend(client):
    User.objects.create_user("unverified@example.jp", PASSWORD)
    log_in(client, "unverified@example.jp")
    response = client.get(reverse("core:resend_verification"))
    assert response.context["form"]["email"].value() == "unverified@example.jp"


# --- business


def test_business_signs_up_with_a_valid_corporate_number(client, django_capture_on_commit_callbacks):
    spaced = f"{CORPORATE_NUMBER[:1]}-{CORPORATE_NUMBER[1:5]}-{CORPORATE_NUMBER[5:9]}-{CORPORATE_NUMBER[9:]}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:business_signup"), business_data(corporate_number=spaced))
    assert response.status_code == 302
    user = User.objects.get(email="daihyo@example.co.jp")
    assert user.kind == User.Kind.BUSINESS
    business = Business.objects.get(corporate_number=CORPORATE_NUMBER)
    assert business.name == "株式会社 三重商事"
    member = BusinessMember.objects.get(business=business)
    assert (member.user, member.role) == (user, BusinessMember.Role.REPRESENTATIVE)
    assert AuditEntry.objects.filter(action="core.business_registered").count() == 1
    assert len(mail.outbox) == 1


def test_business_signup_accepts_full_width_digits(client):
    full_width = CORPORATE_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(reverse("core:business_signup"), business_data(corporate_number=full_width))
    assert response.status_code == 302
    assert Business.objects.filter(corporate_number=CORPORATE_NUMBER).exists()


def test_business_signup_refuses_a_wrong_check_digit(client):
    wrong = str(int(CORPORATE_NUMBER[0]) % 9 + 1) + BASE
    response = client.post(reverse("core:business_signup"), business_data(corporate_number=wrong))
    html = response.content.decode()
    assert response.status_code == 200
    assert "法人番号が正しくありません" in html
    assert 'href="#id_corporate_number"' in html
    assert not User.objects.exists()
    assert not Business.objects.exists()


def test_business_signup_refuses_a_number_of_the_wrong_length(client):
    response = client.post(reverse("core:business_signup"), business_data(corporate_number="12345"))
    assert "13桁" in response.content.decode()


def test_second_registration_of_a_business_is_refused(client):
    Business.objects.create(corporate_number=CORPORATE_NUMBER, name="株式会社 三重商事")
    response = client.post(reverse("core:business_signup"), business_data(email="second@example.co.jp"))
    assert response.status_code == 200
    assert "代表者にお問い合わせください" in response.content.decode()
    assert not User.objects.filter(email="second@example.co.jp").exists()


# --- password reset


def test_password_reset_sets_a_new_password(client):
    user = User.objects.create_user("forgot@example.jp", PASSWORD)
    response = client.post(reverse("core:password_reset"), {"email": "forgot@example.jp"})
    assert response["Location"] == reverse("core:password_reset_done")
    [message] = mail.outbox
    link = path_of(link_in(message))
    form_page = client.get(link, follow=True)
    assert 'autocomplete="new-password"' in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response["Location"] == reverse("core:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_password_reset_pages_render(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(f"core:{name}")).status_code == 200
    response = client.get(reverse("core:password_reset_confirm", args=["x", "y"]))
    assert "リンクが正しくないか" in response.content.decode()
