from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kencho.core.lockout import login_failure_record, login_lock
from kencho.core.models import AuditEntry, LoginFailure, User

from .test_login import PASSWORD, log_in, totp_now, wrong_code

pytestmark = pytest.mark.django_db

LOCK_MESSAGE = "ログインに続けて失敗したため、15分間ログインできません。"


@pytest.fixture
def resident():
    return User.objects.create_user("kenmin@example.jp", PASSWORD, email_verified_at=timezone.now())


def fail(client, email, times):
    for _ in range(times):
        response = log_in(client, email, password="not the password")
    return response


def move_failures_back(minutes):
    for failure in LoginFailure.objects.all():
        failure.created_at -= timedelta(minutes=minutes)
        failure.save(update_fields=["created_at"])


def test_fifth_failure_locks_the_address(client, resident):
    assert LOCK_MESSAGE not in fail(client, resident.email, 4).content.decode()
    response = fail(client, resident.email, 1)
    assert response.status_code == 429
    assert LOCK_MESSAGE in response.content.decode()
    locked = AuditEntry.objects.get(action="core.login_locked")
    assert locked.detail["scope"] == "email"


def test_right_password_is_refused_while_locked_and_accepted_after_the_period(client, resident):
    fail(client, resident.email, 5)
    response = log_in(client, resident.email)
    assert response.status_code == 429
    assert LOCK_MESSAGE in response.content.decode()
    assert SESSION_KEY not in client.session
    assert LoginFailure.objects.count() == 5  # refused attempts do not extend the lock
    assert AuditEntry.objects.filter(action="core.login_locked").count() == 2

    move_failures_back(14)
    assert log_in(client, resident.email).status_code == 429

    move_failures_back(2)
    response = log_in(client, resident.email)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(resident.pk)
    assert not LoginFailure.objects.filter(identifier=resident.email).exists()


def test_failures_spread_over_more_than_the_period_do_not_lock(client, resident):
    fail(client, resident.email, 2)
    move_failures_back(20)
    fail(client, resident.email, 3)
    assert log_in(client, resident.email).status_code == 302


def test_lock_is_per_address(client, resident):
    fail(client, "someone.else@example.jp", 5)
    assert log_in(client, resident.email).status_code == 302


def test_unknown_addresses_are_locked_too(client):
    response = fail(client, "nobody@example.jp", 5)
    assert LOCK_MESSAGE in response.content.decode()


def test_successful_login_clears_the_failures(client, resident):
    fail(client, resident.email, 4)
    assert log_in(client, resident.email).status_code == 302
    client.logout()
    fail(client, resident.email, 4)
    assert log_in(client, resident.email).status_code == 302


def test_thirty_failures_from_one_ip_lock_every_address_from_it(client, resident):
    for n in range(29):
        LoginFailure.objects.create(identifier=f"guess{n}@example.jp", ip_address="127.0.0.1")
    log_in(client, "guess29@example.jp", password="wrong")
    response = log_in(client, resident.email)
    assert response.status_code == 429
    assert AuditEntry.objects.filter(action="core.login_locked", detail__scope="ip").exists()
    # Another machine is not affected.
    response = client.post(
        reverse("core:login"), {"email": resident.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302


def test_wrong_one_time_codes_count_towards_the_lock(client):
    officer = User.objects.create_user("tanto@pref.example.jp", PASSWORD, kind="staff")
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True, tolerance=0)
    fail(client, officer.email, 3)
    log_in(client, officer.email)
    client.post(reverse("core:login_totp"), {"code": wrong_code(device)})
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own back-off would refuse the next check
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("core:login_totp"), {"code": wrong_code(device)})
    assert response.status_code == 429
    assert LOCK_MESSAGE in response.content.decode()
    # Even the right code is refused now.
    response = client.post(reverse("core:login_totp"), {"code": totp_now(device)})
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_lock_lasts_from_the_last_counted_failure():
    now = timezone.now()
    for minutes_ago in (10, 8, 6, 4, 2):
        LoginFailure.objects.create(
            identifier="a@example.jp", created_at=now - timedelta(minutes=minutes_ago)
        )
    lock = login_lock(email="A@example.jp", ip_address=None)
    assert lock is not None
    assert abs((lock.until - (now + timedelta(minutes=13))).total_seconds()) < 5


def test_failure_record_reports_the_lock_it_starts(rf):
    request = rf.post("/login/")
    results = [
        login_failure_record(email="b@example.jp", request=request, reason="password") for _ in range(5)
    ]
    assert results[:4] == [None] * 4
    assert results[4] is not None
    assert results[4].scope == "email"
