"""不在 and 代決者 through the services: who may register what, the period and overlap rules with the
field named, cancelling that keeps what was on record, the audit entries, and the routing reading the
very rows registered here."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kencho.conftest import make_staff
from kencho.core.models import AuditEntry, Membership, User

from ..absences import absence_cancel, absence_register, deputy_cancel, deputy_register
from ..errors import ApprovalError
from ..models import Absence, Deputy
from ..routing import absent_principal_ids, is_absent
from .factories import Office

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _refused(code: str, field: str | None, status: int = 422) -> Any:
    class Refused:
        def __enter__(self) -> None:
            return None

        def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
            assert isinstance(exc, ApprovalError), f"expected {code}, got {exc!r}"
            assert (exc.code, exc.field, exc.http_status) == (code, field, status)
            assert exc.message_ja and exc.message_en
            return True

    return Refused()


def test_an_absence_registered_by_its_owner_makes_the_registered_deputy_able_to_act(office: Office) -> None:
    today = timezone.localdate()
    deputy_register(principal=office.kacho, deputy=office.deputy, actor=office.kacho, valid_from=today)
    assert absent_principal_ids(office.deputy, today) == set()

    absence = absence_register(
        user=office.kacho, actor=office.kacho, starts_on=today, ends_on=today + DAY, reason=" 出張 "
    )
    assert absence.reason == "出張"
    assert is_absent(office.kacho.pk, today)
    assert absent_principal_ids(office.deputy, today) == {office.kacho.pk}
    entry = AuditEntry.objects.get(action="approvals.absence_registered")
    assert entry.actor_id == office.kacho.pk
    assert AuditEntry.objects.filter(action="approvals.deputy_registered", actor=office.kacho).count() == 1


def test_an_absence_ending_before_it_starts_is_refused_naming_the_end_date(office: Office) -> None:
    today = timezone.localdate()
    with _refused("period_order", "ends_on"):
        absence_register(user=office.kacho, actor=office.kacho, starts_on=today + DAY, ends_on=today)
    with _refused("period_past", "ends_on"):
        absence_register(
            user=office.kacho, actor=office.kacho, starts_on=today - 3 * DAY, ends_on=today - DAY
        )
    with _refused("reason_length", "reason"):
        absence_register(
            user=office.kacho, actor=office.kacho, starts_on=today, ends_on=today, reason="長" * 201
        )
    with _refused("reason_length", "reason"):
        absence_register(
            user=office.kacho, actor=office.kacho, starts_on=today, ends_on=today, reason="a\x00b"
        )
    assert not Absence.objects.exists()


def test_overlapping_absences_are_refused_and_adjacent_ones_allowed(office: Office) -> None:
    today = timezone.localdate()
    absence_register(
        user=office.kacho, actor=office.kacho, starts_on=today + 2 * DAY, ends_on=today + 4 * DAY
    )
    for start, end in [(0, 2), (4, 6), (3, 3), (0, 9)]:
        with _refused("absence_overlap", "starts_on"):
            absence_register(
                user=office.kacho,
                actor=office.kacho,
                starts_on=today + start * DAY,
                ends_on=today + end * DAY,
            )
    absence_register(user=office.kacho, actor=office.kacho, starts_on=today, ends_on=today + DAY)
    absence_register(
        user=office.kacho, actor=office.kacho, starts_on=today + 5 * DAY, ends_on=today + 5 * DAY
    )
    absence_register(user=office.kakaricho, actor=office.kakaricho, starts_on=today, ends_on=today + 9 * DAY)
    assert Absence.objects.filter(user=office.kacho).count() == 3


def test_only_the_person_or_an_administrator_of_their_unit_registers_their_absence(
    office: Office, units: dict[str, Any]
) -> None:
    today = timezone.localdate()
    with _refused("forbidden", "user", 403):
        absence_register(user=office.kacho, actor=office.kakaricho, starts_on=today, ends_on=today)
    outsider = make_staff("admin.other@example.jp", units["other"], Membership.Role.ADMIN)
    with _refused("forbidden", "user", 403):
        absence_register(user=office.kacho, actor=outsider, starts_on=today, ends_on=today)
    admin = make_staff("admin@example.jp", units["division"], Membership.Role.ADMIN)
    absence = absence_register(user=office.kakaricho, actor=admin, starts_on=today, ends_on=today)
    assert AuditEntry.objects.get(action="approvals.absence_registered").actor_id == admin.pk
    with _refused("forbidden", "absence", 403):
        absence_cancel(absence=absence, actor=office.kacho)


def test_cancelling_removes_a_future_absence_ends_a_current_one_and_keeps_a_past_one(office: Office) -> None:
    today = timezone.localdate()
    future = absence_register(
        user=office.kacho, actor=office.kacho, starts_on=today + DAY, ends_on=today + DAY
    )
    assert absence_cancel(absence=future, actor=office.kacho) is None
    assert not Absence.objects.filter(pk=future.pk).exists()

    current = Absence.objects.create(user=office.kacho, starts_on=today - 2 * DAY, ends_on=today + 2 * DAY)
    ended = absence_cancel(absence=current, actor=office.kacho)
    assert ended is not None and ended.ends_on == today - DAY
    assert not is_absent(office.kacho.pk, today)

    with _refused("period_over", None, 409):
        absence_cancel(absence=current, actor=office.kacho)
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="approvals.absence")] == [
        "approvals.absence_registered",
        "approvals.absence_cancelled",
        "approvals.absence_ended",
    ]


def test_an_approver_registers_a_deputy_of_their_units_but_not_themselves_or_an_outsider(
    office: Office, resident: User
) -> None:
    today = timezone.localdate()
    with _refused("deputy_self", "deputy"):
        deputy_register(principal=office.kacho, deputy=office.kacho, actor=office.kacho, valid_from=today)
    for outsider in (office.consultee, office.governor, resident):
        with _refused("deputy_unit", "deputy"):
            deputy_register(principal=office.kacho, deputy=outsider, actor=office.kacho, valid_from=today)
    with _refused("period_order", "valid_until"):
        deputy_register(
            principal=office.kacho,
            deputy=office.deputy,
            actor=office.kacho,
            valid_from=today,
            valid_until=today - DAY,
        )
    deputy_register(principal=office.kacho, deputy=office.deputy, actor=office.kacho, valid_from=today)
    with _refused("deputy_overlap", "valid_from"):
        deputy_register(
            principal=office.kacho, deputy=office.deputy, actor=office.kacho, valid_from=today + 30 * DAY
        )
    deputy_register(principal=office.kacho, deputy=office.kakaricho, actor=office.kacho, valid_from=today)
    assert Deputy.objects.filter(principal=office.kacho).count() == 2


def test_an_officer_cannot_register_deputies_and_an_administrator_does_for_members(
    office: Office, units: dict[str, Any]
) -> None:
    today = timezone.localdate()
    with _refused("forbidden", "principal", 403):
        deputy_register(
            principal=office.drafter, deputy=office.kakaricho, actor=office.drafter, valid_from=today
        )
    with _refused("forbidden", "principal", 403):
        deputy_register(
            principal=office.kacho, deputy=office.deputy, actor=office.kakaricho, valid_from=today
        )

    admin = make_staff("admin@example.jp", units["section"], Membership.Role.ADMIN)
    registration = deputy_register(
        principal=office.kakaricho, deputy=office.drafter, actor=admin, valid_from=today
    )
    assert AuditEntry.objects.get(action="approvals.deputy_registered").actor_id == admin.pk
    with _refused("forbidden", "principal", 403):
        deputy_register(principal=office.kacho, deputy=office.deputy, actor=admin, valid_from=today)
    # The section's administrator cannot pick the 課長 as deputy: they are not of the section.
    with _refused("deputy_unit", "deputy"):
        deputy_register(principal=office.kakaricho, deputy=office.kacho, actor=admin, valid_from=today)
    assert deputy_cancel(registration=registration, actor=admin) is None
    assert not Deputy.objects.exists()


def test_cancelling_a_deputy_in_force_ends_it_yesterday(office: Office) -> None:
    today = timezone.localdate()
    registration = Deputy.objects.create(
        principal=office.kacho, deputy=office.deputy, valid_from=today - 10 * DAY
    )
    Absence.objects.create(user=office.kacho, starts_on=today, ends_on=today)
    assert absent_principal_ids(office.deputy, today) == {office.kacho.pk}
    ended = deputy_cancel(registration=registration, actor=office.kacho)
    assert ended is not None and ended.valid_until == today - DAY
    assert absent_principal_ids(office.deputy, today) == set()
    with _refused("period_over", None, 409):
        deputy_cancel(registration=registration, actor=office.kacho)
    assert AuditEntry.objects.filter(action="approvals.deputy_ended", actor=office.kacho).exists()


_people = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(periods=st.lists(st.tuples(st.integers(-3, 40), st.integers(-5, 20)), min_size=1, max_size=8))
def test_registered_absences_never_overlap_and_every_refusal_names_a_field(
    units: dict[str, Any], periods: list[tuple[int, int]]
) -> None:
    today = timezone.localdate()
    person = make_staff(f"p{next(_people)}@example.jp", units["section"])
    for offset, length in periods:
        starts_on, ends_on = today + offset * DAY, today + (offset + length) * DAY
        try:
            absence_register(user=person, actor=person, starts_on=starts_on, ends_on=ends_on)
        except ApprovalError as exc:
            assert exc.http_status == 422 and exc.field in {"starts_on", "ends_on"}
            if exc.code == "absence_overlap":
                assert Absence.objects.filter(
                    user=person, starts_on__lte=ends_on, ends_on__gte=starts_on
                ).exists()
            else:
                assert ends_on < starts_on or ends_on < today
    stored = sorted(Absence.objects.filter(user=person).values_list("starts_on", "ends_on"))
    assert all(a_end < b_start for (_a, a_end), (b_start, _b) in itertools.pairwise(stored))
    assert all(start <= end for start, end in stored)
