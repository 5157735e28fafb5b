"""A respondent's own workbook, mapped once and imported every period."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from ..errors import SurveyError, WorkbookInvalid
from ..legacy import legacy_mapping_save, submission_from_legacy


def own_workbook(rows: list[list[Any]], heading: str = "入所者") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "施設一覧"
    sheet["A1"] = "津市 特養入所状況"
    sheet["B2"] = "津 担当"
    sheet.append([])
    sheet.append(["施設", "運営", "定員", heading])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def save_mapping(survey: Any, organisation: Any, actor: Any) -> Any:
    return legacy_mapping_save(
        organisation=organisation,
        series=survey.series or f"survey-{survey.pk}",
        definition=survey.definition,
        sheet="施設一覧",
        header_row=4,
        group="facilities",
        columns={"A": "facility_name", "B": "operator", "C": "capacity", "D": "residents"},
        cells={"B2": "contact_name"},
        sample=own_workbook([]),
        actor=actor,
    )


def test_a_mapped_workbook_is_imported_with_the_same_validation(
    nursing: Any, tsu: Any, tsu_user: Any
) -> None:
    save_mapping(nursing, tsu, tsu_user)
    recipient = nursing.recipients.get(organisation=tsu)
    content = own_workbook([["ひまわり苑", "社会福祉法人", 80, 78], ["あおば園", "市町", 50, "五十"]])
    with pytest.raises(WorkbookInvalid) as caught:
        submission_from_legacy(recipient=recipient, content=content, file_name="own.xlsx", actor=tsu_user)
    cells = {(p.sheet, p.cell) for p in caught.value.problems}
    assert ("施設一覧", "D6") in cells


def test_a_changed_heading_is_refused_with_its_cell(nursing: Any, tsu: Any, tsu_user: Any) -> None:
    save_mapping(nursing, tsu, tsu_user)
    recipient = nursing.recipients.get(organisation=tsu)
    with pytest.raises(WorkbookInvalid) as caught:
        submission_from_legacy(
            recipient=recipient,
            content=own_workbook([], heading="待機者"),
            file_name="x.xlsx",
            actor=tsu_user,
        )
    assert [(p.code, p.cell) for p in caught.value.problems] == [("layout_changed", "D4")]
    assert "待機者" in caught.value.problems[0].message_ja


def test_a_valid_own_workbook_becomes_an_answer(units: Any, sender: Any, tsu: Any, tsu_user: Any) -> None:
    from ..demo_forms import nursing_home_definition
    from .factories import make_survey

    definition = nursing_home_definition()
    definition["pages"][0]["fields"][0]["required"] = False
    survey = make_survey(units["section"], sender, definition, [tsu], series="nursing")
    save_mapping(survey, tsu, tsu_user)
    content = own_workbook([["ひまわり苑", "社会福祉法人", 80, 78], ["あおば園", "市町", 50, 49]])
    submission = submission_from_legacy(
        recipient=survey.recipients.get(), content=content, file_name="own.xlsx", actor=tsu_user
    )
    assert submission.source == "legacy" and submission.data["contact_name"] == "津 担当"
    assert [row["residents"] for row in submission.data["facilities"]] == [78, 49]


def test_mappings_to_unknown_questions_or_sheets_are_refused(nursing: Any, tsu: Any, tsu_user: Any) -> None:
    with pytest.raises(SurveyError) as caught:
        legacy_mapping_save(
            organisation=tsu,
            series="x",
            definition=nursing.definition,
            sheet="施設一覧",
            header_row=4,
            group="facilities",
            columns={"A": "nope"},
            cells={},
            sample=own_workbook([]),
            actor=tsu_user,
        )
    assert "nope" in caught.value.message_en
    with pytest.raises(SurveyError) as caught:
        legacy_mapping_save(
            organisation=tsu,
            series="x",
            definition=nursing.definition,
            sheet="Sheet9",
            header_row=4,
            group="facilities",
            columns={"A": "facility_name"},
            cells={},
            sample=own_workbook([]),
            actor=tsu_user,
        )
    assert caught.value.code == "wrong_sheet"


def test_a_respondent_maps_its_workbook_on_the_page_and_uploads_it(
    units: Any, sender: Any, tsu: Any, tsu_user: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from kencho.conftest import staff_client

    from ..demo_forms import nursing_home_definition
    from .factories import make_survey

    definition = nursing_home_definition()
    definition["pages"][0]["fields"][0]["required"] = False
    survey = make_survey(units["section"], sender, definition, [tsu], series="nursing")
    client = staff_client(tsu_user)
    url = reverse("inquiries:legacy", args=[survey.public_id])
    assert client.get(url).status_code == 200
    form = {
        "sheet": "施設一覧",
        "header_row": "4",
        "columns": "A=facility_name\nB=operator\nC=capacity\nD=residents",
        "cells": "B2=contact_name",
    }
    refused = client.post(
        url, {**form, "columns": "A=nope", "sample": SimpleUploadedFile("o.xlsx", own_workbook([]))}
    )
    assert refused.status_code == 422 and "nope" in refused.content.decode()
    saved = client.post(url, {**form, "sample": SimpleUploadedFile("o.xlsx", own_workbook([]))})
    assert saved.status_code == 302
    upload = reverse("inquiries:upload", args=[survey.public_id])
    content = own_workbook([["ひまわり苑", "社会福祉法人", 80, 78]])
    response = client.post(upload, {"layout": "legacy", "file": SimpleUploadedFile("own.xlsx", content)})
    assert response.status_code == 302
    assert survey.recipients.get().submissions.get().source == "legacy"
    # The next period of the series reuses the mapping.
    from django.utils import timezone

    from ..services import survey_next_period, survey_send

    following = survey_send(
        survey=survey_next_period(survey=survey, period="next", deadline=timezone.localdate(), actor=sender),
        actor=sender,
    )
    response = client.post(
        reverse("inquiries:upload", args=[following.public_id]),
        {"layout": "legacy", "file": SimpleUploadedFile("own.xlsx", content)},
    )
    assert response.status_code == 302 and following.recipients.get().status == "answered"
