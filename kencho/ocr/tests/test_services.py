"""Batches end to end: upload, reading in the background, unreadable pages kept, accepting a page."""

from __future__ import annotations

from typing import Any

import pytest

from kencho.core.models import AuditEntry, User
from kencho.forms.models import Upload
from kencho.ocr import samples
from kencho.ocr.errors import OcrError, OcrInvalid
from kencho.ocr.intake import page_accept
from kencho.ocr.models import Batch, FieldStatus, FormTemplate, PageStatus
from kencho.ocr.services import batch_create, batch_run, template_boxes_save, unboxed_required_questions
from kencho.procedures.models import ApplicationEvent

pytestmark = pytest.mark.django_db


def _batch(
    template: FormTemplate,
    officer: User,
    seeds: list[int],
    extra: list[tuple[str, bytes]] | None = None,
    captured: Any = None,
) -> Batch:
    pages = [samples.filled_page(samples.sample_answers(seed, "typed")) for seed in seeds]
    files = [("scans.pdf", samples.pages_pdf(pages))] + (extra or [])
    with captured(execute=True):
        batch = batch_create(
            template=template, files=files, actor=officer, name="4月受付分", make_archive=False
        )
    batch.refresh_from_db()
    return batch


def test_a_pdf_batch_is_read_in_the_background_and_unreadable_files_wait_with_their_reason(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _batch(
        ocr_template, officer, [1, 3], [("broken.jpg", b"not an image")], django_capture_on_commit_callbacks
    )
    assert batch.total == 3 and batch.processed == 3 and batch.is_finished
    pages = list(batch.pages.order_by("number"))
    assert [p.status for p in pages] == [PageStatus.REVIEW, PageStatus.REVIEW, PageStatus.UNREADABLE]
    assert pages[2].source_name == "broken.jpg" and "画像" in pages[2].reason_ja
    sample = samples.sample_answers(1, "typed")
    read = {(f.box.key, f.box.part): f.value for f in pages[0].fields.select_related("box")}
    assert read[("postal_code", "")] == sample.expected["postal_code"]
    assert read[("birth_date", "")] == sample.expected["birth_date"]


def test_running_a_batch_again_reads_nothing_twice(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _batch(ocr_template, officer, [5], captured=django_capture_on_commit_callbacks)
    field_ids = set(batch.pages.get().fields.values_list("pk", flat=True))
    batch_run(batch_id=batch.pk)
    assert set(batch.pages.get().fields.values_list("pk", flat=True)) == field_ids


def test_accepting_a_page_creates_an_application_received_on_paper_with_the_scan(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _batch(ocr_template, officer, [9], captured=django_capture_on_commit_callbacks)
    page = batch.pages.get()
    sample = samples.sample_answers(9, "typed")
    application = page_accept(page=page, edits={}, actor=officer)
    assert application.data["postal_code"] == sample.expected["postal_code"]
    assert application.data["applicant_name"]["kana"].replace(" ", "") == sample.expected["applicant_name"][
        "kana"
    ].replace(" ", "")
    assert application.applicant is None and application.status == "received"
    event = application.events.get(kind=ApplicationEvent.Kind.SUBMITTED)
    assert event.detail["received_on_paper"] is True and event.actor == officer
    assert AuditEntry.objects.filter(action="ocr.page_accepted", actor=officer).count() == 1
    assert (
        Upload.objects.get(pk=event.detail["scan_upload_id"]).claimed_by
        == f"procedures.application:{application.pk}"
    )
    page.refresh_from_db()
    assert page.status == PageStatus.ACCEPTED and page.application == application
    with pytest.raises(OcrError) as twice:
        page_accept(page=page, edits={}, actor=officer)
    assert twice.value.status == 409


def test_a_correction_that_breaks_the_forms_rules_is_refused_naming_the_field(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _batch(ocr_template, officer, [11], captured=django_capture_on_commit_callbacks)
    page = batch.pages.get()
    children = page.fields.get(box__key="children")
    postal = page.fields.get(box__key="postal_code")
    with pytest.raises(OcrInvalid) as refused:
        page_accept(page=page, edits={children.pk: "12", postal.pk: "51-00"}, actor=officer)
    fields = {e["field"] for e in refused.value.errors}
    assert fields == {f"fields.{children.pk}", f"fields.{postal.pk}"}
    application = page_accept(
        page=page, edits={children.pk: "２", postal.pk: "５１４－０００６"}, actor=officer
    )
    assert application.data["children"] == 2 and application.data["postal_code"] == "514-0006"
    children.refresh_from_db()
    assert children.status == FieldStatus.CONFIRMED


def test_boxes_are_checked_against_the_form_and_the_image(ocr_template: FormTemplate, officer: User) -> None:
    with pytest.raises(OcrInvalid) as refused:
        template_boxes_save(
            template=ocr_template,
            actor=officer,
            boxes=[
                {"key": "nope", "kind": "line", "x": 0, "y": 0, "width": 100, "height": 50},
                {"key": "phone", "kind": "digits", "x": 1600, "y": 0, "width": 100, "height": 50},
                {"key": "phone", "kind": "weird", "x": 0, "y": 0, "width": 5, "height": 50},
            ],
        )
    assert {e["field"] for e in refused.value.errors} == {
        "boxes.0.key",
        "boxes.1.x",
        "boxes.2.kind",
        "boxes.2.width",
    }
    assert unboxed_required_questions(ocr_template) == []


def test_a_batch_needs_boxes_and_files(ocr_procedure: Any, officer: User) -> None:
    from kencho.ocr.services import template_create

    bare = template_create(
        name="x", procedure=ocr_procedure, image_name="b.png", image=samples.blank_page_bytes(), actor=officer
    )
    with pytest.raises(OcrError) as no_files:
        batch_create(template=bare, files=[], actor=officer)
    assert no_files.value.field == "files"
    with pytest.raises(OcrError) as no_boxes:
        batch_create(template=bare, files=[("a.png", samples.blank_page_bytes())], actor=officer)
    assert no_boxes.value.code == "no_boxes"


def test_pages_past_the_limit_wait_as_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    from kencho.ocr import scans

    monkeypatch.setattr(scans, "MAX_PAGES", 1)
    pdf = samples.pages_pdf([samples.blank_page_bytes(), samples.blank_page_bytes()])
    pages = list(scans.split("two.pdf", pdf))
    assert pages[0].png is not None and pages[1].png is None
    assert pages[1].source_name == "two.pdf p.2" and "1ページまで" in pages[1].reason_ja
