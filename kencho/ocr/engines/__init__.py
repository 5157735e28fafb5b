"""OCR engines as plugins. Each reads one crop of a form (a single line, digits or a date) and says
how sure it is. Models are loaded on first use, once per process, never at import time."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import numpy.typing as npt

from kencho.core.registry import Registry

Hint = Literal["line", "digits", "date"]
Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Reading:
    """What an engine read in a crop: the text as recognised (not yet normalised) and a confidence
    between 0 and 1."""

    engine: str
    text: str
    confidence: float


class Engine(ABC):
    """An OCR engine. Subclasses load their model in `load()` (called once, under a lock) and read a
    grey-scale crop (uint8, dark ink on white) in `read()`."""

    plugin_id: ClassVar[str]
    #: A short name people see in the review queue.
    label: ClassVar[str]

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False

    def ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                self.load()
                self._loaded = True

    @abstractmethod
    def load(self) -> None:
        """Load the model into memory. Called at most once per process."""

    @abstractmethod
    def recognise(self, image: Image, *, hint: Hint) -> Reading:
        """Read one line of text in `image`. Called with the engine's lock held."""

    def read(self, image: Image, *, hint: Hint = "line") -> Reading:
        self.ensure_loaded()
        with self._lock:
            return self.recognise(image, hint=hint)

    def read_page(self, image: Image) -> str:
        """The text of a whole page, lines separated by newlines (used for the page-level baseline
        and searchable PDFs). Engines that cannot read a page may leave this unimplemented."""
        raise NotImplementedError


engines: Registry[Engine] = Registry("OCR engine")

_instances: dict[str, Engine] = {}
_instances_lock = threading.Lock()


def engine_get(plugin_id: str) -> Engine:
    """The process's one instance of an engine (its model loaded on first read)."""
    _register_builtin()
    with _instances_lock:
        instance = _instances.get(plugin_id)
        if instance is None:
            instance = engines.get(plugin_id)()
            _instances[plugin_id] = instance
        return instance


def _register_builtin() -> None:
    # Importing the modules registers them; they import their heavy libraries only in load().
    from . import rapid, tesseract  # noqa: F401
