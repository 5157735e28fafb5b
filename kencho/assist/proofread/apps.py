from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofreadConfig(AppConfig):
    name = "kencho.assist.proofread"
    label = "assist_proofread"
    verbose_name = _("文章校正")
