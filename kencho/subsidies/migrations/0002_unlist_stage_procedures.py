"""Existing programmes: their report and claim procedures become unlisted (started from the case
page only), as `programme_save` now does for every save."""

from typing import Any

from django.db import migrations

START_URL = "/my/subsidies/"


def unlist(apps: Any, schema_editor: Any) -> None:
    Programme = apps.get_model("subsidies", "Programme")
    Procedure = apps.get_model("procedures", "Procedure")
    for programme in Programme.objects.all():
        ids = {programme.report_procedure_id, programme.claim_procedure_id}
        ids -= {programme.application_procedure_id}
        Procedure.objects.filter(pk__in=ids).update(is_listed=False, start_url=START_URL)


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0001_initial"),
        ("procedures", "0004_unlisted_and_return_link"),
    ]

    operations = [migrations.RunPython(unlist, migrations.RunPython.noop)]
