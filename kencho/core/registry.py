"""A small registry for plugins (login providers, payment providers, OCR engines, storage...).

A module declares `login_providers: Registry[LoginProvider] = Registry("login provider")`, each
implementation is decorated with `@login_providers.register("password")`, and settings name the ids
to enable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, type[T]] = {}

    def register(self, plugin_id: str) -> Callable[[type[T]], type[T]]:
        def decorator(cls: type[T]) -> type[T]:
            if plugin_id in self._items and self._items[plugin_id] is not cls:
                raise ValueError(f"{self.kind} {plugin_id!r} is already registered")
            self._items[plugin_id] = cls
            cls.plugin_id = plugin_id  # type: ignore[attr-defined]  # set on the plugin class itself
            return cls

        return decorator

    def get(self, plugin_id: str) -> type[T]:
        try:
            return self._items[plugin_id]
        except KeyError:
            raise LookupError(f"unknown {self.kind} {plugin_id!r}; known: {sorted(self._items)}") from None

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))
