"""Who may publish for which organisation, and who sees drafts and private datasets."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kencho.core.models import OrgUnit, User
from kencho.opendata.access import dataset_for_editor, dataset_for_reader, editable_organizations
from kencho.opendata.errors import NotAuthorized, NotFound
from kencho.opendata.services import dataset_create, organization_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations(units: dict[str, OrgUnit]) -> dict[str, Any]:
    return {
        "division": organization_create(
            name="student-support", title_ja="大学・学生支援課", unit=units["division"]
        ),
        "other": organization_create(name="land", title_ja="県土整備部", unit=units["other"]),
        "tsu": organization_create(name="tsu-city", title_ja="津市", municipality_code="242012"),
    }


def test_a_section_publishes_for_its_division_but_not_for_another_department(
    officer: User, organizations: dict[str, Any]
) -> None:
    assert set(editable_organizations(officer).values_list("name", flat=True)) == {"student-support"}


def test_municipal_editors_publish_for_their_own_organisation_only(organizations: dict[str, Any]) -> None:
    editor = User.objects.create_user(
        "opendata@city.tsu.example.jp", "x", kind=User.Kind.STAFF, email_verified_at=timezone.now()
    )
    organizations["tsu"].editors.add(editor)
    assert list(editable_organizations(editor).values_list("name", flat=True)) == ["tsu-city"]


def test_anonymous_and_residents_publish_for_nobody(resident: User, organizations: dict[str, Any]) -> None:
    assert not editable_organizations(resident).exists()


def test_drafts_and_private_datasets_are_hidden_from_the_public_and_other_units(
    officer: User, other_officer: User, organizations: dict[str, Any]
) -> None:
    from django.contrib.auth.models import AnonymousUser

    draft = dataset_create(
        actor=officer,
        data={"name": "draft-data", "title": "下書き", "owner_org": "student-support", "state": "draft"},
    )
    public = dataset_create(
        actor=officer, data={"name": "open-data", "title": "公開", "owner_org": "student-support"}
    )
    assert dataset_for_reader(officer, "draft-data") == draft
    for viewer in (AnonymousUser(), other_officer):
        with pytest.raises(NotFound):
            dataset_for_reader(viewer, "draft-data")
        with pytest.raises(NotFound):
            dataset_for_editor(viewer, "draft-data")
    assert dataset_for_reader(other_officer, str(public.id)) == public
    with pytest.raises(NotAuthorized):
        dataset_for_editor(other_officer, "open-data")
