"""The JSON lists staff write on the programme page (eligibility questions, scoring criteria): a
list of objects, each with a unique `key`. `keyed_items` checks that shape and hands each item, with
the words that locate it, to the caller's own checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def keyed_items(
    items: Any, *, list_ja: str, list_en: str, item_ja: str, item_en: str, problems: list[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, item) for every object in `items`, appending to `problems` what is wrong with
    the list itself, a non-object or a missing, malformed or repeated key."""
    if not isinstance(items, list):
        problems.append(f"{list_ja}はリスト（[...]）で書いてください。 / Write the {list_en} as a list.")
        return
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        where = f"{number}番目の{item_ja} / {item_en} {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: {{...}} の形で書いてください。 / write it as an object.")
            continue
        key = item.get("key")
        if not isinstance(key, str) or not key.isidentifier() or key in seen:
            problems.append(
                f"{where}: key は重複しない半角英字の名前にしてください。 / key must be a unique name."
            )
        else:
            seen.add(key)
        yield where, item
