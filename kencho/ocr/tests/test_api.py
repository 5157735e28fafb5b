"""The staff API: templates, boxes, batches with progress, pages and accepting; errors in the house shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kencho.core.models import User
from kencho.core.tokens import api_token_create
from kencho.ocr import samples
from kencho.ocr.models import FormTemplate

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/ocr"


def auth(user: User) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(user=user, name="test")[1]}


def test_create_a_template_set_boxes_upload_and_accept(
    client: Client, ocr_procedure: Any, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    headers = auth(officer)
    created = client.post(
        f"{BASE}/templates",
        {
            "name": "請求書",
            "procedure": ocr_procedure.slug,
            "image": SimpleUploadedFile("blank.png", samples.blank_page_bytes(), content_type="image/png"),
        },
        **headers,
    )
    assert created.status_code == 201, created.content
    template_id = created.json()["id"]
    bad = client.put(
        f"{BASE}/templates/{template_id}/boxes",
        {"boxes": [{"key": "nope", "kind": "line", "x": 0, "y": 0, "width": 20, "height": 20}]},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "boxes.0.key" and bad.json()["errors"][0]["message"]["en"]
    boxes = client.put(
        f"{BASE}/templates/{template_id}/boxes",
        {"boxes": samples.TEMPLATE_BOXES},
        content_type="application/json",
        **headers,
    )
    assert boxes.status_code == 200 and len(boxes.json()["boxes"]) == len(samples.TEMPLATE_BOXES)
    scan = samples.filled_page(samples.sample_answers(51, "typed"))
    with django_capture_on_commit_callbacks(execute=True):
        batch = client.post(
            f"{BASE}/templates/{template_id}/batches",
            {
                "files": [
                    SimpleUploadedFile("a.jpg", scan, content_type="image/jpeg"),
                    SimpleUploadedFile("b.jpg", b"garbage", content_type="image/jpeg"),
                ],
                "make_archive": "false",
            },
            **headers,
        )
    assert batch.status_code == 202, batch.content
    batch_id = batch.json()["batch_id"]
    state = client.get(f"{BASE}/batches/{batch_id}", **headers).json()
    assert state["finished"] and state["review"] == 1 and state["unreadable"] == 1
    pages = client.get(f"{BASE}/batches/{batch_id}/pages", **headers).json()
    assert pages[1]["reason"]["ja"] and pages[1]["fields"] == []
    phone = next(f for f in pages[0]["fields"] if f["key"] == "phone")
    refused = client.post(
        f"{BASE}/batches/{batch_id}/pages/1/accept",
        {"fields": {str(phone["field_id"]): "1"}},
        content_type="application/json",
        **headers,
    )
    assert (
        refused.status_code == 422 and refused.json()["errors"][0]["field"] == f"fields.{phone['field_id']}"
    )
    unknown = client.post(
        f"{BASE}/batches/{batch_id}/pages/1/accept",
        {"fields": {"999999": "1"}},
        content_type="application/json",
        **headers,
    )
    assert unknown.status_code == 422
    accepted = client.post(
        f"{BASE}/batches/{batch_id}/pages/1/accept", {}, content_type="application/json", **headers
    )
    assert accepted.status_code == 201 and accepted.json()["receipt_number"]
    again = client.post(
        f"{BASE}/batches/{batch_id}/pages/1/accept", {}, content_type="application/json", **headers
    )
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "not_waiting"


def test_other_units_and_residents_cannot_use_the_ocr_api(
    client: Client, ocr_template: FormTemplate, other_officer: User, resident: User
) -> None:
    assert client.get(f"{BASE}/templates/{ocr_template.pk}", **auth(other_officer)).status_code == 404
    assert client.get(f"{BASE}/templates", **auth(other_officer)).json() == []
    assert client.get(f"{BASE}/templates", **auth(resident)).status_code == 403
    assert client.get(f"{BASE}/templates/99999999999999", **auth(other_officer)).status_code == 404
