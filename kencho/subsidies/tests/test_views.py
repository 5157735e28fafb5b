"""The pages: applicants check eligibility, apply through the procedures pages and follow their case
(every member of the business sees it); staff see only their units' programmes, decide, score and
export."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kencho.conftest import staff_client
from kencho.core.models import AuditEntry, OrgUnit, User
from kencho.procedures.models import Draft

from ..models import Case, Programme, Review, Stage
from .factories import ELIGIBILITY, SCORING, STAGE_ANSWERS, case_at, make_business_member

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def check(client: Client, programme: Programme, **answers: str) -> Any:
    data = {f"q-{k}": v for k, v in answers.items()}
    return client.post(reverse("subsidies:eligibility", args=[programme.slug]), data)


def fill_and_submit(client: Client, draft_url: str) -> Any:
    """The procedures pages fill in the stage's form: one page, then the check page."""
    match = re.search(r"/apply/([0-9a-f-]+)/main/", draft_url)
    assert match, draft_url
    draft_id = match.group(1)
    response = client.post(draft_url, {"f-summary": STAGE_ANSWERS["summary"], "f-amount": "1000000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get(pk=draft_id)
    return client.post(
        reverse("procedures:draft_check", args=[draft_id]), {"submit_token": str(draft.submit_token)}
    )


def test_programme_list_and_page_show_period_and_budget(client: Client, programme: Programme) -> None:
    page = client.get(reverse("subsidies:programmes")).content.decode()
    assert programme.title_ja in page and "予算残額 5,000,000 円" in page
    Programme.objects.filter(pk=programme.pk).update(budget_display="percent", committed=1_000_000)
    page = client.get(reverse("subsidies:programme", args=[programme.slug])).content.decode()
    assert "約80%" in page and "公募中" in page
    Programme.objects.filter(pk=programme.pk).update(budget_display="hidden")
    assert (
        "5,000,000" not in client.get(reverse("subsidies:programme", args=[programme.slug])).content.decode()
    )


def test_unpublished_programmes_are_not_found(client: Client, programme: Programme) -> None:
    Programme.objects.filter(pk=programme.pk).update(is_published=False)
    assert client.get(reverse("subsidies:programme", args=[programme.slug])).status_code == 404
    assert client.get(reverse("subsidies:eligibility", args=[programme.slug])).status_code == 404


def test_ineligible_answers_stop_with_the_reasons(client: Client, programme: Programme) -> None:
    response = check(client, programme, sme="no", employees="500")
    page = response.content.decode()
    assert response.status_code == 200
    assert "申請の対象になりません" in page
    assert ELIGIBILITY[0]["reason"]["ja"] in page and ELIGIBILITY[1]["reason"]["ja"] in page
    assert "申請書の入力に進む" not in page


def test_missing_answers_are_named(client: Client, programme: Programme) -> None:
    response = check(client, programme, employees="たくさん")
    assert response.status_code == 422
    page = response.content.decode()
    assert "「はい」か「いいえ」を選んでください。" in page and "半角数字で入力してください" in page


def test_a_guest_who_is_eligible_is_asked_to_log_in(client: Client, programme: Programme) -> None:
    page = check(client, programme, sme="yes", employees="２０").content.decode()
    assert "申請要件を満たしています" in page and "ログインして申請する" in page


def test_apply_without_answering_the_questions_first_is_sent_back(
    programme: Programme, business_user: User
) -> None:
    client = logged_in(business_user)
    response = client.post(reverse("subsidies:apply", args=[programme.slug]))
    assert response.url == reverse("subsidies:eligibility", args=[programme.slug])  # type: ignore[attr-defined]
    assert not Case.objects.exists()


def test_a_business_member_applies_and_colleagues_follow_the_case(
    programme: Programme, business_user: User, colleague: User, officer: User
) -> None:
    client = logged_in(business_user)
    assert "申請書の入力に進む" in check(client, programme, sme="yes", employees="20").content.decode()
    response = client.post(reverse("subsidies:apply", args=[programme.slug]))
    assert response.status_code == 302 and "/apply/" in response.url  # type: ignore[attr-defined]
    submitted = fill_and_submit(client, response.url)  # type: ignore[attr-defined]
    assert submitted.status_code == 302 and "/complete/" in submitted.url
    case = Case.objects.get()
    assert case.business is not None and case.business.corporate_number == "1190001000007"

    other = logged_in(colleague)
    page = other.get(reverse("subsidies:my_cases")).content.decode()
    assert case.reference in page and "審査中です。交付決定をお待ちください。" in page
    detail = other.get(reverse("subsidies:case", args=[case.pk])).content.decode()
    assert "交付決定" in detail and "書類を入力する" not in detail

    stranger = logged_in(make_business_member("x@example.org", corporate_number="2" * 13))
    assert stranger.get(reverse("subsidies:case", args=[case.pk])).status_code == 404


def test_the_report_form_opens_after_the_grant(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.REPORT, programme=programme, user=business_user, staff=officer)
    client = logged_in(business_user)
    page = client.get(reverse("subsidies:case", args=[case.pk])).content.decode()
    assert "実績報告の書類を入力する" in page
    response = client.post(reverse("subsidies:stage_start", args=[case.pk, "report"]))
    fill_and_submit(client, response.url)  # type: ignore[attr-defined]
    page = client.get(reverse("subsidies:case", args=[case.pk])).content.decode()
    assert "補助金の額の確定をお待ちください" in page
    # Out of turn: the claim form is refused with the reason.
    refused = client.post(reverse("subsidies:stage_start", args=[case.pk, "claim"]), follow=True)
    assert "の段階ではありません" in refused.content.decode()
    bogus = client.post(reverse("subsidies:stage_start", args=[case.pk, "nonsense"]), follow=True)
    assert bogus.status_code == 200


def test_staff_see_only_their_units_programmes(
    programme: Programme, business_user: User, officer: User, other_officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    mine, theirs = staff_client(officer), staff_client(other_officer)
    assert programme.title_ja in mine.get(reverse("subsidies:staff_programmes")).content.decode()
    assert programme.title_ja not in theirs.get(reverse("subsidies:staff_programmes")).content.decode()
    for name, args in [
        ("subsidies:staff_cases", [programme.pk]),
        ("subsidies:staff_programme_edit", [programme.pk]),
        ("subsidies:staff_export", [programme.pk]),
        ("subsidies:staff_case", [case.pk]),
    ]:
        assert theirs.get(reverse(name, args=args)).status_code == 404, name
    assert (
        theirs.post(reverse("subsidies:staff_case_decide", args=[case.pk]), {"action": "grant"}).status_code
        == 404
    )
    assert logged_in(business_user).get(reverse("subsidies:staff_programmes")).status_code == 403


def test_staff_decide_the_grant_and_see_the_budget(
    programme: Programme, business_user: User, officer: User
) -> None:
    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    client = staff_client(officer)
    page = client.get(reverse("subsidies:staff_case", args=[case.pk])).content.decode()
    assert "交付決定を記録する" in page
    assert AuditEntry.objects.filter(action="subsidies.case_viewed", object_id=str(case.pk)).exists()
    over = client.post(
        reverse("subsidies:staff_case_decide", args=[case.pk]),
        {"action": "grant", "amount": "2,500,000"},
        follow=True,
    )
    assert "1件あたりの上限" in over.content.decode()
    client.post(
        reverse("subsidies:staff_case_decide", args=[case.pk]),
        {
            "action": "grant",
            "amount": "１,５００,０００",
            "decided_on": "2026-05-01",
            "reference": "指令第1号",
        },
    )
    case.refresh_from_db()
    assert case.granted_amount == 1_500_000 and str(case.granted_on) == "2026-05-01"
    listing = client.get(reverse("subsidies:staff_cases", args=[programme.pk])).content.decode()
    assert 'value="1500000"' in listing and "3,500,000" in listing


def test_staff_confirm_and_pay(programme: Programme, business_user: User, officer: User) -> None:
    case = case_at(Stage.CONFIRMATION, programme=programme, user=business_user, staff=officer, amount=900_000)
    client = staff_client(officer)
    url = reverse("subsidies:staff_case_decide", args=[case.pk])
    client.post(url, {"action": "confirm", "amount": "800000"})
    case.refresh_from_db()
    assert case.confirmed_amount == 800_000
    programme.refresh_from_db()
    assert programme.committed == 800_000
    bad_date = client.post(url, {"action": "pay", "amount": "800000", "decided_on": "令和八年"}, follow=True)
    assert "年-月-日で入力してください" in bad_date.content.decode()
    case.refresh_from_db()
    assert case.paid_amount is None
    unknown = client.post(url, {"action": "explode"}, follow=True)
    assert "操作を選んでください" in unknown.content.decode()


def test_reviewers_score_and_the_list_ranks(
    programme: Programme, officer: User, section_chief: User, units: dict[str, OrgUnit]
) -> None:
    first = case_at(
        Stage.GRANT,
        programme=programme,
        user=make_business_member("a@a.jp", corporate_number="3" * 13),
        staff=officer,
    )
    second = case_at(
        Stage.GRANT,
        programme=programme,
        user=make_business_member("b@b.jp", corporate_number="4" * 13),
        staff=officer,
    )
    for reviewer, case, plan, effect in [
        (officer, first, "30", "40"),
        (section_chief, first, "20", "30"),
        (officer, second, "40", "60"),
    ]:
        staff_client(reviewer).post(
            reverse("subsidies:staff_case_review", args=[case.pk]),
            {"points-plan": plan, "points-effect": effect, "comment": "良い計画"},
        )
    assert Review.objects.count() == 3
    bad = staff_client(officer).post(
        reverse("subsidies:staff_case_review", args=[first.pk]),
        {"points-plan": "41", "points-effect": "1"},
        follow=True,
    )
    assert "0〜40点" in bad.content.decode()
    page = staff_client(officer).get(reverse("subsidies:staff_case", args=[first.pk])).content.decode()
    assert "平均 60.0 点（2 人）・順位 2 位" in page
    listing = (
        staff_client(officer).get(reverse("subsidies:staff_cases", args=[programme.pk])).content.decode()
    )
    assert listing.index(second.reference) < listing.index(first.reference)


def test_export_has_cases_and_scores(programme: Programme, business_user: User, officer: User) -> None:
    from openpyxl import load_workbook

    case = case_at(Stage.GRANT, programme=programme, user=business_user, staff=officer)
    staff_client(officer).post(
        reverse("subsidies:staff_case_review", args=[case.pk]), {"points-plan": "10", "points-effect": "20"}
    )
    response = staff_client(officer).get(reverse("subsidies:staff_export", args=[programme.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cases = list(workbook["案件 Cases"].values)
    assert cases[1][0] == case.reference and cases[1][2] == "1190001000007" and cases[1][10] == 30
    scores = list(workbook["採点 Scores"].values)
    assert scores[1][2:5] == (10, 20, 30)
    assert AuditEntry.objects.filter(action="subsidies.cases_exported").exists()


def test_staff_create_and_edit_a_programme(
    programme: Programme, officer: User, units: dict[str, OrgUnit]
) -> None:
    client = staff_client(officer)
    data = {
        "slug": "new-call",
        "title_ja": "新しい補助金",
        "title_en": "New call",
        "summary_ja": "概要",
        "owning_unit": units["section"].pk,
        "opens_at": "2026-04-01T09:00",
        "closes_at": "2026-03-01T09:00",
        "budget": "1000000",
        "max_per_case": "2000000",
        "budget_display": "amount",
        "application_procedure": programme.application_procedure_id,
        "report_procedure": programme.report_procedure_id,
        "claim_procedure": programme.claim_procedure_id,
        "eligibility": '[{"key": "x", "type": "maybe"}]',
        "scoring_sheet": "[{",
        "is_published": "on",
    }
    response = client.post(reverse("subsidies:staff_programme_create"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "公募終了は公募開始より後" in page and "上限額は予算額以下" in page
    assert "type は yes_no か number" in page and "JSONとして読めません" in page
    import json

    data.update(
        closes_at="2026-06-01T09:00",
        max_per_case="500000",
        eligibility=json.dumps(ELIGIBILITY, ensure_ascii=False),
        scoring_sheet=json.dumps(SCORING, ensure_ascii=False),
    )
    response = client.post(reverse("subsidies:staff_programme_create"), data)
    assert response.status_code == 302
    created = Programme.objects.get(slug="new-call")
    assert created.eligibility == ELIGIBILITY and created.committed == 0
    edit = client.get(reverse("subsidies:staff_programme_edit", args=[created.pk]))
    assert "中小企業基本法" in edit.content.decode()
    assert AuditEntry.objects.filter(action="subsidies.programme_created", object_id=str(created.pk)).exists()


def test_pages_speak_english(programme: Programme, business_user: User) -> None:
    client = logged_in(business_user)
    page = client.get(
        reverse("subsidies:eligibility", args=[programme.slug]), headers={"Accept-Language": "en"}
    ).content.decode()
    assert "Check eligibility" in page and "Is the business an SME?" in page
    refused = client.post(
        reverse("subsidies:eligibility", args=[programme.slug]),
        {"q-sme": "no", "q-employees": "3"},
        headers={"Accept-Language": "en"},
    ).content.decode()
    assert "You cannot apply" in refused and "Only SMEs may apply." in refused
