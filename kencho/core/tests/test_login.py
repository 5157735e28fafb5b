import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kencho.core.models import AuditEntry, LoginFailure, User
from kencho.core.permissions import staff_required

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(totp_now(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def resident():
    return User.objects.create_user(
        "kenmin@example.jp", PASSWORD, display_name="県民 花子", email_verified_at=timezone.now()
    )


@pytest.fixture
def officer():
    return User.objects.create_user("tanto@pref.example.jp", PASSWORD, display_name="担当 太郎", kind="staff")


@pytest.fixture
def officer_device(officer):
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def log_in(client, email, password=PASSWORD, next_url=None):
    data = {"email": email, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("core:login"), data)


def test_login_page_renders_one_form_for_everyone(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_email">' in html


def test_resident_logs_in_with_password_and_goes_to_next(client, resident):
    response = log_in(client, "Kenmin@Example.jp", next_url="/my/applications/")
    assert response.status_code == 302
    assert response["Location"] == "/my/applications/"
    assert client.session[SESSION_KEY] == str(resident.pk)
    entry = AuditEntry.objects.filter(action="core.login_succeeded").get()
    assert entry.actor == resident
    assert entry.detail["method"] == "password"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http:///evil.example", "javascript:alert(1)"]
)
def test_next_to_another_site_is_refused(client, resident, next_url):
    response = log_in(client, resident.email, next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_next_to_another_site_is_not_put_in_the_form(client):
    response = client.get(reverse("core:login") + "?next=https://evil.example/")
    assert response.context["next_url"] == "/"
    assert '<input type="hidden" name="next" value="/">' in response.content.decode()


def test_wrong_password_is_refused_with_a_message_and_audited(client, resident):
    response = log_in(client, resident.email, password="wrong password")
    assert response.status_code == 200
    assert "メールアドレスまたはパスワードが正しくありません。" in response.content.decode()
    assert b'class="error-summary"' in response.content
    assert SESSION_KEY not in client.session
    assert LoginFailure.objects.filter(identifier=resident.email).count() == 1
    entry = AuditEntry.objects.filter(action="core.login_failed").get()
    assert entry.detail == {"email": resident.email, "reason": "password"}


def test_empty_form_shows_errors_in_fields_and_summary(client):
    response = client.post(reverse("core:login"), {"email": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field field--error"' in html
    assert 'href="#id_email"' in html
    assert 'aria-describedby="id_email_error"' in html


def test_staff_logs_in_with_password_then_one_time_code(client, officer, officer_device):
    response = log_in(client, officer.email, next_url="/staff/inbox/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login_totp")
    assert SESSION_KEY not in client.session  # not logged in before the code

    page = client.get(reverse("core:login_totp"))
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(reverse("core:login_totp"), {"code": totp_now(officer_device)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/inbox/"
    assert client.session[SESSION_KEY] == str(officer.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == officer_device.persistent_id
    entry = AuditEntry.objects.filter(action="core.login_succeeded").get()
    assert entry.detail == {"method": "password+totp", "otp": True}


def test_staff_without_device_is_sent_to_enrolment_and_confirms_it(client, officer):
    response = log_in(client, officer.email)
    assert response["Location"] == reverse("core:totp_enrol")

    page = client.get(reverse("core:totp_enrol"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html
    assert "<script" not in html.split("</head>")[1]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    # Reloading the page keeps the same secret, so the app that scanned it stays right.
    client.get(reverse("core:totp_enrol"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    response = client.post(reverse("core:totp_enrol"), {"code": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[SESSION_KEY] == str(officer.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert AuditEntry.objects.filter(action="core.totp_enrolled").count() == 1


def test_enrolment_is_closed_to_staff_who_already_have_a_device(client, officer, officer_device):
    log_in(client, officer.email)
    response = client.get(reverse("core:totp_enrol"))
    assert response["Location"] == reverse("core:login_totp")
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_wrong_code_is_refused_and_counted(client, officer, officer_device):
    log_in(client, officer.email)
    response = client.post(reverse("core:login_totp"), {"code": wrong_code(officer_device)})
    assert response.status_code == 200
    assert "確認コードが正しくありません。" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert LoginFailure.objects.filter(identifier=officer.email).count() == 1
    assert AuditEntry.objects.filter(action="core.login_failed", detail__reason="totp").count() == 1


def test_malformed_code_is_a_field_error(client, officer, officer_device):
    log_in(client, officer.email)
    response = client.post(reverse("core:login_totp"), {"code": "12ab"})
    assert "確認コードは6桁の数字で入力してください。" in response.content.decode()
    assert LoginFailure.objects.count() == 0


def test_code_step_without_a_password_sends_back_to_login(client, officer, officer_device):
    response = client.post(reverse("core:login_totp"), {"code": totp_now(officer_device)})
    assert response["Location"] == reverse("core:login")
    assert SESSION_KEY not in client.session


def test_staff_without_totp_requirement_logs_in_with_password(client, settings, officer):
    settings.KENCHO_STAFF_REQUIRE_TOTP = False
    response = log_in(client, officer.email)
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(officer.pk)


def test_logout_takes_post_only(client, resident):
    client.force_login(resident)
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_unverified_resident_logs_in_and_is_told_to_verify(client):
    User.objects.create_user("new@example.jp", PASSWORD)
    response = log_in(client, "new@example.jp")
    assert response.status_code == 302
    page = client.get(reverse("core:login"))
    assert "メールアドレスの確認が済んでいません。" in page.content.decode()


def test_login_page_lists_enabled_external_providers(client, settings):
    settings.KENCHO_LOGIN_PROVIDERS = ["password", "oidc"]
    settings.KENCHO_OIDC_PROVIDERS = {
        "gbizid": {
            "issuer": "https://id.example",
            "client_id": "x",
            "client_secret": "y",
            "label_ja": "gBizIDでログイン",
            "label_en": "Log in with gBizID",
        }
    }
    html = client.get(reverse("core:login") + "?next=/my/applications/").content.decode()
    assert "gBizIDでログイン" in html
    assert 'href="/login/oidc/gbizid/start?next=%2Fmy%2Fapplications%2F"' in html


def test_password_form_is_hidden_when_password_provider_is_off(client, settings):
    settings.KENCHO_LOGIN_PROVIDERS = []
    response = client.get(reverse("core:login"))
    assert 'name="password"' not in response.content.decode()


# --- staff_required


@staff_required
def staff_page(request):
    return HttpResponse("ok")


def _request(user, *, verified):
    request = RequestFactory().get("/staff/inbox/?page=2")
    request.user = user
    user.is_verified = lambda: verified  # what django_otp's OTPMiddleware attaches
    return request


def test_staff_required_refuses_residents(resident):
    with pytest.raises(PermissionDenied):
        staff_page(_request(resident, verified=True))


def test_staff_required_sends_anonymous_visitors_to_login():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/staff/inbox/")
    request.user = AnonymousUser()
    response = staff_page(request)
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/staff/inbox/"


def test_staff_required_sends_staff_without_code_to_the_code_step(officer):
    response = staff_page(_request(officer, verified=False))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login_totp") + "?next=%2Fstaff%2Finbox%2F%3Fpage%3D2"


def test_staff_required_admits_verified_staff(officer):
    assert staff_page(_request(officer, verified=True)).content == b"ok"


def test_staff_required_admits_staff_without_code_when_not_required(settings, officer):
    settings.KENCHO_STAFF_REQUIRE_TOTP = False
    assert staff_page(_request(officer, verified=False)).content == b"ok"


def test_logged_in_staff_without_code_can_verify_later(client, officer, officer_device):
    client.force_login(officer)
    response = client.post(
        reverse("core:login_totp") + "?next=/staff/inbox/", {"code": totp_now(officer_device)}
    )
    assert response["Location"] == "/staff/inbox/"
    assert client.session[DEVICE_ID_SESSION_KEY] == officer_device.persistent_id


# --- totp_code command


def test_totp_code_prints_the_current_code(settings, capsys, officer, officer_device):
    settings.DEBUG = True
    call_command("totp_code", officer.email)
    assert capsys.readouterr().out.strip() == totp_now(officer_device)


def test_totp_code_refuses_in_production_without_force(settings, officer, officer_device):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", officer.email)
    call_command("totp_code", officer.email, "--force")


def test_totp_code_explains_a_missing_device(settings, officer):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="no confirmed"):
        call_command("totp_code", officer.email)
