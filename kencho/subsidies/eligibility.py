"""Eligibility questions (申請要件) a programme asks before anyone starts its application form.

A programme's `eligibility` is a list of questions:

    {"key": "sme", "type": "yes_no", "require": "yes",
     "text": {"ja": "中小企業ですか。", "en": "Is the business an SME?"},
     "reason": {"ja": "中小企業が対象です。", "en": "Only SMEs may apply."}}
    {"key": "employees", "type": "number", "min": 1, "max": 300, "text": {...}, "reason": {...}}

An answer outside what a question requires stops the applicant with that question's reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kencho.core.japanese.text import to_halfwidth_digits

from .keyed_items import keyed_items

TYPES = ("yes_no", "number")
MAX_NUMBER = 10**12


@dataclass(frozen=True)
class Reason:
    key: str
    ja: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.ja


def _text(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("ja"), str) and bool(value["ja"].strip())


def eligibility_problems(questions: Any) -> list[str]:
    """What is wrong with a list of questions, in words staff can act on (empty when it is fine)."""
    problems: list[str] = []
    for where, question in keyed_items(
        questions,
        list_ja="申請要件の質問",
        list_en="questions",
        item_ja="質問",
        item_en="question",
        problems=problems,
    ):
        if question.get("type") not in TYPES:
            problems.append(f"{where}: type は yes_no か number です。 / type must be yes_no or number.")
        if not _text(question.get("text")) or not _text(question.get("reason")):
            problems.append(f"{where}: text と reason に ja を書いてください。 / text and reason need ja.")
        if question.get("type") == "yes_no" and question.get("require") not in {"yes", "no"}:
            problems.append(f"{where}: require は yes か no です。 / require must be yes or no.")
        if question.get("type") == "number":
            low, high = question.get("min"), question.get("max")
            if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (low, high)):
                problems.append(f"{where}: min と max は整数です。 / min and max must be integers.")
            elif low is not None and high is not None and low > high:
                problems.append(f"{where}: min は max 以下にします。 / min must not exceed max.")
    return problems


@dataclass(frozen=True)
class MissingAnswer:
    key: str
    ja: str
    en: str


def eligibility_parse(
    questions: list[dict[str, Any]], raw: Mapping[str, str]
) -> tuple[dict[str, Any], list[MissingAnswer]]:
    """The answers typed into the eligibility form (`q-<key>`), and the ones missing or malformed."""
    answers: dict[str, Any] = {}
    problems: list[MissingAnswer] = []
    for question in questions:
        key = question["key"]
        value = str(raw.get(key, "") or "").strip()[:50]
        if question["type"] == "yes_no":
            if value in {"yes", "no"}:
                answers[key] = value
            else:
                problems.append(
                    MissingAnswer(key, "「はい」か「いいえ」を選んでください。", "Choose yes or no.")
                )
        else:
            digits = to_halfwidth_digits(value).replace(",", "")
            try:
                number = int(digits)
            except ValueError:
                problems.append(
                    MissingAnswer(
                        key, "半角数字で入力してください（例: 25）。", "Enter a whole number, e.g. 25."
                    )
                )
                continue
            if abs(number) > MAX_NUMBER:
                problems.append(MissingAnswer(key, "数が大きすぎます。", "The number is too large."))
                continue
            answers[key] = number
    return answers, problems


def eligibility_reasons(questions: list[dict[str, Any]], answers: Mapping[str, Any]) -> list[Reason]:
    """Why the answers make the applicant ineligible; empty when they may apply."""
    reasons: list[Reason] = []
    for question in questions:
        key = question["key"]
        answer = answers.get(key)
        reason = question.get("reason") or {}
        failed = False
        if question["type"] == "yes_no":
            failed = answer != question.get("require")
        else:
            low, high = question.get("min"), question.get("max")
            failed = (
                not isinstance(answer, int)
                or (low is not None and answer < low)
                or (high is not None and answer > high)
            )
        if failed:
            reasons.append(Reason(key, reason.get("ja", ""), reason.get("en", "") or reason.get("ja", "")))
    return reasons
