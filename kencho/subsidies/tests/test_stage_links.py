"""The report and claim procedures are unlisted (started from the case page only), and after
submitting a stage's form the applicant is sent back to the case."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kencho.core.models import AuditEntry, User
from kencho.procedures.models import Application, Draft, Procedure

from ..models import Programme, Stage
from ..services import case_stage_start, programme_save
from .factories import case_at
from .test_views import fill_and_submit, logged_in

pytestmark = pytest.mark.django_db


def _listed_again(programme: Programme) -> None:
    Procedure.objects.filter(
        pk__in=[
            programme.application_procedure_id,
            programme.report_procedure_id,
            programme.claim_procedure_id,
        ]
    ).update(is_listed=True, start_url="")


def test_saving_a_programme_unlists_its_report_and_claim_procedures(
    programme: Programme, officer: User
) -> None:
    _listed_again(programme)
    programme.refresh_from_db()
    programme_save(programme=programme, actor=officer)
    my_cases = reverse("subsidies:my_cases")
    application, report, claim = (
        Procedure.objects.get(pk=pk)
        for pk in (
            programme.application_procedure_id,
            programme.report_procedure_id,
            programme.claim_procedure_id,
        )
    )
    assert application.is_listed and application.start_url == ""
    assert not report.is_listed and report.start_url == my_cases
    assert not claim.is_listed and claim.start_url == my_cases
    assert (
        AuditEntry.objects.filter(action="procedures.procedure_listing_changed", actor=officer).count() == 2
    )
    # Saving again changes nothing more.
    programme_save(programme=programme, actor=officer)
    assert AuditEntry.objects.filter(action="procedures.procedure_listing_changed").count() == 2


def test_a_procedure_used_for_the_application_too_stays_listed(programme: Programme, officer: User) -> None:
    _listed_again(programme)
    programme.refresh_from_db()
    programme.report_procedure = programme.application_procedure
    programme_save(programme=programme, actor=officer)
    assert Procedure.objects.get(pk=programme.application_procedure_id).is_listed
    assert not Procedure.objects.get(pk=programme.claim_procedure_id).is_listed


def test_the_report_procedure_is_not_offered_to_the_public(client: Client, programme: Programme) -> None:
    report = programme.report_procedure
    assert report.slug not in [p["slug"] for p in client.get("/api/v1/procedures").json()]
    catalogue = client.get("/").content.decode()
    assert reverse("procedures:procedure", args=[report.slug]) not in catalogue
    assert reverse("procedures:procedure", args=[programme.application_procedure.slug]) in catalogue
    # Opened directly, without a case: sent to "my cases" and no draft is begun.
    response = client.post(reverse("procedures:apply_start", args=[report.slug]))
    assert response["Location"] == reverse("subsidies:my_cases")
    page = client.get(reverse("procedures:procedure", args=[report.slug])).content.decode()
    assert f'href="{reverse("subsidies:my_cases")}"' in page
    assert not Draft.objects.exists()


def test_after_submitting_a_stage_the_applicant_is_linked_back_to_the_case(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.REPORT, programme=programme, user=business_user, staff=officer)
    client = logged_in(business_user)
    response = client.post(reverse("subsidies:stage_start", args=[case.pk, "report"]))
    submitted = fill_and_submit(client, response.url)  # type: ignore[attr-defined]
    assert submitted.status_code == 302
    case_url = reverse("subsidies:case", args=[case.pk])
    complete = client.get(submitted.url).content.decode()
    assert f'href="{case_url}"' in complete and f"「{programme.title_ja}」の案件のページに戻る" in complete
    application = Application.objects.get(procedure=programme.report_procedure)
    status = client.get(reverse("procedures:application_status", args=[application.receipt_number]))
    assert f'href="{case_url}"' in status.content.decode()
    client.cookies["kencho_language"] = "en"
    assert f"Back to your case: {programme.title_en}" in client.get(submitted.url).content.decode()


def test_every_stage_draft_carries_the_case_link(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.APPLICATION, programme=programme, user=business_user, staff=officer)
    draft = case_stage_start(case=case, stage=Stage.APPLICATION, user=business_user)
    assert draft.return_url == reverse("subsidies:case", args=[case.pk])
    assert draft.return_label_ja and draft.return_label_en
