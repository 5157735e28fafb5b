"""Searchable PDFs: the archive copy of a batch carries a Japanese text layer read back with pdfminer."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pdfminer.high_level import extract_text

from kencho.conftest import staff_client
from kencho.core.models import User
from kencho.ocr import samples
from kencho.ocr.models import FormTemplate
from kencho.ocr.searchable import images_pdf, searchable_pdf
from kencho.ocr.services import batch_create


def _text(pdf: bytes) -> str:
    return "".join(extract_text(io.BytesIO(pdf)).split())


def test_a_scan_becomes_a_pdf_whose_japanese_text_can_be_found() -> None:
    sample = samples.sample_answers(3, "typed")
    plain = images_pdf([samples.filled_page(sample)])
    assert "児童" not in _text(plain)
    text = _text(searchable_pdf(plain))
    assert "児童扶養手当" in text
    assert "郵便番号" in text and sample.expected["postal_code"] in text


@pytest.mark.django_db
def test_a_batch_keeps_a_searchable_pdf_for_the_archive(
    ocr_template: FormTemplate, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    pages = [samples.filled_page(samples.sample_answers(s, "typed")) for s in (41, 43)]
    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_create(
            template=ocr_template, files=[("scan.pdf", samples.pages_pdf(pages))], actor=officer
        )
    batch.refresh_from_db()
    assert batch.archive and not batch.archive_error
    response = staff_client(officer).get(reverse("ocr:batch_archive", args=[batch.public_id]))
    assert response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    content = response.content
    assert len(PdfReader(io.BytesIO(content)).pages) == 2
    assert _text(content).count("児童扶養手当") == 2
