import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kencho.core.models import User
from kencho.forms.models import Upload
from kencho.forms.uploads import UploadRejected, display_name, upload_resolver, upload_store, uploads_claim
from kencho.forms.validation import validate_answers

from .definitions import field, one_page

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


CERTIFICATE = field(
    "certificate", "file", "証明書", "Certificate", accept=["pdf", "png", "docx"], max_size_mb=1
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def resident():
    return User.objects.create_user("resident@example.jp", "pw", kind=User.Kind.RESIDENT)


def test_pdf_is_stored_with_its_hash_under_a_name_of_our_own(resident):
    upload = upload_store(field=CERTIFICATE, uploaded_file=("../../住民票 (1).pdf", PDF), owner=resident)
    assert upload.kind == "pdf" and upload.content_type == "application/pdf"
    assert upload.size == len(PDF)
    assert upload.original_name == "住民票 (1).pdf"
    stored_name = upload.file.name or ""
    assert stored_name.startswith("uploads/") and stored_name.endswith(f"{upload.id.hex}.pdf")
    import hashlib

    assert upload.sha256 == hashlib.sha256(PDF).hexdigest()
    with upload.file.open("rb") as stored:
        assert stored.read() == PDF


def test_png_and_docx_are_recognised_by_content():
    assert upload_store(field=CERTIFICATE, uploaded_file=("photo.pdf", PNG)).kind == "png"
    docx = upload_store(
        field=CERTIFICATE, uploaded_file=SimpleUploadedFile("a.docx", office_file("word/document.xml"))
    )
    assert docx.kind == "docx"


def test_executable_renamed_pdf_is_refused_naming_the_field():
    with pytest.raises(UploadRejected) as caught:
        upload_store(field=CERTIFICATE, uploaded_file=("申請書.pdf", EXE))
    assert caught.value.code == "file_type"
    assert (
        caught.value.message_ja
        == "「証明書」に添付できるのは PDF・PNG・DOCX のファイルです。ファイルの種類を確認してください。"
    )
    assert caught.value.message_en == 'The file for "Certificate" must be a PDF・PNG・DOCX file.'
    assert not Upload.objects.exists()


def test_zip_that_is_not_a_word_file_is_refused():
    with pytest.raises(UploadRejected):
        upload_store(field=CERTIFICATE, uploaded_file=("a.docx", office_file("xl/workbook.xml")))
    xlsx = field("sheet", "file", accept=["xlsx"])
    assert upload_store(field=xlsx, uploaded_file=("a.xlsx", office_file("xl/workbook.xml"))).kind == "xlsx"


def test_oversize_file_is_refused_before_it_is_read():
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(UploadRejected) as caught:
        upload_store(field=CERTIFICATE, uploaded_file=big)
    assert caught.value.code == "file_size"
    assert caught.value.message_ja == "「証明書」のファイルは1MB以下にしてください。"


def test_empty_file_is_refused():
    with pytest.raises(UploadRejected) as caught:
        upload_store(field=CERTIFICATE, uploaded_file=("a.pdf", b""))
    assert caught.value.code == "file_empty"


def test_text_and_csv_in_utf8_or_cp932():
    text_field = field("notes", "file", accept=["txt", "csv"])
    assert (
        upload_store(field=text_field, uploaded_file=("a.csv", "氏名,住所\n".encode("cp932"))).kind == "csv"
    )
    assert upload_store(field=text_field, uploaded_file=("a.txt", "メモ".encode())).kind == "txt"
    with pytest.raises(UploadRejected):
        upload_store(field=text_field, uploaded_file=("a.txt", b"abc\x00def"))


def test_display_name_drops_folders_and_control_characters():
    assert display_name("C:\\Users\\taro\\申請書.pdf") == "申請書.pdf"
    assert display_name("a\u202eb.pdf") == "ab.pdf"
    assert display_name("") == "file"


def test_resolver_finds_own_unclaimed_uploads_only(resident):
    other = User.objects.create_user("other@example.jp", "pw")
    mine = upload_store(field=CERTIFICATE, uploaded_file=("a.pdf", PDF), owner=resident)
    theirs = upload_store(field=CERTIFICATE, uploaded_file=("b.pdf", PDF), owner=other)
    guest = upload_store(field=CERTIFICATE, uploaded_file=("c.pdf", PDF), session_key="s1")
    resolve = upload_resolver(owner=resident)
    assert resolve(str(mine.pk)) == mine
    assert resolve(str(theirs.pk)) is None
    assert resolve("not-a-uuid") is None
    assert upload_resolver(session_key="s1")(str(guest.pk)) == guest
    assert upload_resolver(session_key="s2")(str(guest.pk)) is None

    assert uploads_claim(upload_ids=[str(mine.pk), "junk"], claim="procedures.application:1") == 1
    assert upload_resolver(owner=resident)(str(mine.pk)) is None
    assert upload_resolver(claim="procedures.application:1")(str(mine.pk)) == upload_resolver(
        claim="procedures.application:1"
    )(str(mine.pk))
    assert upload_resolver(claim="procedures.application:2")(str(mine.pk)) is None


def test_validate_answers_with_stored_uploads(resident):
    upload = upload_store(field=CERTIFICATE, uploaded_file=("a.pdf", PDF), owner=resident)
    definition = one_page(CERTIFICATE)
    result = validate_answers(
        definition, {"certificate": [str(upload.pk)]}, uploads=upload_resolver(owner=resident)
    )
    assert result.ok
    assert result.data["certificate"] == [
        {
            "upload_id": str(upload.pk),
            "name": "a.pdf",
            "size": len(PDF),
            "content_type": "application/pdf",
            "sha256": upload.sha256,
        }
    ]
    stranger = validate_answers(definition, {"certificate": [str(upload.pk)]}, uploads=upload_resolver())
    assert [e.code for e in stranger.errors] == ["upload_not_found"]
