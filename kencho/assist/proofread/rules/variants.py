"""表記ゆれ: one word written two ways in the same document (打合せ and 打ち合わせ, サーバとサーバー).

Two offline sources say which spellings are one word: Sudachi's normalised form (打合せ, 打ち合わせ →
打ち合わせ), and the spelling variants of Sudachi's synonym dictionary (宛先, あて先, 宛て先). Nouns
must also read the same (時 as とき, not as じ), so 方 (かた) and ほう stay apart. The spelling used most
often in the document is taken as the intended one; every other spelling is flagged.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..document import CheckedText, Word
from ..findings import Finding, Message
from ..spelling import respell
from ..synonyms import synonym_dictionary
from .base import Rule, proofreading_rules

_CONTENT = frozenset({"名詞", "動詞", "形容詞", "副詞", "形状詞"})
_CONJUGATING = frozenset({"動詞", "形容詞"})
_SKIP = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")


@dataclass
class _Use:
    word: Word
    form: str


def _form(word: Word) -> str:
    return word.lemma if word.pos[0] in _CONJUGATING else word.surface


@proofreading_rules.register("variants")
class SpellingVariantsRule(Rule):
    title = Message("表記ゆれ", "Inconsistent spellings (表記ゆれ)")
    order = 112

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        synonyms = synonym_dictionary().variant_sets
        groups: dict[tuple[str, ...], list[_Use]] = defaultdict(list)
        words = doc.words
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else None
            if word.pos[0] == "名詞" and following is not None and following.pos[0] in {"名詞", "接尾辞"}:
                continue  # part of a compound (申込書), where the short form is the rule
            if word.pos[0] not in _CONTENT or word.pos[1] == "数詞" or _SKIP.search(word.surface):
                continue
            if len(word.surface) == 1 and not ("\u4e00" <= word.surface <= "\u9fff"):
                continue
            form = _form(word)
            use = _Use(word, form)
            if word.pos[0] in _CONJUGATING:
                groups[("sudachi", word.normalized, word.pos[4][:2])].append(use)
            else:
                groups[("sudachi", word.normalized, word.reading)].append(use)
            if word.pos[0] in _CONJUGATING:
                continue  # verbs share synonym entries across words (行く, 行う); Sudachi alone decides
            for word_id in synonyms.get(form, ()):
                groups[("synonyms", str(word_id))].append(use)
        flagged: set[int] = set()
        for uses in groups.values():
            counts = Counter(use.form for use in uses)
            if len(counts) < 2:
                continue
            main = max(counts, key=lambda form: (counts[form], -[u.form for u in uses].index(form)))
            summary = "、".join(f"{form} {count}回" for form, count in counts.most_common())
            summary_en = ", ".join(f"{form} ×{count}" for form, count in counts.most_common())
            main_use = next(u for u in uses if u.form == main)
            for use in uses:
                if use.form == main or use.word.start in flagged:
                    continue
                flagged.add(use.word.start)
                suggestion = (
                    respell(use.word.surface, use.form, main_use.form)
                    if use.word.pos[0] in _CONJUGATING
                    else main
                )
                yield self.finding(
                    use.word.start,
                    use.word.end,
                    f"表記ゆれ：「{use.form}」と「{main}」が混在しています（{summary}）。",
                    f"Inconsistent spelling: both 「{use.form}」 and 「{main}」 are used ({summary_en}).",
                    suggestion,
                )
