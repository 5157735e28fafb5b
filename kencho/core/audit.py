"""The hash-chained audit log. `audit_record` is the only writer; `audit_verify` re-computes the chain.

Entries are chained in `sequence` order. To keep the chain linear when several app processes write
at once, a writer takes a transaction-scoped lock before reading the last entry: an advisory lock on
PostgreSQL; on SQLite the database write lock taken at BEGIN IMMEDIATE does the same."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEntry, User

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x4B454E43484F  # "KENCHO"


def _entry_digest(entry: AuditEntry) -> str:
    payload = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "unit_code": entry.unit_code,
        "ip_address": entry.ip_address,
        "detail": entry.detail,
        "previous_hash": entry.previous_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    unit_code: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it records, so that the change
    and its audit line commit or roll back together."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not actor.is_authenticated:
        actor = None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
        sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        entry = AuditEntry(
            sequence=sequence,
            created_at=timezone.now(),
            actor=actor,
            actor_label=(actor.email if actor else "system"),
            action=action,
            object_type=object_type,
            object_id=object_id,
            unit_code=unit_code,
            ip_address=client_ip(request),
            detail=json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str)),
            previous_hash=previous_hash,
        )
        entry.entry_hash = _entry_digest(entry)
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class AuditProblem:
    sequence: int
    reason: str


def audit_verify(*, batch_size: int = 2000) -> Iterator[AuditProblem]:
    """Yield every place where the stored chain disagrees with a recomputation."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            yield AuditProblem(entry.sequence, f"sequence gap: expected {expected_sequence}")
        if entry.previous_hash != expected_previous:
            yield AuditProblem(entry.sequence, "previous_hash does not match the preceding entry")
        if _entry_digest(entry) != entry.entry_hash:
            yield AuditProblem(entry.sequence, "entry_hash does not match the entry's content")
        expected_previous = entry.entry_hash
        expected_sequence = entry.sequence + 1
