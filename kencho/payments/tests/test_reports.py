"""The receipt PDF (和暦 date, amount, 但し書き, issuer) and the daily reconciliation workbook
(expected vs confirmed vs refunded per provider, differences highlighted)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from kencho.conftest import staff_client
from kencho.core.japanese.wareki import format_wareki
from kencho.core.models import AuditEntry

from ..errors import PaymentError
from ..models import Fee
from ..receipts import receipt_pdf_bytes
from ..reconciliation import reconciliation_rows, reconciliation_xlsx
from ..services import attempt_mark_returned
from .conftest import demo_finish, demo_start, fee_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


def test_the_receipt_names_payer_amount_purpose_wareki_date_and_issuer(
    application: Any, paid: Any, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_ISSUER = "三重県知事"
    text = pdf_text(receipt_pdf_bytes(fee_of(application)))
    assert "領収書" in text
    assert "三重花子様" in text
    assert "金600円也" in text
    assert "但し証明書交付手数料として" in text
    assert format_wareki(timezone.localdate()) in text
    assert "三重県知事" in text and "学生支援班" in text
    assert application.receipt_number in text


def test_there_is_no_receipt_before_the_payment_is_confirmed(application: Any) -> None:
    with pytest.raises(PaymentError):
        receipt_pdf_bytes(fee_of(application))


def test_staff_download_the_receipt_too(application: Any, paid: Any, officer: Any) -> None:
    response = staff_client(officer).get(
        f"/staff/payments/applications/{application.receipt_number}/receipt.pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_reconciliation_compares_expected_confirmed_and_refunded(application: Any, officer: Any) -> None:
    settled, duplicate, unconfirmed = (
        demo_start(application),
        demo_start(application),
        demo_start(application),
    )
    demo_finish(settled)
    demo_finish(duplicate)
    attempt_mark_returned(attempt=unconfirmed)  # the payer came back, no notification yet
    assert fee_of(application).state == Fee.State.PAID

    rows = {
        row.reference: row
        for row in reconciliation_rows(viewer=officer, provider="demo", day=timezone.localdate())
    }
    ok = rows[settled.provider_reference]
    assert (ok.expected, ok.confirmed, ok.refunded, ok.note_code, ok.flagged) == (600, 600, 0, "", False)
    double = rows[duplicate.provider_reference]
    assert (double.confirmed, double.note_code, double.flagged) == (600, "refund_pending", True)
    missing = rows[unconfirmed.provider_reference]
    assert (missing.expected, missing.confirmed, missing.note_code, missing.difference) == (
        600,
        0,
        "unconfirmed",
        -600,
    )

    workbook = load_workbook(io.BytesIO(reconciliation_xlsx(viewer=officer, day=timezone.localdate())))
    summary = workbook["集計"]
    demo_line = next(r for r in summary.iter_rows(values_only=True) if r and r[0] == "demo")
    assert demo_line == ("demo", 3, 1800, 1200, 0, -600, 2)
    detail = workbook["demo"]
    header = [c.value for c in detail[1]]
    assert header[:3] == ["受付番号", "手続", "決済ID"] and "差額" in header
    fills = {row[2].value: row[0].fill.start_color.rgb for row in detail.iter_rows(min_row=2)}
    assert fills[settled.provider_reference] in {"00000000", None}
    assert fills[duplicate.provider_reference].endswith("F8CBAD")
    assert fills[unconfirmed.provider_reference].endswith("FFF2CC")


def test_the_report_shows_only_the_viewers_units_and_is_audited(
    application: Any, paid: Any, officer: Any, other_officer: Any
) -> None:
    assert reconciliation_rows(viewer=other_officer, provider="demo", day=timezone.localdate()) == []
    response = staff_client(officer).get(
        "/staff/payments/reconciliation.xlsx", {"date": timezone.localdate().isoformat(), "provider": "demo"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="payments.reconciliation_exported", actor=officer).exists()
    assert (
        staff_client(officer).get("/staff/payments/reconciliation.xlsx", {"date": "yesterday"}).status_code
        == 302
    )


def test_english_applicants_get_an_english_receipt(fee_procedure: Any) -> None:
    from kencho.procedures.services import application_submit

    from .conftest import pay_with_demo
    from .factories import ANSWERS

    application = application_submit(
        procedure=fee_procedure, answers=dict(ANSWERS), applicant=None, language="en"
    )
    pay_with_demo(application.application)
    text = pdf_text(receipt_pdf_bytes(fee_of(application.application)))
    assert "600yen" in text and "Reiwa" in text and "certificateissuingfee" in text
