import pytest

from kencho.core.japanese.text import has_control_characters, normalize_hyphens, to_halfwidth_digits


def test_full_width_digits_letters_and_punctuation_become_ascii():
    assert to_halfwidth_digits("０１２３４５６７８９") == "0123456789"
    assert to_halfwidth_digits("ＡＢＣｘｙｚ－．／：（）") == "ABCxyz-./:()"


def test_katakana_and_kanji_are_left_alone():
    assert to_halfwidth_digits("カタカナ　漢字ｶﾅ") == "カタカナ　漢字ｶﾅ"


def test_ascii_is_unchanged():
    assert to_halfwidth_digits("R7.4.1 abc") == "R7.4.1 abc"


def test_dash_variants_become_hyphen_minus_but_prolonged_sound_mark_stays():
    assert normalize_hyphens("514‐0006 03−1234―5678 ０３－") == "514-0006 03-1234-5678 ０３-"
    assert normalize_hyphens("ヤマダ　タロー") == "ヤマダ　タロー"


@pytest.mark.parametrize(
    "text",
    [
        "abc\x00",
        "\x1b[31m",
        "del\x7f",
        "c1\x85",
        "zero\u200bwidth",
        "joiner\u200d",
        "word\u2060joiner",
        "\ufeffbom",
        "override\u202e",
        "isolate\u2066x\u2069",
    ],
)
def test_control_zero_width_and_bidi_characters_are_found(text):
    assert has_control_characters(text, allow_newlines=True)
    assert has_control_characters(text, allow_newlines=False)


def test_newlines_and_tabs_only_pass_when_allowed():
    assert not has_control_characters("一行目\r\n二行目\tタブ", allow_newlines=True)
    assert has_control_characters("一行目\n二行目", allow_newlines=False)
    assert has_control_characters("tab\t", allow_newlines=False)


def test_plain_japanese_text_has_no_control_characters():
    assert not has_control_characters("三重県津市広明町13番地　ｶﾅ ①", allow_newlines=False)
