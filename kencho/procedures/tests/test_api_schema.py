"""schemathesis generates requests from the OpenAPI document, including malformed ones, and checks
that no request makes the API fail with a server error."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from kencho.core.tokens import api_token_create

from .factories import make_procedure

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """The WSGI app closes "old" connections after each request, which would close the test's own
    transaction; Django's test client avoids this the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(db, units, officer, keep_test_connection):
    make_procedure(unit=units["section"])
    _token, raw = api_token_create(user=officer, name="schemathesis")
    return raw


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case, staff_token):
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", f"Bearer {staff_token}")
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
