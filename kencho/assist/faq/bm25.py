"""Okapi BM25 over Sudachi search tokens (kencho.core.search), written here rather than taken from a
package: rank-bm25 scores every document for every query word in Python (too slow at 10,000 entries),
and bm25s brings scipy and its own tokenisers for a job of forty lines with numpy.

Each "document" is one phrasing of an entry. Postings are kept per token as numpy arrays of document
numbers and of their precomputed BM25 term weights, so a query is a few scatter-adds."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Posting:
    documents: np.ndarray  # int32 document numbers
    weights: np.ndarray  # float32 BM25 weight of the token in each of those documents


class BM25Index:
    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = K1, b: float = B) -> None:
        """`documents` holds the tokens of each document, repeats included."""
        self.size = len(documents)
        lengths = np.array([len(tokens) for tokens in documents], dtype=np.float32)
        average = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        per_token: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for number, tokens in enumerate(documents):
            for token, count in Counter(tokens).items():
                per_token[token].append((number, count))
        self.postings: dict[str, Posting] = {}
        for token, pairs in per_token.items():
            numbers = np.array([n for n, _ in pairs], dtype=np.int32)
            counts = np.array([c for _, c in pairs], dtype=np.float32)
            idf = math.log(1 + (self.size - len(pairs) + 0.5) / (len(pairs) + 0.5))
            norm = k1 * (1 - b + b * lengths[numbers] / average)
            weights = idf * counts * (k1 + 1) / (counts + norm)
            self.postings[token] = Posting(numbers, weights.astype(np.float32))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """The BM25 score of every document for the query (0 where no token matches)."""
        scores = np.zeros(self.size, dtype=np.float32)
        for token in dict.fromkeys(query_tokens):
            posting = self.postings.get(token)
            if posting is not None:
                scores[posting.documents] += posting.weights
        return scores

    def matched_tokens(self, query_tokens: Sequence[str], document: int) -> list[str]:
        """The query's tokens that occur in one document."""
        found = []
        for token in dict.fromkeys(query_tokens):
            posting = self.postings.get(token)
            if posting is not None and np.any(posting.documents == document):
                found.append(token)
        return found
