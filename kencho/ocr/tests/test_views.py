"""Staff pages: template editor (no-JS box table), upload with progress, review and accept by form post."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kencho.conftest import staff_client
from kencho.core.models import User
from kencho.ocr import samples
from kencho.ocr.models import Batch, FormTemplate, PageStatus

pytestmark = pytest.mark.django_db


def test_staff_register_a_template_and_type_its_boxes_without_javascript(
    ocr_procedure: Any, officer: User
) -> None:
    client = staff_client(officer)
    response = client.post(
        reverse("ocr:home"),
        {
            "name": "請求書",
            "procedure": ocr_procedure.pk,
            "image": SimpleUploadedFile("blank.png", samples.blank_page_bytes(), content_type="image/png"),
        },
    )
    template = FormTemplate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ocr:template", args=[template.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and "boxes-TOTAL_FORMS" in page.content.decode()
    data = {"boxes-TOTAL_FORMS": "2", "boxes-INITIAL_FORMS": "0"}
    data.update(
        {
            "boxes-0-key": "phone",
            "boxes-0-kind": "digits",
            "boxes-0-x": "520",
            "boxes-0-y": "1205",
            "boxes-0-width": "600",
            "boxes-0-height": "110",
        }
    )
    data.update(
        {
            "boxes-1-key": "nope",
            "boxes-1-kind": "line",
            "boxes-1-x": "1",
            "boxes-1-y": "1",
            "boxes-1-width": "30",
            "boxes-1-height": "30",
        }
    )
    refused = client.post(reverse("ocr:template", args=[template.pk]), data)
    assert refused.status_code == 422
    data["boxes-1-DELETE"] = "on"
    saved = client.post(reverse("ocr:template", args=[template.pk]), data)
    assert saved.status_code == 302
    assert list(template.boxes.values_list("key", "x")) == [("phone", 520)]


def test_upload_progress_review_and_accept(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = staff_client(officer)
    pdf = samples.pages_pdf([samples.filled_page(samples.sample_answers(s, "typed")) for s in (21, 23)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ocr:batch_upload", args=[ocr_template.pk]),
            {"files": [SimpleUploadedFile("scan.pdf", pdf, content_type="application/pdf")]},
        )
    batch = Batch.objects.get()
    assert response.status_code == 302
    progress = client.get(reverse("ocr:batch_progress", args=[batch.public_id])).json()
    assert progress["finished"] and progress["review"] == 2 and progress["processed"] == 2
    detail = client.get(reverse("ocr:batch", args=[batch.public_id]))
    assert "<progress" in detail.content.decode()
    review = client.get(reverse("ocr:page", args=[batch.public_id, 1]))
    assert review.status_code == 200
    image = client.get(reverse("ocr:page_image", args=[batch.public_id, 1]))
    assert image["Content-Type"] == "image/png"
    # The review shows the page registered onto the template, so the boxes drawn over it line up.
    from PIL import Image

    assert Image.open(io.BytesIO(image.content)).size == (ocr_template.width, ocr_template.height)
    accepted = client.post(reverse("ocr:page", args=[batch.public_id, 1]), {})
    assert accepted.status_code == 302 and accepted["Location"] == reverse(
        "ocr:page", args=[batch.public_id, 2]
    )
    assert batch.pages.get(number=1).status == PageStatus.ACCEPTED


def test_a_bad_correction_shows_the_forms_message_beside_the_field(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    from kencho.ocr.services import batch_create

    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(
            template=ocr_template,
            actor=officer,
            files=[("a.jpg", samples.filled_page(samples.sample_answers(31, "typed")))],
        )
    page = batch.pages.get()
    phone = page.fields.get(box__key="phone")
    client = staff_client(officer)
    response = client.post(reverse("ocr:page", args=[batch.public_id, 1]), {f"field-{phone.pk}": "12"})
    assert response.status_code == 422
    assert f'id="field-{phone.pk}-error"' in response.content.decode()
    assert page.__class__.objects.get(pk=page.pk).status == PageStatus.REVIEW


def test_staff_of_another_unit_cannot_see_templates_or_batches(
    ocr_template: FormTemplate, other_officer: User
) -> None:
    client = staff_client(other_officer)
    assert client.get(reverse("ocr:template", args=[ocr_template.pk])).status_code == 404
    assert client.get(reverse("ocr:template_image", args=[ocr_template.pk])).status_code == 404


def test_the_template_page_in_english(ocr_template: FormTemplate, officer: User) -> None:
    client = staff_client(officer)
    response = client.get(reverse("ocr:template", args=[ocr_template.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Save the field boxes" in response.content.decode()


def test_rules_about_questions_without_a_box_are_shown_on_the_review_page(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    from kencho.ocr.services import batch_create, template_boxes_save

    boxes = [dict(b) for b in samples.TEMPLATE_BOXES if b["key"] != "income"]
    template_boxes_save(template=ocr_template, boxes=boxes, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(
            template=ocr_template,
            actor=officer,
            files=[("a.jpg", samples.filled_page(samples.sample_answers(33, "typed")))],
            make_archive=False,
        )
    page = batch.pages.get()
    assert [e["field"] for e in page.page_errors] == ["income"]
    response = staff_client(officer).get(reverse("ocr:page", args=[batch.public_id, 1]))
    assert "前年の所得" in response.content.decode()
