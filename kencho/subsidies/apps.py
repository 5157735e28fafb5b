from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "kencho.subsidies"
    label = "subsidies"
    verbose_name = _("補助金")

    def ready(self) -> None:
        from kencho.approvals.hooks import decision_listener

        from .listeners import on_decision

        decision_listener(on_decision)
