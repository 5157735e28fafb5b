"""The pipeline on generated scans: each field type read within its accuracy, wrong readings flagged."""

from __future__ import annotations

import threading

import pytest

from kencho.ocr import imaging, samples
from kencho.ocr.engines import engine_get, engines
from kencho.ocr.normalise import display, same_value
from kencho.ocr.reading import BoxSpec, FieldStatus, page_read
from kencho.ocr.scoring import best_window_distance, edit_distance

BOXES = [BoxSpec(**b) for b in samples.TEMPLATE_BOXES]
TYPES = {
    "applicant_name": "text",
    "address": "text",
    "birth_date": "date",
    "postal_code": "digits",
    "phone": "digits",
    "children": "digits",
    "income": "digits",
    "consent": "checkbox",
}


def _expected(sample: samples.Sample, box: BoxSpec) -> object:
    value = sample.expected.get(box.key)
    return value.get(box.part) if isinstance(value, dict) else value


@pytest.fixture(scope="module")
def template() -> imaging.Gray:
    return imaging.decode(samples.blank_page_bytes())


def test_engines_are_registered_plugins_and_load_once() -> None:
    first = engine_get("rapidocr")
    assert {"rapidocr", "tesseract"} <= set(engines)
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(engine_get("rapidocr"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(f is first for f in found)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(LookupError):
        engine_get("cloud")


@pytest.mark.parametrize("style", ["typed", "handwriting"])
def test_character_accuracy_per_field_type(template: imaging.Gray, style: samples.Style) -> None:
    errors: dict[str, int] = {}
    lengths: dict[str, int] = {}
    for seed in range(3):
        sample = samples.sample_answers(100 + seed, style)
        result = page_read(
            imaging.decode(samples.filled_page(sample)), template, BOXES, schema=samples.FORM_DEFINITION
        )
        assert result.registered
        for found in result.fields:
            if found.box.kind == "ignore":
                assert found.status == FieldStatus.IGNORED
                continue
            kind = TYPES[found.box.key]
            truth = display(_expected(sample, found.box)).replace(" ", "")
            got = display(found.value).replace(" ", "")
            errors[kind] = errors.get(kind, 0) + edit_distance(got, truth)
            lengths[kind] = lengths.get(kind, 0) + max(1, len(truth))
    cer = {kind: errors[kind] / lengths[kind] for kind in errors}
    assert cer["digits"] <= 0.02, cer
    assert cer["date"] <= 0.05, cer
    assert cer["text"] <= 0.08, cer
    assert cer["checkbox"] == 0, cer


def test_wrong_or_disputed_fields_are_flagged(template: imaging.Gray) -> None:
    wrong_unflagged = 0
    for seed in range(4):
        sample = samples.sample_answers(200 + seed, "handwriting")
        result = page_read(
            imaging.decode(samples.filled_page(sample)), template, BOXES, schema=samples.FORM_DEFINITION
        )
        for found in result.fields:
            if found.box.kind == "ignore":
                continue
            if not same_value(found.value, _expected(sample, found.box)) and found.status == FieldStatus.OK:
                wrong_unflagged += 1
    assert wrong_unflagged == 0


def test_dates_in_wareki_are_stored_as_iso(template: imaging.Gray) -> None:
    sample = samples.sample_answers(7, "typed")
    sample.written["birth_date"] = "令和2年4月1日"
    result = page_read(
        imaging.decode(samples.filled_page(sample)), template, BOXES, schema=samples.FORM_DEFINITION
    )
    date = next(f for f in result.fields if f.box.key == "birth_date")
    assert date.value == "2020-04-01"


def test_an_empty_required_box_is_invalid_with_the_forms_message(template: imaging.Gray) -> None:
    sample = samples.sample_answers(8, "typed")
    sample.written["phone"] = ""
    sample.written["consent"] = ""
    result = page_read(
        imaging.decode(samples.filled_page(sample)), template, BOXES, schema=samples.FORM_DEFINITION
    )
    phone = next(f for f in result.fields if f.box.key == "phone")
    consent = next(f for f in result.fields if f.box.key == "consent")
    assert phone.status == consent.status == FieldStatus.INVALID
    assert "電話番号" in phone.message_ja
    assert "required" in consent.reasons


def test_a_page_of_another_form_is_not_registered_and_all_fields_go_to_review(template: imaging.Gray) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    noise = (rng.random((2339, 1654)) * 255).astype(np.uint8)
    result = page_read(noise, template, BOXES, schema=samples.FORM_DEFINITION)
    assert not result.registered
    assert all(f.status != FieldStatus.OK for f in result.fields if f.box.kind != "ignore")


def test_the_tesseract_engine_keeps_japanese() -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (700, 90), 255)
    ImageDraw.Draw(image).text((10, 10), "三重県津市", font=samples.font("gothic", 56), fill=0)
    import numpy as np

    reading = engine_get("tesseract").read(np.asarray(image, dtype=np.uint8), hint="line")
    assert reading.text == "三重県津市"
    assert 0 < reading.confidence <= 1


def test_edit_distances() -> None:
    assert edit_distance("スズキ", "ズズキ") == 1
    assert edit_distance("", "abc") == 3
    assert best_window_distance("氏名山田太郎住所", "山田太郎") == 0
    assert best_window_distance("氏名山田大郎住所", "山田太郎") == 1
