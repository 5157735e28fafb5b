import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from kencho.forms.models import Upload
from kencho.forms.uploads import upload_store, uploads_claim

pytestmark = pytest.mark.django_db

FIELD = {"key": "doc", "type": "file", "label": {"ja": "書類", "en": "Document"}, "accept": ["txt"]}


def test_old_unsubmitted_uploads_are_removed_with_their_files():
    old = upload_store(field=FIELD, uploaded_file=("old.txt", b"old"), session_key="s")
    kept = upload_store(field=FIELD, uploaded_file=("kept.txt", b"kept"), session_key="s")
    recent = upload_store(field=FIELD, uploaded_file=("new.txt", b"new"), session_key="s")
    uploads_claim(upload_ids=[str(kept.pk)], claim="procedures.application:1")
    Upload.objects.filter(pk__in=[old.pk, kept.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    call_command("purge_uploads", "--days", "14")
    assert set(Upload.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert not default_storage.exists(old.file.name or "")
