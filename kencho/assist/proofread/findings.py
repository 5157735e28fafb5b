"""What a rule reports: a span of the text, why, and (when there is one) what to write instead.

Offsets are Python str indices, that is Unicode code points, into the text that was checked:
`text[start:end]` is the flagged part. A suggestion of "" means "delete"; None means the rule has
no replacement to offer (a long sentence) and the writer decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Message:
    ja: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    rule: str
    message: Message
    suggestion: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "message": self.message.as_dict(),
            "suggestion": self.suggestion,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            rule=str(data["rule"]),
            message=Message(**data["message"]),
            suggestion=data.get("suggestion"),
        )
