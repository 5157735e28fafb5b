from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kencho.assist.faq.demo.loader import LabelledQuery, labelled_queries
from kencho.assist.faq.evaluation import Metrics, choose_fusion, cross_validated, retrieval_metrics
from kencho.assist.faq.evaluation_cases import UnknownKeys, cases_for
from kencho.assist.faq.fusion import FusionParameters
from kencho.assist.faq.models import FaqCollection
from kencho.assist.faq.retrieval import Retriever
from kencho.assist.faq.services import fusion_parameters_save


def test_the_chosen_parameters_are_among_the_grid_and_cross_validation_measures_held_out_queries(
    demo_collections: dict[str, FaqCollection],
) -> None:
    cases = cases_for(labelled_queries("it-helpdesk"))
    grid: dict[str, Any] = {"rrf_ks": (3, 60), "dense_weights": (0.5, 1.25), "thresholds": (0.9, 0.945)}
    chosen = choose_fusion(cases, **grid)
    assert chosen.rrf_k in {3, 60} and chosen.dense_weight in {0.5, 1.25}
    assert chosen.no_match_threshold in {0.9, 0.945}
    held_out, flags = cross_validated(cases, folds=2, **grid)
    assert held_out.queries == sum(1 for c in cases if c.relevant)
    assert 0.5 < held_out.hit_at_1 <= 1 and 0 < flags.balanced_accuracy <= 1


def test_a_perfect_ranking_scores_one(demo_collections: dict[str, FaqCollection]) -> None:
    cases = cases_for(
        [LabelledQuery("it-helpdesk", "パスワードを忘れてしまいました。", ("password-forgot",))]
    )
    assert retrieval_metrics(cases, FusionParameters.defaults(), Retriever.HYBRID) == Metrics(
        1, 1.0, 1.0, 1.0, 1.0
    )


def test_labels_naming_missing_entries_are_refused(demo_collections: dict[str, FaqCollection]) -> None:
    with pytest.raises(UnknownKeys, match="no-such-entry"):
        cases_for([LabelledQuery("kanko", "x", ("no-such-entry",))])


def test_parameters_saved_on_a_collection_override_the_defaults(tax_collection: FaqCollection) -> None:
    chosen = FusionParameters(20, 1.0, 0.5, 2.0, 0.9, 0.8)
    fusion_parameters_save(collection=tax_collection, parameters=chosen)
    assert FusionParameters.for_collection(tax_collection) == chosen
    assert FusionParameters.for_collection(FaqCollection(slug="x")) == FusionParameters.defaults()


def test_evaluate_command_refuses_an_unreadable_query_file(
    tax_collection: FaqCollection, tmp_path: Path
) -> None:
    path = tmp_path / "q.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("faq_evaluate", "--queries", str(path))
    path.write_text('[{"collection": "tax", "query": "引越し", "expected": ["nope"]}]', encoding="utf-8")
    with pytest.raises(CommandError, match="nope"):
        call_command("faq_evaluate", "--queries", str(path))


def test_load_faq_demo_twice_changes_nothing(demo_collections: dict[str, FaqCollection]) -> None:
    before = {slug: c.entries.count() for slug, c in demo_collections.items()}
    out = io.StringIO()
    call_command("load_faq_demo", stdout=out)
    after = {c.slug: c.entries.count() for c in FaqCollection.objects.all()}
    assert after == before
    assert "demo FAQ collections ready" in out.getvalue()


def test_export_command_writes_csv_and_xlsx(tax_collection: FaqCollection, tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "faq.csv", tmp_path / "faq.xlsx"
    call_command("faq_export", "--collection", "tax", "-o", str(csv_path), stdout=io.StringIO())
    call_command(
        "faq_export", "--collection", "tax", "--format", "xlsx", "-o", str(xlsx_path), stdout=io.StringIO()
    )
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfkey,")
    assert xlsx_path.read_bytes().startswith(b"PK")
