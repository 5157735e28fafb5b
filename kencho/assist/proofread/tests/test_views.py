"""The staff pages without JavaScript: paste, upload, decide, download, terms and rule switches."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from kencho.conftest import staff_client
from kencho.core.models import AuditEntry, User

from ..docx_files import docx_text
from ..models import ProofreadDocument, RuleSetting, Term
from .factories import make_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer: User) -> Client:
    return staff_client(officer)


def _check(client: Client, **data: Any) -> ProofreadDocument:
    response = client.post("/staff/proofread/", {"document_type": "public_notice", **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProofreadDocument.objects.get(pk=response["Location"].split("/")[-2])


def test_pasted_text_shows_highlighted_findings(officer_client: Client) -> None:
    document = _check(officer_client, text="まず最初に内容を確認して下さい。")
    page = officer_client.get(f"/staff/proofread/documents/{document.pk}/").content.decode()
    assert page.count('<mark class="proofread-mark"') == 2
    assert "「まず最初に」は同じ意味を重ねています" in page
    assert 'href="#finding-1"' in page


def test_accept_one_ignore_one_and_download_the_corrected_text(officer_client: Client) -> None:
    document = _check(officer_client, text="まず最初に内容を確認して下さい。")
    base = f"/staff/proofread/documents/{document.pk}"
    response = officer_client.post(f"{base}/decide/", {"index": "1", "decision": "accepted"})
    assert response.status_code == 302 and response["Location"].endswith("#finding-2")
    officer_client.post(f"{base}/decide/", {"index": "0", "decision": "ignored"})
    download = officer_client.get(f"{base}/download.txt")
    assert download["Content-Type"].startswith("text/plain")
    assert download.content.decode("utf-8-sig") == "まず最初に内容を確認してください。"


def test_accept_with_javascript_answers_json(officer_client: Client) -> None:
    document = _check(officer_client, text="内容を確認して下さい。")
    response = officer_client.post(
        f"/staff/proofread/documents/{document.pk}/decide/",
        {"index": "0", "decision": "accepted"},
        headers={"Accept": "application/json"},
    )
    assert response.json() == {"decision": "accepted", "indices": [0]}


def test_uploaded_word_file_comes_back_corrected_with_its_formatting(officer_client: Client) -> None:
    upload = SimpleUploadedFile("notice.docx", make_docx())
    document = _check(officer_client, file=upload)
    base = f"/staff/proofread/documents/{document.pk}"
    officer_client.post(f"{base}/decide/", {"index": "all", "decision": "accepted"})
    response = officer_client.get(f"{base}/download.docx")
    assert "notice" in response["Content-Disposition"]
    assert docx_text(response.content).splitlines()[1] == "最初に、申請書の内容を確認してください。"
    assert Document(io.BytesIO(response.content)).paragraphs[0].runs[0].bold


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("notice.docx", b"not a word file", 422, "Wordファイル（.docx）として読み取れません"),
        ("photo.png", b"\x89PNG\r\n", 422, "読み込めるのは .docx・.txt・.md のファイルです"),
        ("notice.txt", b"a" * (10 * 1024 * 1024 + 1), 413, "ファイルが大きすぎます"),
    ],
)
def test_bad_uploads_get_a_clear_message_never_a_500(
    officer_client: Client, name: str, data: bytes, status: int, message: str
) -> None:
    response = officer_client.post(
        "/staff/proofread/", {"document_type": "public_notice", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ProofreadDocument.objects.exists()


def test_someone_elses_document_is_not_found(officer_client: Client, section_chief: User) -> None:
    document = _check(officer_client, text="内容を確認して下さい。")
    other = staff_client(section_chief)
    assert other.get(f"/staff/proofread/documents/{document.pk}/").status_code == 404
    assert other.get(f"/staff/proofread/documents/{document.pk}/download.txt").status_code == 404


def test_residents_are_refused(resident: User) -> None:
    client = Client()
    client.force_login(resident)
    assert client.get("/staff/proofread/").status_code == 403


def test_staff_add_a_term_that_is_then_flagged_and_audited(officer_client: Client) -> None:
    response = officer_client.post(
        "/staff/proofread/terms/",
        {
            "new-preferred": "みえ森と緑の県民税",
            "new-variants_text": "三重森と緑の県民税、みえ森と緑の県民稅",
            "new-note": "",
        },
    )
    assert response.status_code == 302
    term = Term.objects.get(preferred="みえ森と緑の県民税")
    assert term.variants == ["三重森と緑の県民税", "みえ森と緑の県民稅"]
    assert AuditEntry.objects.filter(action="proofread.term_saved", object_id=str(term.pk)).exists()
    document = _check(officer_client, text="三重森と緑の県民税について説明します。")
    assert document.findings[0]["suggestion"] == "みえ森と緑の県民税"
    officer_client.post(f"/staff/proofread/terms/{term.pk}/", {"delete": "1"})
    assert not Term.objects.filter(pk=term.pk).exists()


def test_rule_switched_off_for_newsletters_is_not_run_for_them(officer_client: Client) -> None:
    page = officer_client.get("/staff/proofread/rules/?type=newsletter").content.decode()
    assert 'id="rule-kana_words" name="rules" value="kana_words" checked' in page
    response = officer_client.post(
        "/staff/proofread/rules/", {"document_type": "newsletter", "rules": ["typo", "ranuki"]}
    )
    assert response.status_code == 302
    assert RuleSetting.objects.get(document_type="newsletter", rule_id="kana_words").enabled is False
    assert AuditEntry.objects.filter(action="proofread.rules_switched", object_id="newsletter").exists()
    text = "内容を確認して下さい。"
    newsletter = _check(officer_client, text=text, document_type="newsletter")
    notice = _check(officer_client, text=text)
    assert newsletter.findings == []
    assert [f["rule"] for f in notice.findings] == ["kana_words"]
