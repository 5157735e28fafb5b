"""The generated workbook and reading it back: the same validation and messages as the browser, with
the sheet and cell in front; files that are not the template are refused."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kencho.forms.validation import validate_answers

from ..errors import WorkbookInvalid
from ..selectors import survey_template_xlsx
from ..services import submission_from_workbook
from ..workbook import META_SHEET, WorkbookRejected, workbook_read
from .factories import fill_template

ROWS = "施設別入所状況"
GOOD_ROW = ["ひまわり苑", "社会福祉法人", 80, 78, 12]


def read(survey: Any, content: bytes) -> Any:
    return workbook_read(
        content,
        definition=survey.definition,
        survey_id=str(survey.public_id),
        form_version_id=survey.form_version_id,
    )


def problems(survey: Any, content: bytes) -> list[Any]:
    result = read(survey, content)
    checked = validate_answers(survey.definition, result.answers, strict=False)
    from ..workbook import placed

    return result.problems + [placed(e, result.layout) for e in checked.errors]


def test_the_template_locks_headers_unlocks_inputs_and_offers_drop_downs(nursing: Any) -> None:
    book = load_workbook(io.BytesIO(survey_template_xlsx(nursing)))
    assert book.sheetnames[:2] == ["回答", ROWS]
    main, rows = book["回答"], book[ROWS]
    assert main.protection.sheet and rows.protection.sheet
    assert main["A6"].value == "基準日（必須）" and main["A6"].protection.locked
    assert not main["B6"].protection.locked and main["B6"].fill.fgColor.rgb.endswith("FFF2CC")
    assert rows["B1"].value == "設置主体（必須）" and rows["B1"].protection.locked
    assert not rows["C201"].protection.locked and rows["C202"].protection.locked
    lists = [dv for dv in rows.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and "B2:B201" in str(lists[0].sqref)
    assert book[META_SHEET].sheet_state == "veryHidden"


def test_a_filled_template_becomes_an_answer(nursing: Any, tsu_user: Any) -> None:
    content = fill_template(
        survey_template_xlsx(nursing),
        {6: datetime.datetime(2025, 4, 1), 7: "津 回答"},
        {ROWS: [GOOD_ROW, ["あおば園", "市町", 50.0, 49, None]]},
    )
    recipient = nursing.recipients.get(organisation__code="242012")
    submission = submission_from_workbook(
        recipient=recipient, content=content, file_name="a.xlsx", actor=tsu_user
    )
    assert submission.data == {
        "reference_date": "2025-04-01",
        "contact_name": "津 回答",
        "facilities": [
            {
                "facility_name": "ひまわり苑",
                "operator": "welfare",
                "capacity": 80,
                "residents": 78,
                "waiting": 12,
            },
            {"facility_name": "あおば園", "operator": "municipal", "capacity": 50, "residents": 49},
        ],
    }
    assert submission.source == "excel"


def test_dates_typed_as_serial_numbers_are_read_as_dates(nursing: Any) -> None:
    content = fill_template(survey_template_xlsx(nursing), {6: 45748, 7: "津"}, {ROWS: [GOOD_ROW]})
    assert read(nursing, content).answers["reference_date"] == "2025-04-01"
    assert problems(nursing, content) == []


def test_blank_required_cells_and_wrong_types_name_the_sheet_cell_and_fix(
    nursing: Any, tsu_user: Any
) -> None:
    content = fill_template(
        survey_template_xlsx(nursing),
        {6: "2025-04-01"},
        {ROWS: [GOOD_ROW, ["あおば園", "市町", "たくさん", 3, None]]},
    )
    recipient = nursing.recipients.get(organisation__code="242012")
    with pytest.raises(WorkbookInvalid) as caught:
        submission_from_workbook(recipient=recipient, content=content, file_name="a.xlsx", actor=tsu_user)
    found = {(p.sheet, p.cell): p for p in caught.value.problems}
    assert set(found) == {("回答", "B7"), (ROWS, "C3")}
    assert found[("回答", "B7")].message_ja == "シート「回答」のセル B7：「回答者氏名」を入力してください。"
    assert found[("回答", "B7")].message_en.startswith(
        'Sheet "回答", cell B7: Enter "Name of the person answering"'
    )
    browser = validate_answers(
        nursing.definition, {"facilities": [{}, {"capacity": "たくさん"}]}, strict=False
    )
    engine_message = next(e.message_ja for e in browser.errors if e.path == "facilities.1.capacity")
    assert found[(ROWS, "C3")].message_ja.endswith(engine_message)


def test_formulas_are_refused_with_their_cell(nursing: Any) -> None:
    content = fill_template(
        survey_template_xlsx(nursing),
        {6: "2025-04-01", 7: "津"},
        {ROWS: [["ひまわり苑", "市町", "=10*8", 3, None]]},
    )
    found = problems(nursing, content)
    assert next((p.code, p.sheet, p.cell) for p in found) == ("formula", ROWS, "C2")
    assert "数式は使えません" in found[0].message_ja


def test_a_gap_between_rows_is_refused(nursing: Any) -> None:
    content = fill_template(
        survey_template_xlsx(nursing), {6: "2025-04-01", 7: "津"}, {ROWS: [GOOD_ROW, [None] * 5, GOOD_ROW]}
    )
    assert [(p.code, p.cell) for p in problems(nursing, content)] == [("blank_row", "A3")]


def test_a_renamed_sheet_is_refused_naming_the_sheet(nursing: Any) -> None:
    book = load_workbook(io.BytesIO(survey_template_xlsx(nursing)))
    book[ROWS].title = "Sheet2"
    output = io.BytesIO()
    book.save(output)
    with pytest.raises(WorkbookRejected) as caught:
        read(nursing, output.getvalue())
    assert caught.value.problem.code == "wrong_sheet" and ROWS in caught.value.problem.message_ja


def test_files_that_are_not_the_template_are_refused(nursing: Any, overtime: Any) -> None:
    plain = io.BytesIO()
    Workbook().save(plain)
    cases = {
        "not_template": plain.getvalue(),
        "not_xlsx": b"%PDF-1.7 not a workbook",
        "other_survey": survey_template_xlsx(overtime),
    }
    for code, content in cases.items():
        with pytest.raises(WorkbookRejected) as caught:
            read(nursing, content)
        assert caught.value.problem.code == code
        assert caught.value.problem.message_en


def test_zip_bombs_are_refused_before_they_are_opened(nursing: Any) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(WorkbookRejected) as caught:
        read(nursing, bomb.getvalue())
    assert caught.value.problem.code == "too_large"
    with pytest.raises(WorkbookRejected) as caught:
        read(nursing, b"PK" + b"\0" * (11 * 1024 * 1024))
    assert caught.value.problem.code == "too_large"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.integers(-100, 20000), st.integers(-1000, 2_000_000).map(lambda n: n / 100), st.text(max_size=12)
    )
)
def test_a_cell_value_gets_the_browsers_verdict(nursing: Any, value: Any) -> None:
    """Whatever is typed into a number cell, the Excel path accepts what the browser accepts and
    refuses the rest with the browser's message."""
    if isinstance(value, str):
        assume(not ILLEGAL_CHARACTERS_RE.search(value) and not value.startswith("="))
    template = survey_template_xlsx(nursing)
    content = fill_template(
        template, {6: "2025-04-01", 7: "津"}, {ROWS: [["ひまわり苑", "市町", value, 1, None]]}
    )
    result = read(nursing, content)
    # What a person would type into the browser for the value Excel shows.
    if isinstance(value, float):
        typed = str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    else:
        typed = str(value)
    assert result.answers["facilities"][0]["capacity"] == typed
    excel = validate_answers(nursing.definition, result.answers, strict=False)
    browser_answers = {
        **result.answers,
        "facilities": [{**result.answers["facilities"][0], "capacity": typed}],
    }
    browser = validate_answers(nursing.definition, browser_answers, strict=False)
    assert [(e.path, e.message_ja) for e in excel.errors] == [(e.path, e.message_ja) for e in browser.errors]
    if excel.ok and isinstance(value, int):
        assert excel.data["facilities"][0]["capacity"] == value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_text_cells_pass_the_same_validation_as_the_browser(nursing: Any, text: str) -> None:
    assume(not ILLEGAL_CHARACTERS_RE.search(text) and not text.startswith("="))
    content = fill_template(survey_template_xlsx(nursing), {6: "2025-04-01", 7: text}, {ROWS: [GOOD_ROW]})
    result = read(nursing, content)
    excel = validate_answers(nursing.definition, result.answers, strict=False)
    browser = validate_answers(nursing.definition, {**result.answers, "contact_name": text}, strict=False)
    assert [(e.path, e.message_ja) for e in excel.errors] == [(e.path, e.message_ja) for e in browser.errors]
    assert excel.data == browser.data
