from __future__ import annotations

from django.conf import settings
from django.test import Client

from kencho.conftest import PASSWORD, staff_client
from kencho.core.models import User
from kencho.core.views.staff_menu import STAFF_MENU


def test_the_staff_menu_links_every_staff_module(officer: User) -> None:
    body = staff_client(officer).get("/staff/").content.decode()
    for group in STAFF_MENU:
        assert str(group.title) in body
        for item in group.items:
            assert f'href="{item.url}"' in body
    assert 'href="/staff/"' in body  # the header links the menu too


def test_the_staff_menu_is_in_english_too(officer: User) -> None:
    client = staff_client(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/staff/").content.decode()
    assert "Staff menu" in body and "Send surveys" in body and "業務メニュー" not in body


def test_residents_do_not_get_the_staff_menu(resident: User) -> None:
    client = Client()
    client.login(username=resident.email, password=PASSWORD)
    response = client.get("/staff/")
    assert response.status_code in {302, 403}
    assert "/staff/approvals/" not in response.content.decode()


def test_residents_see_the_subsidies_in_the_header(resident: User) -> None:
    client = Client()
    client.login(username=resident.email, password=PASSWORD)
    body = client.get("/").content.decode()
    assert 'href="/subsidies/"' in body and 'href="/my/subsidies/"' in body
