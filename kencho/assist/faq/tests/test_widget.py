"""What the chat widget stands on, without a browser: its files are served, they add nothing inline
that a host page's Content-Security-Policy would block, and the public search answers other origins
(cors.PublicSearchCors) while everything else stays same-origin."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kencho.assist.faq.cors import PublicSearchCors
from kencho.assist.faq.models import FaqCollection

MIDDLEWARE = "kencho.assist.faq.cors.PublicSearchCors"
HOST = "https://www.pref.example.jp"


def _static(name: str) -> str:
    """The file without its comments."""
    path = finders.find(f"faq/{name}")
    assert path, f"faq/{name} is not found by the static files finders"
    text = Path(str(path)).read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE)


@pytest.fixture
def cors_client(settings: Any) -> Client:
    """A client whose middleware includes the CORS middleware (as settings.MIDDLEWARE should)."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE, *settings.MIDDLEWARE[1:]]
    return Client()


def test_the_widget_adds_no_inline_script_or_style() -> None:
    script = _static("widget.js")
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert not re.search(r"\.style\b|setAttribute\(\s*[\"']style|eval\(|new Function", script)
    assert "widget.css" in script  # the styles come from a <link> to this file


def test_every_widget_class_is_scoped() -> None:
    css = _static("widget.css")
    selectors = re.findall(r"(?:^|\})\s*([^{}@]+)\{", css)
    for group in selectors:
        for selector in group.split(","):
            selector = selector.strip()
            if selector and not selector.startswith(("from", "to", "0%", "100%")):
                assert selector.startswith(".kfaq-"), selector


def test_the_widget_talks_to_the_public_search_api() -> None:
    script = _static("widget.js")
    assert '"/faq/" + encodeURIComponent(collection) + "/search?"' in script
    assert 'credentials: "omit"' in script
    for attribute in (
        '"role", "dialog"',
        '"aria-modal", "true"',
        '"role", "status"',
        '"aria-live", "polite"',
    ):
        assert attribute in script


def test_the_widget_files_are_served(client: Client, db: Any) -> None:
    assert finders.find("faq/widget.js") and finders.find("faq/widget.css")


def test_the_public_search_answers_any_origin(tax_collection: FaqCollection, cors_client: Client) -> None:
    response = cors_client.get("/api/v1/faq/tax/search", {"q": "自動車税"}, HTTP_ORIGIN=HOST)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_errors_of_the_public_search_are_readable_cross_origin(
    tax_collection: FaqCollection, cors_client: Client
) -> None:
    for params in ({"q": ""}, {"q": "税", "k": "99"}):
        response = cors_client.get("/api/v1/faq/tax/search", params, HTTP_ORIGIN=HOST)
        assert response.status_code == 422
        assert response["Access-Control-Allow-Origin"] == "*"
    response = cors_client.get("/api/v1/faq/nothing/search", {"q": "税"}, HTTP_ORIGIN=HOST)
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_allows_get_and_accept_only(tax_collection: FaqCollection, cors_client: Client) -> None:
    response = cors_client.options(
        "/api/v1/faq/tax/search",
        HTTP_ORIGIN=HOST,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET"
    assert response["Access-Control-Allow-Headers"] == "Accept"  # no Authorization: tokens stay home


def test_other_urls_get_no_cors_headers(tax_collection: FaqCollection, cors_client: Client) -> None:
    for path in ("/faq/tax/", "/api/v1/openapi.json", "/staff/faq/"):
        response = cors_client.get(path, HTTP_ORIGIN=HOST)
        assert "Access-Control-Allow-Origin" not in response, path
    response = cors_client.options("/api/v1/procedures/x/applications", HTTP_ORIGIN=HOST)
    assert "Access-Control-Allow-Origin" not in response


def test_the_middleware_leaves_writes_alone() -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    middleware = PublicSearchCors(lambda request: HttpResponse(status=405))
    response = middleware(RequestFactory().post("/api/v1/faq/tax/search"))
    assert "Access-Control-Allow-Origin" not in response


def test_the_widget_feedback_is_limited_per_address(
    tax_collection: FaqCollection, client: Client, settings: Any
) -> None:
    settings.KENCHO_FAQ_FEEDBACK_PER_MINUTE = 2
    entry = tax_collection.entries.get(key="moving")
    data = {"entry": entry.pk, "q": "引っ越し", "helpful": "yes"}
    statuses = [client.post("/faq/tax/widget-feedback/", data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/faq/tax/widget-feedback/").status_code == 405
