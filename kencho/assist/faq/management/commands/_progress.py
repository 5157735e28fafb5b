"""A progress line for long commands: rewritten in place on a terminal, a line every 10% otherwise."""

from __future__ import annotations

import time

from django.core.management.base import OutputWrapper


class ProgressLine:
    def __init__(self, stream: OutputWrapper, label: str) -> None:
        self.stream = stream
        self.label = label
        self.started = time.monotonic()
        self.last_tenth = -1
        self.interactive = stream.isatty()
        self.shown = False

    def update(self, done: int, total: int) -> None:
        if total <= 0:
            return
        seconds = time.monotonic() - self.started
        text = f"{self.label}: {done}/{total} ({100 * done // total}%, {seconds:.0f} s)"
        if self.interactive:
            self.stream.write("\r" + text, ending="")
            self.shown = True
            return
        tenth = 10 * done // total
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(text)

    def finish(self) -> None:
        if self.shown:
            self.stream.write("")
