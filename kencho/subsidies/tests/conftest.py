from __future__ import annotations

from typing import Any

import pytest

from kencho.core.models import OrgUnit, User

from ..models import Programme
from .factories import make_business_member, make_programme


@pytest.fixture
def programme(units: dict[str, OrgUnit]) -> Programme:
    return make_programme(unit=units["section"])


@pytest.fixture
def business_user(db: Any) -> User:
    return make_business_member("rep@example.co.jp")


@pytest.fixture
def colleague(business_user: User) -> User:
    """A second member (担当者) of the same business, with a log-in of their own."""
    return make_business_member("staff@example.co.jp", role="staff")


from kencho.procedures.tests.conftest import browser, demo, new_context  # noqa: E402, F401
