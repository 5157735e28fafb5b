"""The demo loader: run after load_demo, twice, it leaves one set of demo data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from kencho.core.models import User

from ..models import DecisionCategory, Document, DocumentStatus
from ..routing import route_plan


@pytest.mark.django_db
def test_the_demo_loads_twice_with_documents_in_several_states(settings: Any) -> None:
    settings.KENCHO_NOTICES_BATCH_RUNNER = "inline"
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_approvals_demo", stdout=io.StringIO())

    assert DecisionCategory.objects.count() == 3
    assert Document.objects.count() == 3
    statuses = set(Document.objects.values_list("status", flat=True))
    assert statuses == {DocumentStatus.DRAFT, DocumentStatus.IN_PROGRESS, DocumentStatus.DECIDED}
    assert Document.objects.get(status=DocumentStatus.DECIDED).is_frozen
    assert User.objects.filter(email="bucho@kencho.example.jp").exists()
    critical = Document.objects.get(status=DocumentStatus.DRAFT)
    plan = route_plan(document=critical, on=timezone.localdate())
    assert [p.assignee.email for p in plan] == [
        "kakaricho@kencho.example.jp",
        "approver@kencho.example.jp",
        "bucho@kencho.example.jp",
        "governor@kencho.example.jp",
    ]
    linked = Document.objects.get(status=DocumentStatus.IN_PROGRESS)
    assert linked.links.count() == 1
