"""Administrators set up publishers and groups in the Django admin, audited and with CKAN's names."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kencho.core.models import AuditEntry, User
from kencho.opendata.models import Group, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_otp(db: Any) -> Client:
    from kencho.conftest import staff_client

    admin = User.objects.create_superuser("root@example.jp", "x")
    return staff_client(admin)


def test_organisation_created_in_the_admin_is_audited(admin_client_otp: Client) -> None:
    response = admin_client_otp.post(
        "/admin/opendata/organization/add/",
        {"name": "tsu-city", "title_ja": "津市", "municipality_code": "242012", "is_active": "on",
         "created_at_0": "2025-04-01", "created_at_1": "09:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(name="tsu-city")
    assert AuditEntry.objects.filter(
        action="opendata.organization_created", object_id=str(organization.pk)
    ).exists()


def test_a_name_breaking_ckan_rules_is_refused_in_the_admin(admin_client_otp: Client) -> None:
    response = admin_client_otp.post(
        "/admin/opendata/group/add/",
        {"name": "防災", "title_ja": "防災", "created_at_0": "2025-04-01", "created_at_1": "09:00:00"},
    )
    assert response.status_code == 200
    assert "半角英小文字" in response.content.decode()
    assert not Group.objects.exists()
