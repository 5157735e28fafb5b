"""Surveys, organisations and filled workbooks for the tests."""

from __future__ import annotations

import datetime
import io
import itertools
from typing import Any

from django.utils import timezone

from kencho.conftest import PASSWORD
from kencho.core.models import OrgUnit, User
from kencho.forms.models import FormVersion
from kencho.forms.services import form_definition_create, form_version_publish

from ..models import RespondentOrganisation, Survey
from ..services import respondent_member_add, respondent_organisation_save, survey_create, survey_send

_counter = itertools.count(1)


def publish_form(unit: OrgUnit, definition: dict[str, Any], actor: User | None = None) -> FormVersion:
    form = form_definition_create(
        slug=f"survey-form-{next(_counter)}",
        title_ja="照会様式",
        owner_unit=unit,
        schema=definition,
        actor=actor,
    )
    version = form.versions.get()
    return form_version_publish(version=version, actor=actor)


def make_organisation(code: str = "242012", name: str = "津市") -> RespondentOrganisation:
    return respondent_organisation_save(
        kind=RespondentOrganisation.Kind.MUNICIPALITY, code=code, name_ja=name, actor=None
    )


def make_respondent(organisation: RespondentOrganisation, email: str = "tsu@example.jp") -> User:
    user = User.objects.create_user(
        email, PASSWORD, kind=User.Kind.STAFF, display_name="津 回答", email_verified_at=timezone.now()
    )
    respondent_member_add(organisation=organisation, user=user, actor=None)
    return user


def make_survey(
    unit: OrgUnit,
    actor: User,
    definition: dict[str, Any],
    organisations: list[RespondentOrganisation],
    *,
    rules: list[dict[str, Any]] | None = None,
    send: bool = True,
    **options: Any,
) -> Survey:
    survey = survey_create(
        unit=unit,
        title=options.pop("title", "時間外勤務の状況"),
        form_version=publish_form(unit, definition, actor),
        deadline=options.pop("deadline", timezone.localdate() + datetime.timedelta(days=10)),
        organisations=organisations,
        actor=actor,
        rules=rules,
        **options,
    )
    return survey_send(survey=survey, actor=actor) if send else survey


def fill_template(template: bytes, main: dict[int, Any], rows: dict[str, list[list[Any]]]) -> bytes:
    """Type values into a generated template as a person would: main answers by row number
    ({6: "三重 花子"}), group rows from row 2 of the named sheet."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template))
    sheet = book["回答"]
    for row, value in main.items():
        sheet[f"B{row}"] = value
    for title, lines in rows.items():
        for offset, line in enumerate(lines):
            for column, value in enumerate(line, start=1):
                book[title].cell(row=2 + offset, column=column, value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
