from django.db import migrations

TERMS = [
    ("三重県", ["三重懸", "三重件", "三重縣"], "県名"),
    ("県政だより", ["県政便り", "県政たより"], "広報誌の名前"),
    ("津市", ["津巿"], "市（し）と巿（ふつ）の取り違え"),
]


def add_terms(apps, schema_editor):
    Term = apps.get_model("assist_proofread", "Term")
    for preferred, variants, note in TERMS:
        Term.objects.get_or_create(preferred=preferred, defaults={"variants": variants, "note": note})


class Migration(migrations.Migration):
    dependencies = [("assist_proofread", "0001_initial")]
    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]
