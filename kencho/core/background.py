"""Scheduling background work. Every service enqueues through `enqueue_after_commit`, so a task never
runs against data that might still roll back, and never runs at all when it does."""

from __future__ import annotations

from functools import partial
from typing import Any

from celery import Task
from django.db import transaction


def enqueue_after_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(partial(task.delay, *args, **kwargs))
