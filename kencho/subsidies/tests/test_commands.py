"""The demo loader: a programme with its three stage procedures and cases at different stages,
loaded by load_demo and safe to run again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from kencho.core.models import User
from kencho.procedures.selectors import procedures_for_catalogue

from ..models import Case, Programme, Review, Stage
from ..selectors import case_view

pytestmark = pytest.mark.django_db


def test_load_demo_loads_the_subsidy_programme_once(db: Any) -> None:
    call_command("load_demo", stdout=io.StringIO())
    programme = Programme.objects.get(slug="sme-digital")
    assert programme.owning_unit.code == "020101" and programme.is_open()
    assert programme.application_procedure.slug == "sme-digital-subsidy"
    stages = sorted(case_view(c).stage for c in Case.objects.prefetch_related("forms__draft__application"))
    assert stages == sorted([Stage.GRANT, Stage.CONFIRMATION, Stage.DONE])
    assert programme.committed == 1_500_000 + 1_400_000  # one granted, one confirmed (the paid one too)
    assert Review.objects.count() == 6
    # The report and claim start from the case page only; the 申請 is in the catalogue.
    assert programme.application_procedure.is_listed
    for procedure in (programme.report_procedure, programme.claim_procedure):
        assert not procedure.is_listed and procedure.start_url == reverse("subsidies:my_cases")
    catalogue = [p.slug for p in procedures_for_catalogue()]
    assert "sme-digital-subsidy" in catalogue and "sme-digital-subsidy-report" not in catalogue
    business = User.objects.get(email="business@kencho.example.jp")
    assert not Case.objects.filter(business__members__user=business).exists()  # left free to apply

    out = io.StringIO()
    call_command("load_subsidies_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Case.objects.count() == 3 and Programme.objects.count() == 1
