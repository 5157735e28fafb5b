"""manage.py faq_evaluate [--collection SLUG ...] [--queries FILE] [--save]

Measures BM25 alone, embeddings alone and the fused ranking on a labelled query set (by default the
demo set, kencho/assist/faq/demo/queries.json), chooses the RRF k, the dense weight and the "nothing
fits" threshold by grid search, and prints 5-fold cross-validated figures (parameters chosen without
the queries they are measured on). --save stores the chosen values on the collections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...demo.loader import LabelledQuery, labelled_queries
from ...evaluation import choose_fusion, cross_validated, flag_metrics, retrieval_metrics
from ...evaluation_cases import UnknownKeys, cases_for
from ...fusion import FusionParameters
from ...models import FaqCollection
from ...retrieval import Retriever
from ...services import fusion_parameters_save


class Command(BaseCommand):
    help = "Evaluate FAQ retrieval on a labelled query set and choose the fusion parameters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--collection", action="append", help="slug; repeat for several (default: all)")
        parser.add_argument("--queries", type=Path, help="labelled queries (JSON list, as demo/queries.json)")
        parser.add_argument(
            "--save", action="store_true", help="store the chosen parameters on the collections"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queries = self._queries(options["queries"])
        if options["collection"]:
            queries = [q for q in queries if q.collection in options["collection"]]
        if not queries:
            raise CommandError("no labelled queries for these collections")
        try:
            cases = cases_for(queries)
        except UnknownKeys as error:
            raise CommandError(str(error)) from error
        answerable = sum(1 for c in cases if c.relevant)
        self.stdout.write(
            f"{len(cases)} labelled queries ({answerable} with an answer, {len(cases) - answerable} without)"
        )
        current = FusionParameters.defaults()
        chosen = choose_fusion(cases)
        self.stdout.write("\n                        hit@1  hit@3  nDCG@10    MRR")
        for retriever in Retriever:
            params = chosen if retriever is Retriever.HYBRID else current
            metrics = retrieval_metrics(cases, params, retriever)
            self.stdout.write(f"{retriever.value + ' (all queries)':<22} {metrics.row()}")
        held_out, held_out_flags = cross_validated(cases)
        self.stdout.write(f"{'hybrid (5-fold CV)':<22} {held_out.row()}")
        flags = flag_metrics(cases, chosen)
        self.stdout.write(
            f"\nchosen: rrf_k={chosen.rrf_k} bm25_weight={chosen.bm25_weight:g} "
            f"bm25_weight_other_languages={chosen.bm25_weight_other_languages:g} "
            f"dense_weight={chosen.dense_weight:g} no_match_threshold={chosen.no_match_threshold:g} "
            f"no_match_threshold_other_languages={chosen.no_match_threshold_other_languages:g}"
        )
        self.stdout.write(
            f"nothing-fits flag: balanced accuracy {flags.balanced_accuracy:.3f} "
            f"(wrong tops flagged {flags.wrong_flagged:.3f}, right tops kept {flags.right_kept:.3f}); "
            f"5-fold CV {held_out_flags.balanced_accuracy:.3f}"
        )
        if options["save"]:
            for collection in FaqCollection.objects.filter(slug__in={q.collection for q in queries}):
                fusion_parameters_save(collection=collection, parameters=chosen)
                self.stdout.write(f"saved on {collection.slug}")

    def _queries(self, path: Path | None) -> list[LabelledQuery]:
        if path is None:
            return labelled_queries()
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            return [LabelledQuery(r["collection"], r["query"], tuple(r["expected"])) for r in rows]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
