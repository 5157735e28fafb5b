from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from kencho.forms.display import answers_display
from kencho.forms.rendering import group_action, page_context, parse_post
from kencho.forms.validation import validate_answers

from .definitions import VALID_ANSWERS, child_allowance


def post(pairs: list[tuple[str, str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(key, value)
    return query


def render_page(page: str, answers: dict, errors: list, language: str = "ja") -> str:
    form = page_context(child_allowance(), page, answers, errors, language)
    with translation.override(language):
        return render_to_string("forms/error_summary.html", {"errors": form["errors"]}) + render_to_string(
            "forms/page_fields.html", {"form": form}
        )


def test_parse_post_reads_every_kind_of_input():
    answers = parse_post(
        child_allowance(),
        "applicant",
        post(
            [
                ("f-applicant_name-name", "山田 太郎"),
                ("f-applicant_name-kana", "やまだ たろう"),
                ("f-birth_date", "R2.4.1"),
                ("f-home-postal_code", "5140006"),
                ("f-home-address", "津市広明町13"),
                ("f-phone", "059-224-2000"),
                ("f-unknown", "x"),
            ]
        ),
    )
    assert answers["applicant_name"] == {"name": "山田 太郎", "kana": "やまだ たろう"}
    assert answers["home"] == {"postal_code": "5140006", "address": "津市広明町13"}
    assert answers["email"] == ""
    assert "unknown" not in answers
    result = validate_answers(child_allowance(), answers, pages=["applicant"], strict=False)
    assert result.ok, result.errors


def test_parse_post_groups_checkboxes_files_and_agreement():
    definition = child_allowance()
    household = parse_post(
        definition,
        "household",
        post(
            [
                ("f-children-count", "2"),
                ("f-children-0-name", "花子"),
                ("f-children-1-name", "次郎"),
                ("f-reasons", "cost"),
                ("f-reasons", "other"),
            ]
        ),
    )
    assert household["children"] == [{"name": "花子", "birth_date": ""}, {"name": "次郎", "birth_date": ""}]
    assert household["reasons"] == ["cost", "other"]
    documents = parse_post(
        definition,
        "documents",
        post(
            [
                ("f-certificate-upload", "a"),
                ("f-certificate-upload", "b"),
                ("f-certificate-remove", "a"),
                ("f-consent", "on"),
            ]
        ),
    )
    assert documents == {"certificate": [{"upload_id": "b"}], "consent": True}


def test_group_buttons_add_and_remove_items_without_javascript():
    definition = child_allowance()
    base = [("f-children-count", "2"), ("f-children-0-name", "花子"), ("f-children-1-name", "次郎")]
    assert group_action(post([("group-action", "add:children")])) == ("add", "children", -1)
    assert group_action(post([("group-action", "remove:children:1")])) == ("remove", "children", 1)
    assert group_action(post([("group-action", "drop:everything")])) is None
    added = parse_post(definition, "household", post([*base, ("group-action", "add:children")]))
    assert len(added["children"]) == 3
    removed = parse_post(definition, "household", post([*base, ("group-action", "remove:children:0")]))
    assert [item["name"] for item in removed["children"]] == ["次郎"]


def test_page_renders_labels_markers_and_autocomplete():
    html = render_page("applicant", {}, [])
    assert '<label for="f-phone">電話番号 <span class="field__required">' in html
    assert '<span class="visually-hidden">（</span>必須<span class="visually-hidden">）</span>' in html
    assert '<span class="field__optional"><span class="visually-hidden">（</span>任意' in html
    assert 'autocomplete="name"' in html and 'inputmode="kana"' in html
    assert (
        'autocomplete="postal-code"' in html
        and 'data-postal-lookup-url="/api/v1/postal-codes/{code}"' in html
    )
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert "<legend>氏名" in html


def test_errors_are_linked_described_and_marked_invalid():
    result = validate_answers(child_allowance(), {"phone": "12"}, pages=["applicant"])
    html = render_page("applicant", {"phone": "12"}, result.errors)
    assert "data-error-summary" in html and "入力内容を確認してください" in html
    assert '<a href="#f-phone">「電話番号」は 059-224-2000 のように市外局番から入力してください。</a>' in html
    assert 'href="#f-applicant_name-name"' in html
    assert 'aria-describedby="f-phone-error" aria-invalid="true"' in html
    assert 'id="f-phone-error"' in html


def test_group_items_have_legends_and_remove_buttons():
    html = render_page("household", {"children": [{"name": "花子"}, {}]}, [])
    assert "<legend>子 1</legend>" in html and "<legend>子 2</legend>" in html
    assert 'name="group-action" value="remove:children:1"' in html
    assert 'value="add:children"' in html
    assert 'name="f-children-count" value="2"' in html
    assert 'id="f-children-1-name" name="f-children-1-name"' in html


def test_conditional_fields_are_shown_with_a_hint_without_javascript():
    html = render_page("household", {}, [])
    assert "data-visible-when=" in html
    assert "「お子さんはいますか」で「はい」を選んだ場合に入力してください。" in html


def test_english_page():
    html = render_page("household", {}, [], language="en")
    assert "Answer this if you chose &quot;Yes&quot; for &quot;Do you have children?&quot;." in html


def test_answers_display_formats_values():
    result = validate_answers(child_allowance(), {**VALID_ANSWERS, "reasons": ["cost", "other"]})
    assert result.ok
    pages = answers_display(child_allowance(), result.data, language="ja")
    rows = {row.path: row for page in pages for row in page.rows}
    assert rows["birth_date"].value == "平成2年4月1日（1990年4月1日）"
    assert rows["income"].value == "4,000,000円"
    assert rows["has_children"].value == "はい"
    assert rows["reasons"].value == "費用、その他"
    assert rows["children.0.name"].label == "子 1：氏名"
    assert rows["home"].value == "〒514-0006 三重県津市広明町13番地"
    assert rows["consent"].value == "同意する"
    english = {
        row.path: row
        for page in answers_display(child_allowance(), result.data, language="en")
        for row in page.rows
    }
    assert english["income"].value == "¥4,000,000"
    assert english["birth_date"].value == "1 April 1990 (Heisei 2)"


def test_hidden_questions_are_not_displayed():
    pages = answers_display(child_allowance(), {"has_children": "no"}, language="ja")
    paths = [row.path for page in pages for row in page.rows]
    assert "children" not in paths and "has_children" in paths


def test_answers_summary_template():
    pages = answers_display(child_allowance(), {"phone": "059-224-2000"}, language="ja")
    pages[0].change_url = "/change/applicant"
    html = render_to_string("forms/answers_summary.html", {"pages": pages})
    assert '<dl class="summary-list">' in html and "<dt>電話番号</dt><dd>059-224-2000</dd>" in html
    assert 'href="/change/applicant"' in html


def test_address_is_filled_from_the_postal_code_without_javascript():
    result = validate_answers(
        child_allowance(), {"home": {"postal_code": "5140006", "address": ""}}, pages=["applicant"]
    )
    assert ("home", "address") in [(e.path, e.part) for e in result.errors]
    html = render_page("applicant", {"home": {"postal_code": "5140006", "address": ""}}, result.errors)
    assert 'name="f-home-address" value="三重県津市広明町"' in html


def test_english_markers_and_summary_title():
    result = validate_answers(child_allowance(), {}, pages=["applicant"])
    html = render_page("applicant", {}, result.errors, language="en")
    assert "There is a problem" in html
    assert '<span class="field__required">' in html and "必須" not in html
    assert "Enter &quot;Phone number&quot;." in html
