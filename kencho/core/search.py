"""Japanese search tokens: the words of a text in one spelling, for storing and for matching.

Knows Sudachi (sudachidict-core) in split mode A, the shortest units, and its normalised forms,
which make 引越し and 引っ越し, or 申込 and 申し込み, the same token. ASCII words are kept as typed
(lower-cased) rather than normalised, since Sudachi would spell "example" as エグザンプル.
Punctuation, symbols and whitespace are dropped.

Sudachi is imported and its dictionary loaded on first use, once per process. A Sudachi tokenizer
must not be used by two threads at once, so calls go through one lock; a call takes microseconds
per sentence, far less than the dictionary would cost per thread.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kencho.core.japanese.text import to_halfwidth_digits

if TYPE_CHECKING:
    from sudachipy import Tokenizer

_DROPPED_PARTS_OF_SPEECH = frozenset({"補助記号", "空白"})
# Particles and auxiliary verbs (の, を, です) say nothing about what someone is looking for.
_FUNCTION_PARTS_OF_SPEECH = frozenset({"助詞", "助動詞"})
# Sudachi refuses input longer than 49,149 UTF-8 bytes; stay well under it.
_MAX_CHUNK_BYTES = 30_000

_tokenizer_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    from sudachipy import Dictionary, SplitMode  # imported here: loads a 70 MB dictionary

    dictionary = Dictionary()
    # sudachipy 0.7 renamed create() to tokenizer() and deprecated the old name; 0.6 has only create().
    factory = getattr(dictionary, "tokenizer", None) or dictionary.create
    tokenizer: Tokenizer = factory(SplitMode.A)
    return tokenizer


def _chunks(text: str) -> list[str]:
    """The text cut into pieces Sudachi accepts, at line ends where possible."""
    if len(text.encode()) <= _MAX_CHUNK_BYTES:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > _MAX_CHUNK_BYTES:
            # A single line that is too long: cut it (three bytes is the widest BMP character).
            head, line = line[: _MAX_CHUNK_BYTES // 4], line[_MAX_CHUNK_BYTES // 4 :]
            chunks.append(head)
        line_size = len(line.encode())
        if size + line_size > _MAX_CHUNK_BYTES:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += line_size
    chunks.append("".join(current))
    return [chunk for chunk in chunks if chunk]


def _morphemes(text: str) -> list[tuple[str, str]]:
    """(token, part of speech) for every word in the text, punctuation and spaces left out."""
    text = to_halfwidth_digits(text)
    if not text.strip():
        return []
    tokenizer = _tokenizer()
    result: list[tuple[str, str]] = []
    for chunk in _chunks(text):
        with _tokenizer_lock:
            morphemes = [
                (m.surface(), m.normalized_form(), m.part_of_speech()[0]) for m in tokenizer.tokenize(chunk)
            ]
        for surface, normalized, part_of_speech in morphemes:
            if part_of_speech in _DROPPED_PARTS_OF_SPEECH:
                continue
            form = surface if surface.isascii() else normalized
            # A token never holds whitespace, so a space-joined document splits back into tokens.
            result.extend((token, part_of_speech) for token in form.lower().split())
    return result


@dataclass(frozen=True)
class Morpheme:
    """One word as Sudachi sees it. `part_of_speech` has Sudachi's six parts, e.g.
    ("感動詞", "フィラー", "*", "*", "*", "*") or ("動詞", "一般", "*", "*", "五段-カ行", "連用形-一般")."""

    surface: str
    part_of_speech: tuple[str, ...]
    dictionary_form: str
    normalized_form: str
    reading: str


def morphemes(text: str) -> list[Morpheme]:
    """Every word of the text as written, punctuation and spaces included, so that joining the
    surfaces gives the text back. For tools that rewrite text (fillers, sentence endings)."""
    tokenizer = _tokenizer()
    result: list[Morpheme] = []
    for chunk in _chunks(text):
        with _tokenizer_lock:
            result.extend(
                Morpheme(
                    m.surface(),
                    tuple(m.part_of_speech()),
                    m.dictionary_form(),
                    m.normalized_form(),
                    m.reading_form(),
                )
                for m in tokenizer.tokenize(chunk)
            )
    return result


def search_tokens(text: str) -> list[str]:
    """Every word of the text in order, normalised and lower-cased, repeats included."""
    return [token for token, _ in _morphemes(text)]


def search_document(text: str) -> str:
    """The distinct tokens of the text joined by single spaces, for a search column."""
    return " ".join(dict.fromkeys(search_tokens(text)))


def search_query_tokens(query: str) -> list[str]:
    """The distinct tokens a search must match, without particles and auxiliary verbs.

    住民票の写し gives 住民, 票, 写し. A query made only of particles keeps them.
    """
    morphemes = _morphemes(query)
    content = [token for token, part in morphemes if part not in _FUNCTION_PARTS_OF_SPEECH]
    return list(dict.fromkeys(content or [token for token, _ in morphemes]))
