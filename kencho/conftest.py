"""Fixtures shared by every module's tests: a small unit tree, named people, and a procedure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone, translation

from kencho.core.models import Membership, OrgUnit, User
from kencho.core.services import membership_add, org_unit_create

PASSWORD = "correct horse battery staple"  # noqa: S105 - test accounts only


@pytest.fixture
def units(db: Any) -> dict[str, OrgUnit]:
    department = org_unit_create(
        code="02", name_ja="雇用経済部", name_en="Employment and Economy", level="department", parent=None
    )
    division = org_unit_create(
        code="0202",
        name_ja="大学・学生支援課",
        name_en="Student Support Division",
        level="division",
        parent=department,
    )
    section = org_unit_create(
        code="020201",
        name_ja="学生支援班",
        name_en="Student Support Section",
        level="section",
        parent=division,
    )
    other = org_unit_create(
        code="03", name_ja="県土整備部", name_en="Land Development", level="department", parent=None
    )
    return {"department": department, "division": division, "section": section, "other": other}


def make_staff(email: str, unit: OrgUnit, role: str = Membership.Role.OFFICER, name: str = "") -> User:
    user = User.objects.create_user(
        email,
        PASSWORD,
        kind=User.Kind.STAFF,
        display_name=name or email.split("@")[0],
        email_verified_at=timezone.now(),
    )
    membership_add(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def officer(units: dict[str, OrgUnit]) -> User:
    return make_staff("officer@example.jp", units["section"], name="三重 花子")


@pytest.fixture
def section_chief(units: dict[str, OrgUnit]) -> User:
    return make_staff("chief@example.jp", units["division"], Membership.Role.APPROVER, name="伊勢 次郎")


@pytest.fixture
def other_officer(units: dict[str, OrgUnit]) -> User:
    return make_staff("other@example.jp", units["other"], name="別部 三郎")


@pytest.fixture
def resident(db: Any) -> User:
    return User.objects.create_user(
        "resident@example.jp",
        PASSWORD,
        kind=User.Kind.RESIDENT,
        display_name="県民 太郎",
        email_verified_at=timezone.now(),
    )


def staff_client(user: User) -> Client:
    """A client logged in as `user` with the one-time code step passed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Japanese: a request in English leaves English active in the thread."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files the tests upload go to a directory of their own, never into the project's var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
