"""The column layout of FAQ spreadsheets (CSV and xlsx), for import and export alike.

The first row names the columns, in English or in Japanese, in any order:

- key (キー), required: the entry's stable name, a-z 0-9 - _
- category (分類): optional; a new name creates the category
- question (質問), required
- answer (回答), required: safe HTML (p, br, ul, ol, li, a, strong, em, b, i) or plain text, whose
  line breaks are kept and whose web addresses become links
- alternative_questions (言い換え): other ways to ask, one per line of the cell
- easy_question (やさしい日本語の質問), easy_answer (やさしい日本語の回答): optional
- active (公開): 1/0, yes/no, はい/いいえ, 公開/非公開; empty means 1
- question_<lang> (質問_<lang>) and answer_<lang> (回答_<lang>): a translation, both or neither, with
  the codes of languages.TRANSLATION_LANGUAGES (en, zh-hans, zh-hant, ko, pt, es, vi, tl, id, ne, th)
"""

from __future__ import annotations

from .languages import TRANSLATION_LANGUAGES

BASE_COLUMNS = [
    ("key", "キー"),
    ("category", "分類"),
    ("question", "質問"),
    ("answer", "回答"),
    ("alternative_questions", "言い換え"),
    ("easy_question", "やさしい日本語の質問"),
    ("easy_answer", "やさしい日本語の回答"),
    ("active", "公開"),
]
REQUIRED = ("key", "question", "answer")
LANGUAGE_CODES = [code for code, _ in TRANSLATION_LANGUAGES]

TRUE_WORDS = frozenset({"1", "true", "yes", "y", "はい", "公開", "○", "有効"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "いいえ", "非公開", "×", "無効"})


def canonical_column(header: str) -> str | None:
    """The column's English name for a header in either language; None when it is not a known column."""
    name = header.strip().lstrip("\ufeff")
    lowered = name.lower()
    for english, japanese in BASE_COLUMNS:
        if lowered == english or name == japanese:
            return english
    for prefix, japanese in (("question_", "質問_"), ("answer_", "回答_")):
        for code in LANGUAGE_CODES:
            if lowered == prefix + code or name == japanese + code:
                return prefix + code
    return None


def export_headers(languages: list[str]) -> list[str]:
    headers = [english for english, _ in BASE_COLUMNS]
    for code in languages:
        headers += [f"question_{code}", f"answer_{code}"]
    return headers
