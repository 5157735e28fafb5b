"""The application status machine. The table is the single source of which changes are allowed and
who may make them; services ask it, templates show only the actions it permits."""

from __future__ import annotations

from .models import ApplicationStatus as S

STAFF_TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.UNDER_REVIEW, S.CORRECTION_REQUESTED, S.ACCEPTED, S.REJECTED}),
    S.UNDER_REVIEW: frozenset({S.CORRECTION_REQUESTED, S.ACCEPTED, S.REJECTED}),
    S.RESUBMITTED: frozenset({S.UNDER_REVIEW, S.CORRECTION_REQUESTED, S.ACCEPTED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.COMPLETED}),
}

# What the applicant may do: resubmit after a correction request, or withdraw while it is still open.
APPLICANT_WITHDRAWABLE: frozenset[str] = frozenset(
    {S.RECEIVED, S.UNDER_REVIEW, S.CORRECTION_REQUESTED, S.RESUBMITTED}
)
FINAL_STATUSES: frozenset[str] = frozenset({S.REJECTED, S.COMPLETED, S.WITHDRAWN})
OPEN_STATUSES: frozenset[str] = frozenset(
    {S.RECEIVED, S.UNDER_REVIEW, S.CORRECTION_REQUESTED, S.RESUBMITTED, S.ACCEPTED}
)


def staff_can_move(from_status: str, to_status: str) -> bool:
    return to_status in STAFF_TRANSITIONS.get(from_status, frozenset())


def staff_next_statuses(from_status: str) -> list[str]:
    order = [s.value for s in S]
    return sorted(STAFF_TRANSITIONS.get(from_status, frozenset()), key=order.index)
