"""The representative of a business adds members, each with a log-in of their own set up from the
invitation, and removes them; other members only see the list."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kencho.core.business_members import MemberChangeRefused, business_member_add, business_member_remove
from kencho.core.models import AuditEntry, Business, BusinessMember, User

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def representative(db: Any) -> User:
    user = User.objects.create_user(
        "rep@example.co.jp",
        PASSWORD,
        kind=User.Kind.BUSINESS,
        display_name="松阪 太郎",
        email_verified_at=timezone.now(),
    )
    business = Business.objects.create(corporate_number="8190001000007", name="株式会社松阪商店")
    BusinessMember.objects.create(business=business, user=user, role=BusinessMember.Role.REPRESENTATIVE)
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_representative_adds_a_member_who_sets_up_their_own_log_in(
    representative: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:business_members"),
            {"display_name": "松阪 花子", "email": "Hanako@Example.co.jp", "role": "staff"},
        )
    assert response.status_code == 302
    member = User.objects.get(email="hanako@example.co.jp")
    assert member.kind == User.Kind.BUSINESS and not member.has_usable_password()
    assert BusinessMember.objects.get(user=member).business.corporate_number == "8190001000007"
    assert AuditEntry.objects.filter(action="core.business_member_added").exists()

    (invitation,) = mail.outbox
    assert "株式会社松阪商店" in invitation.subject
    verify_url, password_url = re.findall(r"http://\S+", str(invitation.body))
    invited = Client()
    assert invited.get(verify_url.split("8000", 1)[-1]).status_code == 200
    set_password = invited.get(password_url.split("8000", 1)[-1], follow=True)
    form_url = set_password.redirect_chain[-1][0]
    invited.post(
        form_url, {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"}
    )
    member.refresh_from_db()
    assert member.email_verified_at is not None and member.check_password("a new long passphrase 42")

    page = logged_in(member).get(reverse("core:business_members")).content.decode()
    assert "rep@example.co.jp" in page and "メンバーを追加する" not in page


def test_an_address_with_an_account_is_refused(representative: User, resident: User) -> None:
    response = logged_in(representative).post(
        reverse("core:business_members"), {"display_name": "県民", "email": resident.email, "role": "staff"}
    )
    assert response.status_code == 422
    assert "既に別のアカウントで使われています" in response.content.decode()
    assert not BusinessMember.objects.filter(user=resident).exists()


def test_only_the_representative_adds_or_removes(representative: User) -> None:
    business = Business.objects.get()
    member = business_member_add(
        business=business,
        email="staff@example.co.jp",
        display_name="担当",
        role="staff",
        actor=representative,
    )
    with pytest.raises(MemberChangeRefused):
        business_member_add(
            business=business, email="x@example.co.jp", display_name="x", role="staff", actor=member.user
        )
    with pytest.raises(MemberChangeRefused):
        business_member_remove(member=BusinessMember.objects.get(user=representative), actor=member.user)
    with pytest.raises(MemberChangeRefused):
        business_member_remove(member=BusinessMember.objects.get(user=representative), actor=representative)
    staff_post = logged_in(member.user).post(
        reverse("core:business_members"), {"display_name": "x", "email": "y@example.co.jp", "role": "staff"}
    )
    assert staff_post.status_code == 200 and not User.objects.filter(email="y@example.co.jp").exists()


def test_the_representative_removes_a_member(representative: User) -> None:
    business = Business.objects.get()
    member = business_member_add(
        business=business,
        email="staff@example.co.jp",
        display_name="担当",
        role="staff",
        actor=representative,
    )
    response = logged_in(representative).post(
        reverse("core:business_member_remove", args=[member.pk]), follow=True
    )
    assert "をメンバーから外しました" in response.content.decode()
    assert not BusinessMember.objects.filter(pk=member.pk).exists()
    assert User.objects.filter(email="staff@example.co.jp").exists()
    assert AuditEntry.objects.filter(action="core.business_member_removed").exists()


def test_people_outside_a_business_get_not_found(resident: User, representative: User) -> None:
    assert logged_in(resident).get(reverse("core:business_members")).status_code == 404
    other = Business.objects.create(corporate_number="4190001000002", name="他社")
    outsider = User.objects.create_user("o@example.jp", PASSWORD, kind=User.Kind.BUSINESS)
    theirs = BusinessMember.objects.create(business=other, user=outsider, role="staff")
    assert (
        logged_in(representative).post(reverse("core:business_member_remove", args=[theirs.pk])).status_code
        == 404
    )
    assert Client().get(reverse("core:business_members")).status_code == 302
