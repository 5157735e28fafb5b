import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from kencho.opendata.charts import bar_chart_svg, format_number, line_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
CITIES = ["津市", "四日市市", "伊勢市", "松阪市"]
POPULATION = [274_537, 305_424, 122_765, 159_000]


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def _parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 — the SVG this test has just drawn, not outside input


def _bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


def test_bar_chart_is_one_labelled_image_with_a_summary():
    root = _parse(bar_chart_svg(CITIES, POPULATION, title="市町別人口"))

    assert root.get("role") == "img"
    assert root.get("aria-label") == "市町別人口"
    assert root.find(f"{SVG}title").text == "市町別人口"
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-describedby") == desc.get("id")
    assert "4 項目" in desc.text
    assert "最大値 305,424（四日市市）" in desc.text
    assert "最小値 122,765（伊勢市）" in desc.text
    assert [bar.find(f"{SVG}title").text for bar in _bars(root)] == [
        "津市: 274,537",
        "四日市市: 305,424",
        "伊勢市: 122,765",
        "松阪市: 159,000",
    ]


def test_taller_bar_for_the_larger_value():
    heights = [
        float(bar.get("height")) for bar in _bars(_parse(bar_chart_svg(CITIES, POPULATION, title="人口")))
    ]

    assert heights.index(max(heights)) == 1
    assert heights.index(min(heights)) == 2


def test_japanese_font_stack_and_no_inline_styles():
    svg = str(bar_chart_svg(CITIES, POPULATION, title="人口"))

    assert "style=" not in svg
    font_family = _parse(svg).get("font-family")
    assert "Noto Sans JP" in font_family and font_family.endswith("sans-serif")


def test_text_from_the_data_is_escaped():
    labels = ['<script>alert("x")</script>', "A&B", "'quoted'"]

    svg = bar_chart_svg(labels, [1, 2, 3], title='人口 <b>"速報"</b>', desc="説明 & <注>")

    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)  # still well-formed XML
    assert root.get("aria-label") == '人口 <b>"速報"</b>'
    assert root.find(f"{SVG}desc").text == "説明 & <注>"
    assert _bars(root)[0].find(f"{SVG}title").text == '<script>alert("x")</script>: 1'


def test_negative_values_hang_below_the_zero_line_in_another_colour():
    root = _parse(bar_chart_svg(["増", "減"], [120, -80], title="人口増減"))

    rise, fall = _bars(root)
    zero = next(line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#4D4D4D")
    assert float(rise.get("y")) + float(rise.get("height")) == pytest.approx(float(zero.get("y1")), abs=0.2)
    assert float(fall.get("y")) == pytest.approx(float(zero.get("y1")), abs=0.2)
    assert rise.get("fill") != fall.get("fill")
    assert "最小値 -80（減）" in root.find(f"{SVG}desc").text


def test_many_bars_are_capped_with_a_note():
    labels = [f"地点{n}" for n in range(100)]

    root = _parse(bar_chart_svg(labels, list(range(100)), title="観測値", max_bars=60))

    assert len(_bars(root)) == 60
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    assert "先頭 60 件を表示しています（全 100 件）。" in texts
    assert "全 100 件" in root.find(f"{SVG}desc").text
    assert any(text.get("transform", "").startswith("rotate(-45") for text in root.iter(f"{SVG}text"))


def test_missing_values_leave_gaps():
    root = _parse(bar_chart_svg(["a", "b", "c"], [1.0, None, float("nan")], title="欠測あり"))

    assert len(_bars(root)) == 1


def test_chart_without_numbers_says_so():
    root = _parse(bar_chart_svg(["a", "b"], [None, None], title="空"))

    assert not _bars(root)
    assert "表示できる数値がありません。" in [text.text for text in root.iter(f"{SVG}text")]
    assert "値のある項目はありません" in root.find(f"{SVG}desc").text


def test_line_chart_breaks_at_missing_values():
    root = _parse(line_chart_svg(["1月", "2月", "3月", "4月", "5月"], [3, 4, None, 6, 7], title="月別"))

    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    markers = list(root.iter(f"{SVG}circle"))
    assert [marker.find(f"{SVG}title").text for marker in markers] == ["1月: 3", "2月: 4", "4月: 6", "5月: 7"]
    assert "折れ線グラフ" in root.find(f"{SVG}desc").text


def test_each_chart_gets_its_own_ids_unless_given_one():
    first = _parse(bar_chart_svg(["a"], [1], title="A"))
    second = _parse(bar_chart_svg(["a"], [2], title="A"))
    named = _parse(bar_chart_svg(["a"], [1], title="A", chart_id="population"))

    assert first.find(f"{SVG}desc").get("id") != second.find(f"{SVG}desc").get("id")
    assert named.get("aria-describedby") == "population-desc"


def test_labels_and_values_must_pair_up():
    with pytest.raises(ValueError, match="same length"):
        bar_chart_svg(["a", "b"], [1], title="x")


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567, "1,234,567"), (12.5, "12.5"), (-1234.25, "-1,234.25"), (0.00123, "0.00123"), (0.0, "0")],
)
def test_format_number(value, text):
    assert format_number(value) == text
