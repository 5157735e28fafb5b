"""The proofreading rules, one small class per concern. Importing this package registers them all."""

from . import (  # noqa: F401 - imported to register the rules
    brackets,
    commas,
    conjunction_levels,
    conjunctions,
    double_negative,
    doubled_conjunction,
    doubled_ga,
    doubled_particle,
    invisible,
    kana_words,
    kanji_run,
    okurigana,
    ranuki,
    redundant,
    sasete,
    sentence_length,
    style_mix,
    terms,
    typos,
    variants,
    widths,
)
from .base import Rule, proofreading_rules, rule_classes

__all__ = ["Rule", "proofreading_rules", "rule_classes"]
