"""Unlisted procedures (left out of the catalogue, search and API list; started only by the flow
that links to them) and the "where next" link a flow sets on the drafts it starts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kencho.conftest import make_staff, staff_client
from kencho.core.models import AuditEntry, Membership, User

from .. import errors, services
from ..drafts import draft_start
from ..links import local_path_ok
from ..models import Application, Draft, Procedure
from .factories import VALID_ANSWERS, make_procedure

pytestmark = pytest.mark.django_db

APPLICANT_PAGE = {
    "f-name-name": "三重 花子",
    "f-name-kana": "みえ はなこ",
    "f-email": "hanako@example.jp",
    "f-birth_date": "Ｈ１２．４．１",
}
DETAILS_PAGE = {"f-count": "２", "f-reason": "引越しのため"}
START_URL = "/my/subsidies/"

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example/my/",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example/path",
    "my/subsidies/",
    " /my/subsidies/",
    "/my subsidies/",
    "/\tevil",
    "/\x00",
    "https:/evil.example",
    "/" + "a" * 300,
    "",
]


@pytest.fixture
def unlisted(units: Any) -> Procedure:
    return make_procedure(
        unit=units["section"],
        slug="subsidy-report",
        title_ja="補助事業の実績報告（テスト）",
        summary_ja="引越しの補助の報告です。",
        is_listed=False,
        start_url=START_URL,
    )


@pytest.fixture
def listed(units: Any) -> Procedure:
    return make_procedure(unit=units["section"])


@pytest.mark.parametrize("url", OFF_SITE)
def test_links_off_this_site_are_refused(url: str) -> None:
    assert not local_path_ok(url)


@pytest.mark.parametrize("url", ["/my/subsidies/12/", "/", "/applications/R1-1/?key=a%20b#top", "/日本語/"])
def test_local_paths_are_accepted(url: str) -> None:
    assert local_path_ok(url)


@given(st.text(max_size=60))
def test_an_accepted_link_never_names_a_host_or_a_scheme(url: str) -> None:
    if local_path_ok(url):
        parts = urlsplit(url.replace("\\", "/"))
        assert url.startswith("/") and not url.startswith("//")
        assert parts.netloc == "" and parts.scheme == ""


@given(st.sampled_from(["https://", "http://", "//", "/\\", "javascript:"]), st.text(max_size=30))
def test_prefixed_off_site_links_are_always_refused(prefix: str, rest: str) -> None:
    assert not local_path_ok(prefix + "evil.example" + rest)


def test_unlisted_procedures_are_left_out_of_catalogue_search_and_api(
    client: Client, unlisted: Procedure, listed: Procedure
) -> None:
    catalogue = client.get("/").content.decode()
    assert listed.title_ja in catalogue and unlisted.title_ja not in catalogue
    search = client.get("/", {"q": "引っ越し"}).content.decode()
    assert listed.title_ja in search and unlisted.title_ja not in search
    assert [p["slug"] for p in client.get("/api/v1/procedures").json()] == [listed.slug]
    assert [p["slug"] for p in client.get("/api/v1/procedures", {"q": "引っ越し"}).json()] == [listed.slug]
    # Still reachable by its address, e.g. from the page that starts it.
    assert client.get(f"/api/v1/procedures/{unlisted.slug}").status_code == 200


def test_the_page_of_an_unlisted_procedure_points_to_where_it_starts(
    client: Client, unlisted: Procedure
) -> None:
    response = client.get(reverse("procedures:procedure", args=[unlisted.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "このページから直接申請することはできません" in page
    assert f'href="{START_URL}"' in page
    assert reverse("procedures:apply_start", args=[unlisted.slug]) not in page


def test_applying_directly_for_an_unlisted_procedure_is_sent_to_its_start_page(
    client: Client, unlisted: Procedure
) -> None:
    response = client.post(reverse("procedures:apply_start", args=[unlisted.slug]))
    assert response.status_code == 302 and response["Location"] == START_URL
    assert not Draft.objects.exists()
    unlisted.start_url = ""
    unlisted.save()
    response = client.post(reverse("procedures:apply_start", args=[unlisted.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("procedures:procedure", args=[unlisted.slug])
    assert "担当課にお問い合わせください" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_tampered_start_url_is_not_followed(client: Client, unlisted: Procedure) -> None:
    Procedure.objects.filter(pk=unlisted.pk).update(start_url="https://evil.example/")
    response = client.post(reverse("procedures:apply_start", args=[unlisted.slug]))
    assert response["Location"] == reverse("procedures:procedure", args=[unlisted.slug])
    page = client.get(response["Location"]).content.decode()
    assert "evil.example" not in page


def test_the_api_refuses_direct_applications_for_an_unlisted_procedure(
    client: Client, unlisted: Procedure
) -> None:
    response = client.post(
        f"/api/v1/procedures/{unlisted.slug}/applications",
        {"data": VALID_ANSWERS},
        content_type="application/json",
    )
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "start_elsewhere" and START_URL in error["message"]["en"]
    assert not Application.objects.exists()


def _fill_and_submit(client: Client, draft: Draft) -> Any:
    first = reverse("procedures:draft_page", args=[draft.pk, "applicant"])
    second = client.post(first, APPLICANT_PAGE)["Location"]
    check = client.post(second, DETAILS_PAGE)["Location"]
    page = client.get(check).content.decode()
    match = re.search(r'name="submit_token" value="([^"]+)"', page)
    assert match
    return client.post(check, {"submit_token": match.group(1)})


def test_a_flow_starts_an_unlisted_procedure_and_the_applicant_is_sent_back(
    unlisted: Procedure, resident: User
) -> None:
    draft = draft_start(
        procedure=unlisted,
        owner=resident,
        session_key="",
        return_url="/my/subsidies/7/",
        return_label_ja="案件のページに戻る",
        return_label_en="Back to your case",
    )
    client = Client()
    client.force_login(resident)
    done = _fill_and_submit(client, draft)
    assert done.status_code == 302 and "/complete/" in done["Location"]
    application = Application.objects.get()
    assert application.procedure == unlisted
    complete = client.get(done["Location"]).content.decode()
    assert 'id="return-link" href="/my/subsidies/7/"' in complete and "案件のページに戻る" in complete
    status = client.get(reverse("procedures:application_status", args=[application.receipt_number]))
    assert 'href="/my/subsidies/7/"' in status.content.decode()
    client.cookies["kencho_language"] = "en"
    english = client.get(done["Location"]).content.decode()
    assert "Back to your case" in english


def test_without_a_return_link_the_pages_show_none(client: Client, listed: Procedure) -> None:
    response = client.post(
        f"/api/v1/procedures/{listed.slug}/applications",
        {"data": VALID_ANSWERS},
        content_type="application/json",
    ).json()
    page = client.get(
        reverse("procedures:application_status", args=[response["receipt_number"]]),
        {"key": response["secret"]},
    ).content.decode()
    assert "return-link" not in page


def test_a_tampered_return_link_is_not_shown(unlisted: Procedure, resident: User) -> None:
    draft = draft_start(procedure=unlisted, owner=resident, session_key="", return_url="/my/subsidies/7/")
    client = Client()
    client.force_login(resident)
    done = _fill_and_submit(client, draft)
    Draft.objects.filter(pk=draft.pk).update(return_url="//evil.example/")
    page = client.get(done["Location"]).content.decode()
    assert "evil.example" not in page and "return-link" not in page


@pytest.mark.parametrize("url", OFF_SITE[:-1])
def test_draft_start_refuses_a_return_link_to_another_site(
    listed: Procedure, resident: User, url: str
) -> None:
    with pytest.raises(errors.ProcedureError) as refused:
        draft_start(procedure=listed, owner=resident, session_key="", return_url=url)
    assert refused.value.code == "invalid_return_url" and refused.value.http_status == 422
    assert "return_url" in refused.value.message_en
    assert not Draft.objects.exists()


def test_a_draft_without_a_label_gets_a_default_one(listed: Procedure, resident: User) -> None:
    draft = draft_start(procedure=listed, owner=resident, session_key="", return_url="/my/")
    assert draft.return_url == "/my/" and draft.return_label == ""


def test_listing_is_set_by_a_service_and_audited_once(listed: Procedure, officer: User) -> None:
    services.procedure_listing_set(procedure=listed, is_listed=False, start_url=START_URL, actor=officer)
    services.procedure_listing_set(procedure=listed, is_listed=False, start_url=START_URL, actor=officer)
    listed.refresh_from_db()
    assert not listed.is_listed and listed.start_url == START_URL
    entries = AuditEntry.objects.filter(action="procedures.procedure_listing_changed")
    assert entries.count() == 1 and entries.get().detail["listed"] is False
    with pytest.raises(errors.ProcedureError) as refused:
        services.procedure_listing_set(
            procedure=listed, is_listed=False, start_url="https://evil.example/", actor=officer
        )
    assert refused.value.code == "invalid_start_url"


def _settings_post(procedure: Procedure, **changes: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": procedure.slug,
        "title_ja": procedure.title_ja,
        "title_en": procedure.title_en,
        "summary_ja": procedure.summary_ja,
        "owning_unit": procedure.owning_unit_id,
        "form": procedure.form_id,
        "processing_days": "5",
        "is_published": "on",
        "is_listed": "on",
        "start_url": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_settings_show_and_edit_the_listing(units: Any, listed: Procedure) -> None:
    admin = make_staff("admin@example.jp", units["division"], Membership.Role.ADMIN)
    client = staff_client(admin)
    url = reverse("procedures:staff_procedure_edit", args=[listed.slug])
    page = client.get(url).content.decode()
    assert 'name="is_listed"' in page and 'name="start_url"' in page

    refused = client.post(url, _settings_post(listed, is_listed=None, start_url="https://evil.example/"))
    assert refused.status_code == 422
    assert "このサイト内のパス" in refused.content.decode()
    listed.refresh_from_db()
    assert listed.is_listed

    saved = client.post(url, _settings_post(listed, is_listed=None, start_url=START_URL))
    assert saved.status_code == 302
    listed.refresh_from_db()
    assert not listed.is_listed and listed.start_url == START_URL
    assert "一覧に表示しない" in client.get(reverse("procedures:staff_procedures")).content.decode()
    entry = AuditEntry.objects.filter(action="procedures.procedure_updated").latest("pk")
    assert entry.detail["listed"] is False


def test_procedure_save_refuses_an_off_site_start_url(listed: Procedure, officer: User) -> None:
    listed.start_url = "//evil.example/"
    with pytest.raises(errors.ProcedureError) as refused:
        services.procedure_save(procedure=listed, required_attachments=[], actor=officer)
    assert refused.value.code == "invalid_start_url"
