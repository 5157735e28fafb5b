"""Re-spelling a conjugated word: 下さい written with the stem of くださる gives ください."""

from __future__ import annotations


def respell(surface: str, lemma: str, new_lemma: str) -> str:
    """`surface` (a form of `lemma`) written with `new_lemma`'s spelling.

    The part of the surface shared with the lemma is the stem; what follows it is the ending, kept
    as it is: respell("下さい", "下さる", "くださる") == "ください", respell("出来ます", "出来る", "できる")
    == "できます", respell("打合せ", "打合せ", "打ち合わせ") == "打ち合わせ".
    """
    common = 0
    for a, b in zip(surface, lemma, strict=False):
        if a != b:
            break
        common += 1
    lemma_tail = len(lemma) - common
    if lemma_tail > len(new_lemma):
        return new_lemma
    return new_lemma[: len(new_lemma) - lemma_tail] + surface[common:]
