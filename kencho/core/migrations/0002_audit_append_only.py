"""On PostgreSQL the audit table refuses UPDATE and DELETE at the database level, so not even a bug
in application code can rewrite history. (SQLite has no such guard; `verify_audit` detects edits.)"""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION kencho_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'core_auditentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
  BEFORE UPDATE OR DELETE ON core_auditentry
  FOR EACH ROW EXECUTE FUNCTION kencho_audit_append_only();
"""
ALLOW = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS kencho_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
