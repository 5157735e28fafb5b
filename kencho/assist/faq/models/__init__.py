"""The FAQ's data: collections of entries (content.py) and what residents leave behind when they ask —
feedback, unanswered questions and hand-over inquiries (records.py)."""

from .content import FaqCategory, FaqCollection, FaqEmbedding, FaqEntry, FaqTranslation
from .records import FaqFeedback, FaqInquiry, FaqUnansweredQuery

__all__ = [
    "FaqCategory",
    "FaqCollection",
    "FaqEmbedding",
    "FaqEntry",
    "FaqFeedback",
    "FaqInquiry",
    "FaqTranslation",
    "FaqUnansweredQuery",
]
