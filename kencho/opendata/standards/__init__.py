"""自治体標準オープンデータセット: the Digital Agency's standard open data sets for local governments.

Each standard is a Frictionless Table Schema in schemas/<id>.json, with the column names of the
current template and, per field, the names the same column had in the older 推奨データセット
(see headers.py for what is accepted). validation.validate_standard_csv checks a CSV file
against one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

SCHEMA_DIRECTORY = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class StandardDataset:
    id: str
    title_ja: str
    title_en: str

    @property
    def schema_path(self) -> Path:
        return SCHEMA_DIRECTORY / f"{self.id}.json"


STANDARD_DATASETS: dict[str, StandardDataset] = {
    standard.id: standard
    for standard in (
        StandardDataset("aed", "AED設置箇所一覧", "AED locations"),
        StandardDataset("evacuation_site", "指定緊急避難場所一覧", "Designated emergency evacuation sites"),
        StandardDataset("public_facility", "公共施設一覧", "Public facilities"),
        StandardDataset("childcare_facility", "子育て施設一覧", "Childcare facilities"),
        StandardDataset("tourist_facility", "観光施設一覧", "Tourist facilities"),
        StandardDataset("event", "イベント一覧", "Events"),
    )
}


class UnknownStandard(KeyError):
    """No standard data set has this id."""


def get_standard_dataset(standard_id: str) -> StandardDataset:
    try:
        return STANDARD_DATASETS[standard_id]
    except KeyError:
        raise UnknownStandard(standard_id) from None


def standard_dataset_choices() -> list[tuple[str, str]]:
    """(id, title) pairs for a form select, titled in the active language (Japanese unless English).

    Pass the function itself as choices so that the language is read for each request.
    """
    english = (get_language() or "ja").lower().startswith("en")
    return [
        (standard.id, standard.title_en if english else standard.title_ja)
        for standard in STANDARD_DATASETS.values()
    ]
