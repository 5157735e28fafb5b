"""Importing a Pay-easy 消込 file: each payment in it is applied exactly like a webhook (the file's
収納番号 is the event id, so importing the same file twice changes nothing)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from kencho.core.audit import audit_record
from kencho.core.models import User

from .confirmation import notice_apply
from .providers.payeasy import FileProblem, parse_reconciliation_file


@dataclass
class ImportSummary:
    results: dict[str, int] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.results.values())


def payeasy_file_import(*, content: bytes, actor: User | None, request: Any = None) -> ImportSummary:
    notices, problems = parse_reconciliation_file(content)
    summary = ImportSummary(problems=problems)
    for notice in notices:
        digest = hashlib.sha256(f"{notice.event_id}|{notice.reference}|{notice.amount}".encode()).hexdigest()
        code, _duplicate = notice_apply(provider_id="payeasy", notice=notice, payload_sha256=digest)
        summary.results[code] = summary.results.get(code, 0) + 1
    audit_record(
        action="payments.payeasy_file_imported",
        actor=actor,
        object_type="payments.paymentattempt",
        detail={
            "results": summary.results,
            "problems": len(problems),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
        request=request,
    )
    return summary
