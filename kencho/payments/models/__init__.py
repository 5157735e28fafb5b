from .demo import DemoCheckout, DemoNotification
from .fees import Fee, FeeExemption, FeeRule, FeeSchedule
from .payments import PaymentAttempt, Refund, WebhookEvent

__all__ = [
    "DemoCheckout",
    "DemoNotification",
    "Fee",
    "FeeExemption",
    "FeeRule",
    "FeeSchedule",
    "PaymentAttempt",
    "Refund",
    "WebhookEvent",
]
