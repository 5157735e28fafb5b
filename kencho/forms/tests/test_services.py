import pytest

from kencho.core.models import AuditEntry, OrgUnit
from kencho.forms.definition import DefinitionError
from kencho.forms.models import FormVersion
from kencho.forms.selectors import form_version_current
from kencho.forms.services import (
    FormVersionPublished,
    form_definition_create,
    form_definition_export,
    form_definition_import,
    form_version_create_draft,
    form_version_publish,
    form_version_update_draft,
)

from .definitions import child_allowance, field, one_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return OrgUnit.objects.create(code="0101", name_ja="子ども家庭課", level="division", path="0101")


def test_publishing_freezes_a_version(unit):
    definition = form_definition_create(
        slug="kosodate", title_ja="子育て", owner_unit=unit, schema=child_allowance(), actor=None
    )
    draft = definition.versions.get()
    assert form_version_current(definition) is None
    form_version_publish(version=draft, actor=None)
    assert form_version_current(definition) == draft
    assert AuditEntry.objects.filter(action="forms.version_published", object_id=str(draft.pk)).exists()
    with pytest.raises(FormVersionPublished):
        form_version_update_draft(version=draft, schema=one_page(field("a", "text")), actor=None)
    with pytest.raises(FormVersionPublished):
        form_version_publish(version=draft, actor=None)
    draft.refresh_from_db()
    assert draft.schema == child_allowance()


def test_a_new_version_does_not_change_the_old_one(unit):
    definition = form_definition_create(
        slug="kosodate", title_ja="子育て", owner_unit=unit, schema=child_allowance(), actor=None
    )
    first = form_version_publish(version=definition.versions.get(), actor=None)
    changed = child_allowance()
    changed["pages"][0]["fields"][0]["label"]["ja"] = "申請者氏名"
    second = form_version_create_draft(definition=definition, schema=changed, actor=None)
    assert second.number == 2
    form_version_update_draft(version=second, schema=changed, actor=None)
    first.refresh_from_db()
    assert first.schema["pages"][0]["fields"][0]["label"]["ja"] == "氏名"
    assert form_version_current(definition) == first
    form_version_publish(version=second, actor=None)
    assert form_version_current(definition) == second


def test_a_broken_definition_is_not_saved(unit):
    definition = form_definition_create(slug="x", title_ja="x", owner_unit=unit, actor=None)
    with pytest.raises(DefinitionError):
        form_version_create_draft(definition=definition, schema={"format": 1}, actor=None)
    assert not FormVersion.objects.exists()


def test_export_and_import_between_municipalities(unit):
    definition = form_definition_create(
        slug="kosodate", title_ja="子育て", owner_unit=unit, schema=child_allowance(), actor=None
    )
    exported = form_definition_export(definition)
    assert exported["schema"] == child_allowance()
    imported = form_definition_import(data=exported, owner_unit=unit, actor=None, slug="kosodate-tsu")
    assert imported.versions.get().schema == child_allowance()
    assert imported.versions.get().published_at is None


def test_import_lists_problems_with_paths(unit):
    broken = {"export_format": "kencho.form/1", "slug": "new", "schema": one_page(field("Bad Key", "text"))}
    with pytest.raises(DefinitionError) as caught:
        form_definition_import(data=broken, owner_unit=unit, actor=None)
    assert caught.value.problems[0].startswith("$.schema.pages[0].fields[0].key:")
    with pytest.raises(DefinitionError) as caught:
        form_definition_import(data={"schema": None}, owner_unit=unit, actor=None)
    assert [p.split(":")[0] for p in caught.value.problems] == ["$.export_format", "$.slug", "$.schema"]
