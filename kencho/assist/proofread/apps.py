from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofreadConfig(AppConfig):
    name = "kencho.assist.proofread"
    label = "assist_proofread"
    verbose_name = _("文章校正")

    def ready(self) -> None:
        from . import checks, rules  # noqa: F401 - registers the system check and the rules
