import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kencho.core.tokens import api_token_user

pytestmark = pytest.mark.django_db


def test_command_prints_a_token_that_authenticates_the_user(officer):
    out = io.StringIO()
    call_command("create_api_token", officer.email, "--name", "inbox sync", stdout=out)
    assert api_token_user(out.getvalue().strip()) == officer


def test_command_refuses_unknown_users():
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@example.jp")
