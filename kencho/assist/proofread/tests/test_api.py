"""POST /api/v1/proofread with a staff user's API token."""

from __future__ import annotations

import pytest
from django.test import Client

from kencho.core.models import User
from kencho.core.tokens import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/proofread"


def _post(user: User | None, body: object) -> object:
    headers = {}
    if user is not None:
        _, raw = api_token_create(user=user, name="test")
        headers["Authorization"] = f"Bearer {raw}"
    return Client().post(URL, body, content_type="application/json", headers=headers)


def test_findings_have_code_point_offsets_and_both_languages(officer: User) -> None:
    text = "🏯まず最初に確認して下さい。"
    response = _post(officer, {"text": text})
    assert response.status_code == 200  # type: ignore[attr-defined]
    findings = response.json()  # type: ignore[attr-defined]
    first = findings[0]
    assert text[first["start"] : first["end"]] == "まず最初に"  # the emoji counts as one
    assert set(first["message"]) == {"ja", "en"}
    assert first == {
        "start": 1,
        "end": 6,
        "rule": "redundant",
        "message": first["message"],
        "suggestion": "最初に",
    }


def test_rules_can_be_chosen(officer: User) -> None:
    response = _post(officer, {"text": "まず最初に確認して下さい。", "rules": ["kana_words"]})
    assert [f["rule"] for f in response.json()] == ["kana_words"]  # type: ignore[attr-defined]


def test_unknown_rule_and_too_long_text_are_refused(officer: User) -> None:
    unknown = _post(officer, {"text": "確認", "rules": ["spelling"]})
    assert unknown.status_code == 422  # type: ignore[attr-defined]
    assert unknown.json()["errors"][0]["code"] == "unknown_rule"  # type: ignore[attr-defined]
    too_long = _post(officer, {"text": "あ" * 200_001})
    assert too_long.status_code == 413  # type: ignore[attr-defined]
    assert too_long.json()["errors"][0]["field"] == "text"  # type: ignore[attr-defined]


def test_a_token_is_needed_and_must_be_a_staff_users(resident: User) -> None:
    assert _post(None, {"text": "確認"}).status_code == 401  # type: ignore[attr-defined]
    assert _post(resident, {"text": "確認"}).status_code == 403  # type: ignore[attr-defined]
