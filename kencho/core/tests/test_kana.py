import pytest

from kencho.core.japanese.kana import is_katakana_name, normalize_katakana


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("やまだ たろう", "ヤマダ　タロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),
        ("ｶﾞｷﾞｸﾞｹﾞｺﾞ ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ｳﾞ", "ガギグゲゴ　パピプペポ　ヴ"),
        ("  ヤマダ　　 タロウ  ", "ヤマダ　タロウ"),
        ("すずき　いちろー", "スズキ　イチロー"),
        ("ｽｽﾞｷｰ", "スズキー"),
        ("ゔぁ", "ヴァ"),
        ("山田 taro", "山田　taro"),
        ("", ""),
    ],
)
def test_normalize_katakana(text, expected):
    assert normalize_katakana(text) == expected


def test_normalize_katakana_is_idempotent():
    once = normalize_katakana("ﾔﾏﾀﾞ  たろう")
    assert normalize_katakana(once) == once


@pytest.mark.parametrize(
    "text",
    ["ヤマダ　タロウ", "やまだ たろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "スミス・ジョン", "ヴァン　ゴッホ", "ヶ", "ガー"],
)
def test_katakana_names_are_accepted(text):
    assert is_katakana_name(text)


@pytest.mark.parametrize(
    "text",
    ["山田 太郎", "Yamada Taro", "ヤマダ1", "ヤマダ-タロウ", "", "　", "ー", "・", "ヤマダ\u200bタロウ"],
)
def test_other_text_is_not_a_katakana_name(text):
    assert not is_katakana_name(text)
