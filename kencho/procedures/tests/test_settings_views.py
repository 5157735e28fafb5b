import pytest

from kencho.conftest import make_staff, staff_client
from kencho.core.models import AuditEntry, Membership

from ..models import Procedure
from .factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_admin(units):
    return make_staff("admin@example.jp", units["division"], Membership.Role.ADMIN)


def test_unit_admin_creates_a_procedure_that_appears_in_the_catalogue(units, unit_admin):
    make_procedure(unit=units["section"], slug="existing")
    client = staff_client(unit_admin)
    definition_id = Procedure.objects.get(slug="existing").form_id
    response = client.post(
        "/staff/procedures/new/",
        {
            "slug": "pet-registration",
            "title_ja": "犬の登録事項変更届",
            "title_en": "Dog registration change",
            "summary_ja": "引越しのときに届け出てください。",
            "owning_unit": units["section"].pk,
            "form": definition_id,
            "processing_days": "7",
            "allow_guest": "on",
            "is_published": "on",
            "is_listed": "on",
            "required_attachments_text": "鑑札の写し | Copy of the tag\n写真",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    procedure = Procedure.objects.get(slug="pet-registration")
    assert procedure.required_attachments == [
        {"ja": "鑑札の写し", "en": "Copy of the tag"},
        {"ja": "写真", "en": ""},
    ]
    assert "犬の登録事項変更届" in client.get("/", {"q": "引っ越し"}).content.decode()
    assert AuditEntry.objects.filter(action="procedures.procedure_created").exists()


def test_closing_before_opening_is_refused_with_a_message(units, unit_admin):
    procedure = make_procedure(unit=units["section"])
    response = staff_client(unit_admin).post(
        f"/staff/procedures/{procedure.slug}/",
        {
            "title_ja": "x",
            "owning_unit": units["section"].pk,
            "form": procedure.form_id,
            "opens_at": "2026-04-01T09:00",
            "closes_at": "2026-03-01T09:00",
        },
    )
    assert response.status_code == 422
    assert "受付終了は受付開始より後" in response.content.decode()


def test_officers_and_other_units_cannot_edit(units, officer, other_officer):
    procedure = make_procedure(unit=units["section"])
    assert staff_client(officer).get(f"/staff/procedures/{procedure.slug}/").status_code == 403
    assert staff_client(other_officer).get("/staff/procedures/new/").status_code == 403
