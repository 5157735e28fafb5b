from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "kencho.payments"
    label = "payments"
    verbose_name = _("手数料・決済")

    def ready(self) -> None:
        # Register the built-in providers and the system checks.
        from . import checks  # noqa: F401
        from .providers import demo, payeasy, payjp, stripe  # noqa: F401
