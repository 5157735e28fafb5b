"""Fee rules and exemptions, the fee stored with a submitted application, and what the applicant
sees before submitting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kencho.procedures import errors as procedure_errors
from kencho.procedures.models import Application

from ..fees import FeeRuleError, assess, reduced_amount
from ..models import Fee, FeeExemption, FeeRule, FeeSchedule
from .factories import ANSWERS, submit

pytestmark = pytest.mark.django_db


def rules_of(procedure: Any) -> tuple[list[FeeRule], list[FeeExemption]]:
    schedule = procedure.fee_schedule
    return list(schedule.rules.all()), list(schedule.exemptions.all())


def test_per_item_and_computed_rules_add_up(fee_procedure: Any) -> None:
    rules, exemptions = rules_of(fee_procedure)
    assessment = assess(rules, exemptions, {**ANSWERS, "copies": 3, "delivery": "mail"})
    assert [(line.label_ja, line.amount) for line in assessment.lines] == [("証明書", 900), ("郵送料", 84)]
    assert assessment.gross_amount == assessment.amount == 984
    assert assessment.exemption is None


def test_public_assistance_waives_the_whole_fee(fee_procedure: Any) -> None:
    rules, exemptions = rules_of(fee_procedure)
    assessment = assess(rules, exemptions, {**ANSWERS, "welfare": "yes"})
    assert assessment.gross_amount == 600
    assert assessment.amount == 0
    assert assessment.exemption_dict()["label"] == {"ja": "生活保護受給者", "en": "Public assistance"}


def test_the_largest_exemption_applies_and_they_do_not_stack(fee_procedure: Any) -> None:
    rules, exemptions = rules_of(fee_procedure)
    assert assess(rules, exemptions, {**ANSWERS, "tax_exempt": True}).amount == 300
    assert assess(rules, exemptions, {**ANSWERS, "tax_exempt": True, "welfare": "yes"}).amount == 0


def test_half_of_an_odd_amount_drops_the_fraction_in_the_applicants_favour(fee_procedure: Any) -> None:
    rules, exemptions = rules_of(fee_procedure)
    assessment = assess(rules, exemptions, {**ANSWERS, "copies": 1, "delivery": "mail", "tax_exempt": True})
    assert assessment.gross_amount == 384
    assert assessment.amount == 192
    assessment = assess(
        rules, exemptions, {**ANSWERS, "copies": 1, "tax_exempt": True, "delivery": "counter"}
    )
    assert (assessment.gross_amount, assessment.amount, assessment.reduction) == (300, 150, 150)


@given(
    unit=st.integers(min_value=0, max_value=100_000),
    count=st.integers(min_value=0, max_value=100),
    percent=st.integers(min_value=1, max_value=100),
)
def test_per_item_amount_and_reduction_properties(unit: int, count: int, percent: int) -> None:
    rule = FeeRule(label_ja="x", kind=FeeRule.Kind.PER_ITEM, unit_amount=unit, count_field="n")
    exemption = FeeExemption(label_ja="y", field="flag", percent=percent)
    full = assess([rule], [exemption], {"n": count})
    reduced = assess([rule], [exemption], {"n": count, "flag": True})
    assert full.amount == unit * count
    assert reduced.gross_amount == unit * count
    assert 0 <= reduced.amount <= full.amount
    assert reduced.amount == reduced_amount(unit * count, percent)
    # Fractions of a yen are discarded: the reduced amount is never more than the exact share.
    assert reduced.amount * 100 <= unit * count * (100 - percent) < (reduced.amount + 1) * 100


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(min_value=-(10**4), max_value=10**4))
def test_computed_rules_take_the_floor_and_refuse_negative_amounts(base: int, per: int) -> None:
    rule = FeeRule(label_ja="計算", kind=FeeRule.Kind.COMPUTED, expression="base + per * n")
    value = base + per * 3
    if value < 0:
        with pytest.raises(FeeRuleError):
            assess([rule], [], {"base": base, "per": per, "n": 3})
    else:
        assert assess([rule], [], {"base": base, "per": per, "n": 3}).amount == value


def test_a_per_item_rule_needs_a_whole_number_of_items() -> None:
    rule = FeeRule(label_ja="通数", kind=FeeRule.Kind.PER_ITEM, unit_amount=300, count_field="copies")
    with pytest.raises(FeeRuleError):
        assess([rule], [], {"copies": "1.5"})


def test_rule_validation_catches_bad_formulas_when_saved() -> None:
    with pytest.raises(ValidationError) as caught:
        FeeRule(label_ja="x", kind=FeeRule.Kind.COMPUTED, expression="__import__('os')").clean()
    assert "expression" in caught.value.message_dict
    with pytest.raises(ValidationError):
        FeeRule(label_ja="x", kind=FeeRule.Kind.PER_ITEM, unit_amount=300).clean()


def test_submitting_stores_the_fee_with_its_breakdown(fee_procedure: Any) -> None:
    application, _secret = submit(fee_procedure, copies=3, delivery="mail", tax_exempt=True)
    fee = Fee.objects.get(application=application)
    assert (fee.gross_amount, fee.amount, fee.state) == (984, 492, Fee.State.DUE)
    assert [line["amount"] for line in fee.breakdown] == [900, 84]
    assert fee.breakdown[0]["quantity"] == 3
    assert fee.exemption["percent"] == 50
    assert fee.purpose_ja == "証明書交付手数料"


def test_an_exempt_application_owes_nothing(fee_procedure: Any) -> None:
    application, _secret = submit(fee_procedure, welfare="yes")
    fee = Fee.objects.get(application=application)
    assert (fee.amount, fee.state) == (0, Fee.State.EXEMPT)


def test_procedures_without_a_schedule_have_no_fee(units: Any) -> None:
    from kencho.procedures.services import application_submit
    from kencho.procedures.tests.factories import VALID_ANSWERS, make_procedure

    procedure = make_procedure(unit=units["section"], slug="free")
    application = application_submit(
        procedure=procedure, answers=dict(VALID_ANSWERS), applicant=None, language="ja"
    )
    assert not Fee.objects.filter(application=application.application).exists()


def test_a_rule_that_cannot_be_applied_stops_the_submission_with_a_message(fee_procedure: Any) -> None:
    FeeRule.objects.filter(kind=FeeRule.Kind.COMPUTED).update(expression="delivery * 2")
    with pytest.raises(procedure_errors.ProcedureError) as caught:
        submit(fee_procedure)
    assert caught.value.code == "fee_rule_error"
    assert "担当課" in caught.value.message_ja
    assert not Application.objects.exists()


def test_an_inactive_schedule_charges_nothing(fee_procedure: Any) -> None:
    FeeSchedule.objects.update(is_active=False)
    application, _secret = submit(fee_procedure)
    assert not Fee.objects.filter(application=application).exists()


def test_withdrawing_cancels_an_unpaid_fee(application: Any) -> None:
    from kencho.procedures.services import application_withdraw

    application_withdraw(application=application, actor=None, reason="不要になった")
    fee = Fee.objects.get(application=application)
    assert fee.state == Fee.State.CANCELLED
    assert application.events.filter(kind="payment").exists()


def test_the_check_page_tells_the_applicant_the_fee_before_submitting(
    client: Any, fee_procedure: Any
) -> None:
    first = client.post("/procedures/certificate/apply")["Location"]
    page = {
        "f-name-name": "三重 花子",
        "f-name-kana": "ミエ ハナコ",
        "f-email": "hanako@example.jp",
        "f-copies": "3",
        "f-delivery": "mail",
        "f-welfare": "no",
    }
    check = client.post(first, page)["Location"]
    body = client.get(check).content.decode()
    assert "984 円の手数料" in body


def test_rules_must_use_answers_the_form_asks(fee_procedure: Any) -> None:
    schedule = fee_procedure.fee_schedule
    with pytest.raises(ValidationError) as caught:
        FeeRule(schedule=schedule, label_ja="x", kind=FeeRule.Kind.COMPUTED, expression="100 * pages").clean()
    assert "pages" in str(caught.value.message_dict["expression"])
    with pytest.raises(ValidationError):
        FeeRule(
            schedule=schedule, label_ja="x", kind=FeeRule.Kind.PER_ITEM, unit_amount=1, count_field="cpies"
        ).clean()
    with pytest.raises(ValidationError):
        FeeExemption(schedule=schedule, label_ja="x", field="welfar", value="yes").clean()
    FeeRule(schedule=schedule, label_ja="x", kind=FeeRule.Kind.COMPUTED, expression="100 * copies").clean()


def test_saving_a_schedule_in_the_admin_is_audited(fee_procedure: Any, units: Any) -> None:
    from django.contrib.auth import get_user_model

    from kencho.conftest import staff_client
    from kencho.core.models import AuditEntry

    admin = get_user_model().objects.create_superuser("root@example.jp", "correct horse battery")
    schedule = fee_procedure.fee_schedule
    client = staff_client(admin)
    page = client.get(f"/admin/payments/feeschedule/{schedule.pk}/change/")
    assert page.status_code == 200
    rules, exemptions = list(schedule.rules.all()), list(schedule.exemptions.all())
    data = {
        "procedure": fee_procedure.pk,
        "name_ja": "交付手数料",
        "name_en": "Issuing fee",
        "purpose_ja": "証明書交付手数料",
        "purpose_en": "",
        "is_active": "on",
        "rules-TOTAL_FORMS": len(rules),
        "rules-INITIAL_FORMS": len(rules),
        "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
        "exemptions-TOTAL_FORMS": len(exemptions),
        "exemptions-INITIAL_FORMS": len(exemptions),
        "exemptions-MIN_NUM_FORMS": 0,
        "exemptions-MAX_NUM_FORMS": 1000,
    }
    for i, rule in enumerate(rules):
        data.update(
            {
                f"rules-{i}-id": rule.pk,
                f"rules-{i}-schedule": schedule.pk,
                f"rules-{i}-order": rule.order,
                f"rules-{i}-label_ja": rule.label_ja,
                f"rules-{i}-label_en": rule.label_en,
                f"rules-{i}-kind": rule.kind,
                f"rules-{i}-unit_amount": 400 if rule.kind == "per_item" else rule.unit_amount,
                f"rules-{i}-count_field": rule.count_field,
                f"rules-{i}-expression": rule.expression,
            }
        )
    for i, exemption in enumerate(exemptions):
        data.update(
            {
                f"exemptions-{i}-id": exemption.pk,
                f"exemptions-{i}-schedule": schedule.pk,
                f"exemptions-{i}-order": exemption.order,
                f"exemptions-{i}-label_ja": exemption.label_ja,
                f"exemptions-{i}-label_en": exemption.label_en,
                f"exemptions-{i}-field": exemption.field,
                f"exemptions-{i}-value": exemption.value,
                f"exemptions-{i}-percent": exemption.percent,
            }
        )
    response = client.post(f"/admin/payments/feeschedule/{schedule.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="payments.fee_schedule_saved", actor=admin)
    assert entry.detail["rules"][0]["unit_amount"] == 400


def test_saving_a_schedule_replaces_its_rules_and_is_audited(fee_procedure: Any, officer: Any) -> None:
    from kencho.core.models import AuditEntry

    from ..schedules import fee_schedule_save

    schedule = fee_schedule_save(
        procedure=fee_procedure,
        actor=officer,
        purpose_ja="証明書交付手数料",
        rules=[
            {"label_ja": "証明書", "kind": FeeRule.Kind.PER_ITEM, "unit_amount": 350, "count_field": "copies"}
        ],
    )
    assert schedule.pk == fee_procedure.fee_schedule.pk
    assert [(r.order, r.unit_amount) for r in schedule.rules.all()] == [(1, 350)]
    assert not schedule.exemptions.exists()
    entry = AuditEntry.objects.get(action="payments.fee_schedule_saved", actor=officer)
    assert entry.detail["rules"][0]["unit_amount"] == 350


def test_an_invalid_rule_names_its_place_and_saves_nothing(fee_procedure: Any, officer: Any) -> None:
    from ..schedules import fee_schedule_save

    before = list(fee_procedure.fee_schedule.rules.values_list("label_ja", "unit_amount"))
    with pytest.raises(ValidationError) as caught:
        fee_schedule_save(
            procedure=fee_procedure,
            actor=officer,
            purpose_ja="証明書交付手数料",
            rules=[
                {"label_ja": "証明書", "kind": FeeRule.Kind.FIXED, "unit_amount": 300},
                {"label_ja": "郵送料", "kind": FeeRule.Kind.COMPUTED, "expression": "84 * parcels"},
            ],
        )
    assert "parcels" in str(caught.value.message_dict["rules[1].expression"])
    assert list(fee_procedure.fee_schedule.rules.values_list("label_ja", "unit_amount")) == before
