from __future__ import annotations

import pytest

from kencho.assist.faq.languages import detect_language
from kencho.assist.faq.richtext import answer_plain_text, sanitize_answer


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("伊勢神宮への行き方", "ja"),
        ("自動車税", "ja"),
        ("VPNがつながらない", "ja"),
        ("how to get to Ise", "en"),
        ("이세신궁 가는 방법", "ko"),
        ("como chegar à estação", "pt"),
        ("Làm thế nào để đến đền Ise", "vi"),
        ("", "ja"),
    ],
)
def test_the_language_of_a_question_is_guessed_from_its_script(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_plain_text_of_an_answer_keeps_lines_and_drops_markup() -> None:
    html = sanitize_answer("<p>一行目</p><ol><li>手順&amp;注意</li><li>次</li></ol>")
    assert answer_plain_text(html) == "一行目\n手順&注意\n次"
