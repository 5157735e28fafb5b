"""The admin pages for the rules of approval: they open, and saving in them is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kencho.core.models import AuditEntry, User

from ..models import Absence
from .factories import Office

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: Any) -> Client:
    from kencho.conftest import staff_client

    user = User.objects.create_superuser("root@example.jp", "x-very-long-password")
    return staff_client(user)


@pytest.mark.parametrize(
    "model",
    ["decisioncategory", "delegationrule", "routetemplate", "routetemplatestage", "absence", "deputy"],
)
def test_the_admin_lists_open(admin_client: Client, office: Office, model: str) -> None:
    assert admin_client.get(reverse(f"admin:approvals_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:approvals_{model}_add")).status_code == 200


def test_registering_an_absence_in_the_admin_is_audited(admin_client: Client, office: Office) -> None:
    today = timezone.localdate().isoformat()
    response = admin_client.post(
        reverse("admin:approvals_absence_add"),
        {"user": office.kacho.pk, "starts_on": today, "ends_on": today, "reason": "出張"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    absence = Absence.objects.get()
    entry = AuditEntry.objects.get(action="approvals.absence_created")
    assert entry.object_id == str(absence.pk)
