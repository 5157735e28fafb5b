"""ら抜き言葉: the potential of an 一段 or カ変 verb takes られる (見られる, 来られる); 見れる drops the ら.

五段 verbs have potential verbs of their own (走る → 走れる), so the rule looks at the conjugation
type (活用型) of the base verb, not at the ending: Sudachi reads 見れる as a form of 見る, whose type
is 上一段, and 走れる as a form of 走る, which is 五段.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kencho.core.search import morphemes

from ..document import CheckedText, Word
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_ICHIDAN_OR_KAHEN = ("上一段", "下一段", "カ行変格")


@functools.lru_cache(maxsize=2048)
def _takes_rareru(verb: str) -> bool:
    """Whether the verb (a dictionary form) conjugates as 一段 or カ変."""
    found = morphemes(verb)
    return len(found) == 1 and found[0].part_of_speech[4].startswith(_ICHIDAN_OR_KAHEN)


def _is_verb(word: Word) -> bool:
    return word.pos[0] == "動詞"


@proofreading_rules.register("ranuki")
class RanukiRule(Rule):
    title = Message("ら抜き言葉", "ら-dropped potential verbs (ら抜き言葉)")
    order = 20

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        words = doc.words
        for index, word in enumerate(words):
            if not _is_verb(word):
                continue
            # 見れる, 来れない: Sudachi has the ら-dropped verb as a word of its own.
            lemma, base = word.lemma, word.normalized
            if (
                lemma != base
                and lemma.endswith("れる")
                and base.endswith("る")
                and lemma == base[:-1] + "れる"
                and word.surface.startswith(lemma[:-2] + "れ")
                and _takes_rareru(base)
            ):
                stem = lemma[:-2]
                suggestion = stem + "られ" + word.surface[len(stem) + 1 :]
                yield self._finding(word.start, word.end, word.surface, suggestion)
                continue
            # 借り + れる: an 一段 verb's 未然形 followed by れる.
            if (
                word.conjugation_form.startswith("未然形")
                and word.conjugation_type.startswith(_ICHIDAN_OR_KAHEN)
                and index + 1 < len(words)
                and words[index + 1].lemma == "れる"
            ):
                after = words[index + 1]
                found = word.surface + after.surface
                yield self._finding(word.start, after.end, found, word.surface + "ら" + after.surface)

    def _finding(self, start: int, end: int, found: str, suggestion: str) -> Finding:
        return self.finding(
            start,
            end,
            f"「{found}」はら抜き言葉です。「{suggestion}」と書きます。",
            f"「{found}」 drops the ら of the potential form; write 「{suggestion}」.",
            suggestion,
        )
