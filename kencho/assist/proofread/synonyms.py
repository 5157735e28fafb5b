"""Sudachi's synonym dictionary (the npm package sudachi-synonyms-dictionary, installed at set-up
into node_modules) as an offline source of spelling variants.

In that dictionary a group holds words of one meaning; the items with the same vocabulary number are
one word in several spellings: the 代表表記, its 異表記・表記ゆれ (宛先, あて先, 宛て先) and, for a few,
its 間違い表記 (シュミレーション). Alphabetic spellings, abbreviations and other words of the group are
not spellings of the same word, so they are left out.

The file is 14 MB of JSON; it is read on first use, once per process. Without it (a wheel installed
without node_modules) the variant rules still run on Sudachi's own normalised forms, and the system
check proofread.W001 says what is missing.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

_SPELLINGS = frozenset({"代表表記", "異表記・表記ゆれ"})


@dataclass
class SynonymDictionary:
    # a spelling → the ids of the word(s) it spells (one spelling may spell two words)
    variant_sets: dict[str, tuple[int, ...]] = field(default_factory=dict)
    representative: dict[int, str] = field(default_factory=dict)
    misspellings: dict[str, str] = field(default_factory=dict)  # wrong → 代表表記


def synonyms_path() -> Path:
    default = Path(settings.BASE_DIR) / "node_modules" / "sudachi-synonyms-dictionary"
    directory = Path(getattr(settings, "KENCHO_PROOFREAD_SYNONYMS_DIR", default))
    return directory / "sudachi-synonyms-dictionary.json"


def _build(groups: list[dict[str, Any]]) -> SynonymDictionary:
    result = SynonymDictionary()
    sets: dict[str, list[int]] = defaultdict(list)
    word_id = 0
    for group in groups:
        words: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for item in group["items"]:
            if item.get("gokeiSyubetsu") == "代表語" and item.get("ryakusyou") == "代表語形":
                words[item["vocabularyNumber"]].append(item)
        for items in words.values():
            word_id += 1
            spellings = [i["midashi"] for i in items if i["hyoukiYure"] in _SPELLINGS]
            main = next((i["midashi"] for i in items if i["hyoukiYure"] == "代表表記"), None)
            if main is None:
                continue
            for item in items:
                # 間違い表記 only: the 語形種別 間違い marks misused meanings (やおら), not misspellings.
                if item["hyoukiYure"] == "間違い表記" and not item["midashi"].isascii():
                    result.misspellings[item["midashi"]] = main
            if len(set(spellings)) < 2:
                continue
            result.representative[word_id] = main
            for spelling in set(spellings):
                sets[spelling].append(word_id)
    result.variant_sets = {spelling: tuple(ids) for spelling, ids in sets.items()}
    return result


@functools.lru_cache(maxsize=1)
def synonym_dictionary() -> SynonymDictionary:
    path = synonyms_path()
    if not path.exists():
        return SynonymDictionary()
    with path.open(encoding="utf-8") as handle:
        return _build(json.load(handle))
