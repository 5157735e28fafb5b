import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kencho.core.models import Membership, OrgUnit, User
from kencho.forms.models import FormDefinition
from kencho.forms.selectors import form_version_current
from kencho.forms.services import form_definition_create, form_definition_export, form_version_publish

from .definitions import child_allowance

pytestmark = pytest.mark.django_db


def log_in_staff(client, user):
    """Log in as a staff member whose session passed the one-time code step."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def unit():
    return OrgUnit.objects.create(code="0101", name_ja="子ども家庭課", level="division", path="0101")


@pytest.fixture
def other_unit():
    return OrgUnit.objects.create(code="0202", name_ja="道路課", level="division", path="0202")


def staff_of(unit: OrgUnit, email: str) -> User:
    user = User.objects.create_user(email, "pw", kind=User.Kind.STAFF)
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.OFFICER)
    return user


@pytest.fixture
def officer(unit):
    return staff_of(unit, "officer@pref.example.jp")


@pytest.fixture
def definition(unit):
    return form_definition_create(
        slug="kosodate", title_ja="子育て支援", owner_unit=unit, schema=child_allowance(), actor=None
    )


def test_officer_of_the_unit_lists_and_edits_its_forms(client, officer, definition):
    log_in_staff(client, officer)
    listing = client.get(reverse("forms:definition_list"))
    assert listing.status_code == 200 and "子育て支援" in listing.content.decode()
    edit_url = reverse("forms:version_edit", args=["kosodate", 1])
    page = client.get(edit_url)
    assert page.status_code == 200 and "applicant_name" in page.content.decode()

    added = client.post(
        edit_url,
        {
            "action": "add_field",
            "page": "applicant",
            "type": "select",
            "key": "town",
            "label_ja": "市町",
            "label_en": "City",
        },
    )
    assert added.status_code == 302
    fields = definition.versions.get().schema["pages"][0]["fields"]
    assert fields[-1]["key"] == "town" and fields[-1]["options"]

    client.post(edit_url, {"action": "up", "field": "town"})
    keys = [f["key"] for f in definition.versions.get().schema["pages"][0]["fields"]]
    assert keys.index("town") == len(keys) - 2

    saved = client.post(
        reverse("forms:field_edit", args=["kosodate", 1, "town"]),
        {
            "label_ja": "お住まいの市町",
            "label_en": "Municipality",
            "required": "on",
            "options": "tsu | 津市 | Tsu\nise | 伊勢市 | Ise",
            "settings": "{}",
            "condition_field": "phone",
            "condition_operator": "not_empty",
        },
    )
    assert saved.status_code == 302
    town = next(f for f in definition.versions.get().schema["pages"][0]["fields"] if f["key"] == "town")
    assert town["label"] == {"ja": "お住まいの市町", "en": "Municipality"}
    assert town["required"] is True
    assert [o["value"] for o in town["options"]] == ["tsu", "ise"]
    assert town["visible_when"] == {"field": "phone", "not_empty": True}

    client.post(edit_url, {"action": "delete", "field": "town"})
    assert "town" not in [f["key"] for f in definition.versions.get().schema["pages"][0]["fields"]]


def test_broken_edits_are_listed_with_their_paths(client, officer, definition):
    log_in_staff(client, officer)
    response = client.post(
        reverse("forms:version_edit", args=["kosodate", 1]),
        {"action": "add_field", "page": "applicant", "type": "text", "key": "phone", "label_ja": "電話"},
    )
    assert response.status_code == 422
    assert "$.pages[0].fields[6].key: field key &#x27;phone&#x27; is used twice" in response.content.decode()
    response = client.post(
        reverse("forms:field_edit", args=["kosodate", 1, "phone"]),
        {"label_ja": "電話", "settings": '{"max_length": 3}'},
    )
    assert response.status_code == 422


def test_preview_renders_the_page_and_checks_answers(client, officer, definition):
    log_in_staff(client, officer)
    url = reverse("forms:version_preview", args=["kosodate", 1])
    page = client.get(url + "?page=applicant")
    assert page.status_code == 200 and 'id="f-phone"' in page.content.decode()
    checked = client.post(url + "?page=applicant", {"f-phone": "12"})
    assert "「電話番号」は 059-224-2000 のように市外局番から入力してください。" in checked.content.decode()


def test_publish_freezes_the_version_and_a_new_draft_copies_it(client, officer, definition):
    log_in_staff(client, officer)
    assert client.post(reverse("forms:version_publish", args=["kosodate", 1])).status_code == 302
    current = form_version_current(definition)
    assert current is not None and current.number == 1
    edit_url = reverse("forms:version_edit", args=["kosodate", 1])
    assert client.post(edit_url, {"action": "delete", "field": "phone"}).status_code == 403
    assert client.get(reverse("forms:field_edit", args=["kosodate", 1, "phone"])).status_code == 403
    client.post(reverse("forms:draft_create", args=["kosodate"]))
    assert definition.versions.get(number=2).schema == definition.versions.get(number=1).schema


def test_export_and_import(client, officer, definition, unit):
    log_in_staff(client, officer)
    exported = client.get(reverse("forms:definition_export", args=["kosodate"]))
    assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment")
    data = json.loads(exported.content)
    upload = SimpleUploadedFile("form.json", json.dumps(data, ensure_ascii=False).encode())
    response = client.post(
        reverse("forms:definition_import"), {"file": upload, "slug": "kosodate-copy", "unit": unit.pk}
    )
    assert response.status_code == 302
    assert FormDefinition.objects.get(slug="kosodate-copy").versions.get().schema == child_allowance()

    data["schema"]["pages"][0]["fields"][0]["type"] = "texty"
    broken = SimpleUploadedFile("form.json", json.dumps(data).encode())
    response = client.post(reverse("forms:definition_import"), {"file": broken, "slug": "x", "unit": unit.pk})
    assert response.status_code == 422
    assert "$.schema.pages[0].fields[0].type" in response.content.decode()


def test_create_a_definition(client, officer, unit):
    log_in_staff(client, officer)
    response = client.post(
        reverse("forms:definition_create"),
        {"slug": "survey-2025", "title_ja": "県民アンケート", "unit": unit.pk},
    )
    assert response.status_code == 302
    created = FormDefinition.objects.get(slug="survey-2025")
    assert created.owner_unit == unit and created.versions.count() == 1
    again = client.post(
        reverse("forms:definition_create"), {"slug": "survey-2025", "title_ja": "x", "unit": unit.pk}
    )
    assert again.status_code == 422


def test_a_resident_is_refused(client, definition):
    resident = User.objects.create_user("taro@example.jp", "pw", kind=User.Kind.RESIDENT)
    client.force_login(resident)
    assert client.get(reverse("forms:definition_list")).status_code == 403
    assert client.get(reverse("forms:version_edit", args=["kosodate", 1])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, definition):
    response = client.get(reverse("forms:version_edit", args=["kosodate", 1]))
    assert response.status_code == 302


def test_staff_of_another_unit_cannot_see_or_edit(client, other_unit, definition):
    log_in_staff(client, staff_of(other_unit, "road@pref.example.jp"))
    assert "子育て支援" not in client.get(reverse("forms:definition_list")).content.decode()
    assert client.get(reverse("forms:definition_detail", args=["kosodate"])).status_code == 403
    response = client.post(
        reverse("forms:version_edit", args=["kosodate", 1]), {"action": "delete", "field": "phone"}
    )
    assert response.status_code == 403
    assert client.post(reverse("forms:version_publish", args=["kosodate", 1])).status_code == 403
    assert client.get(reverse("forms:definition_export", args=["kosodate"])).status_code == 403
    assert client.get(reverse("forms:definition_detail", args=["nothing"])).status_code == 404


def test_a_superuser_may_edit_any_form(client, definition):
    admin = User.objects.create_superuser("admin@pref.example.jp", "pw")
    log_in_staff(client, admin)
    assert client.get(reverse("forms:definition_detail", args=["kosodate"])).status_code == 200


def test_published_version_schema_is_exported(definition):
    form_version_publish(version=definition.versions.get(), actor=None)
    assert form_definition_export(definition)["version"] == 1


def test_staff_without_the_one_time_code_step_are_sent_to_it(client, officer, definition):
    client.force_login(officer)
    response = client.get("/staff/forms/")
    assert response.status_code == 302 and "/login/code/" in response["Location"]


def test_pages_are_renamed_moved_and_deleted(client, officer, definition):
    log_in_staff(client, officer)
    url = reverse("forms:version_edit", args=["kosodate", 1])
    from kencho.forms.models import FormVersion

    pages = FormVersion.objects.get(definition__slug="kosodate", number=1).schema["pages"]
    first, *others = [p["key"] for p in pages]
    client.post(url, {"action": "add_page", "key": "extra", "title_ja": "追加", "title_en": "Extra"})
    client.post(url, {"action": "update_page", "page": "extra", "title_ja": "その他", "title_en": "Other"})
    client.post(url, {"action": "page_up", "page": "extra"})
    schema = FormVersion.objects.get(definition__slug="kosodate", number=1).schema
    keys = [p["key"] for p in schema["pages"]]
    assert keys[-2] == "extra" and schema["pages"][-2]["title"] == {"ja": "その他", "en": "Other"}
    client.post(url, {"action": "delete_page", "page": "extra"})
    schema = FormVersion.objects.get(definition__slug="kosodate", number=1).schema
    assert [p["key"] for p in schema["pages"]] == [first, *others]
