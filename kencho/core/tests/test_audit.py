import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kencho.core.audit import audit_record, audit_verify
from kencho.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_chain_to_each_other():
    first = audit_record(action="test.one", object_type="thing", object_id="1", detail={"名前": "県庁"})
    second = audit_record(action="test.two", object_type="thing", object_id="1")
    assert second.previous_hash == first.entry_hash
    assert list(audit_verify()) == []
    call_command("verify_audit")


def test_verify_audit_detects_an_edited_entry():
    audit_record(action="test.one")
    entry = audit_record(action="test.two", detail={"amount": 100})
    audit_record(action="test.three")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # a tamperer with superuser rights
        cursor.execute("UPDATE core_auditentry SET detail = %s WHERE id = %s", ['{"amount": 1}', entry.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    problems = list(audit_verify())
    assert [p.sequence for p in problems] == [entry.sequence]
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_verify_audit_detects_a_removed_entry():
    audit_record(action="test.one")
    middle = audit_record(action="test.two")
    audit_record(action="test.three")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
    AuditEntry.objects.filter(pk=middle.pk).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    problems = list(audit_verify())
    assert problems and problems[0].sequence == middle.sequence + 1


def test_postgres_refuses_to_update_audit_rows():
    from django.db import DatabaseError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard exists on PostgreSQL only")
    entry = audit_record(action="test.one")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
