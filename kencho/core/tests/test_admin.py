import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kencho.core.audit import audit_record
from kencho.core.models import AuditEntry, Business, BusinessMember, Membership, OrgUnit, User
from kencho.core.services import org_unit_create

from .test_login import PASSWORD, log_in, totp_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return User.objects.create_superuser("admin@pref.example.jp", PASSWORD)


@pytest.fixture
def admin_client(client, administrator):
    """A client logged in the way an administrator does it: password, then the one-time code."""
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    log_in(client, administrator.email)
    response = client.post(reverse("core:login_totp"), {"code": totp_now(device)})
    assert response.status_code == 302
    return client


@pytest.fixture
def units():
    department = org_unit_create(
        code="10", name_ja="総務部", name_en="General Affairs", level="department", parent=None
    )
    division = org_unit_create(
        code="1010", name_ja="情報政策課", name_en="", level="division", parent=department
    )
    return department, division


def test_admin_log_in_goes_through_the_one_log_in_page(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login") + "?next=")


def test_admin_refuses_staff_without_the_one_time_code(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("core:login_totp"))


def test_admin_admits_staff_with_password_only_when_totp_is_off(client, administrator, settings):
    settings.KENCHO_STAFF_REQUIRE_TOTP = False
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_refuses_residents_even_if_flagged_staff(client, settings):
    resident = User.objects.create_user("kenmin@example.jp", PASSWORD, is_staff=True)
    client.force_login(resident)
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize(
    "model", [OrgUnit, User, Membership, Business, AuditEntry], ids=lambda m: m._meta.model_name
)
def test_changelists_and_add_pages_render(admin_client, units, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse(f"admin:{info[0]}_{info[1]}_changelist")).status_code == 200
    add = admin_client.get(reverse(f"admin:{info[0]}_{info[1]}_add"))
    assert add.status_code == (403 if model is AuditEntry else 200)


def test_org_units_are_listed_as_a_tree(admin_client, units):
    response = admin_client.get(reverse("admin:core_orgunit_changelist"))
    html = response.content.decode()
    assert html.index("総務部") < html.index("情報政策課")
    assert 'padding-left: 1.5em">情報政策課' in html


def test_adding_an_org_unit_computes_its_path_and_audits(admin_client, units):
    department, _ = units
    response = admin_client.post(
        reverse("admin:core_orgunit_add"),
        {
            "code": "1020",
            "name_ja": "人事課",
            "name_en": "",
            "level": "division",
            "parent": department.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    unit = OrgUnit.objects.get(code="1020")
    assert unit.path == "/10/1020/"
    assert AuditEntry.objects.filter(action="core.org_unit_created", object_id=str(unit.pk)).exists()


def test_adding_a_user_by_e_mail(admin_client):
    response = admin_client.post(
        reverse("admin:core_user_add"),
        {
            "email": "New.Officer@pref.example.jp",
            "display_name": "新任 職員",
            "kind": "staff",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.officer@pref.example.jp")
    assert user.check_password("a long enough passphrase")
    assert user.kind == "staff"
    assert AuditEntry.objects.filter(action="core.user_created", object_id=str(user.pk)).exists()


def test_user_change_page_renders(admin_client, administrator):
    assert admin_client.get(reverse("admin:core_user_change", args=[administrator.pk])).status_code == 200


def test_business_page_shows_its_members(admin_client, administrator):
    business = Business.objects.create(corporate_number="1234567890123", name="株式会社 例")
    BusinessMember.objects.create(business=business, user=administrator, role="representative")
    response = admin_client.get(reverse("admin:core_business_change", args=[business.pk]))
    assert response.status_code == 200


def test_audit_log_is_read_only(admin_client):
    entry = audit_record(action="test.something", detail={"x": 1})
    model_admin = admin.site._registry[AuditEntry]
    request = admin_client.get(reverse("admin:index")).wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    page = admin_client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200  # viewable
    assert b'name="_save"' not in page.content
    response = admin_client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
