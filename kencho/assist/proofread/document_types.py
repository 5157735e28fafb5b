"""The kinds of document staff proofread; each has its own set of rules switched on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    PUBLIC_NOTICE = "public_notice", _("公文書・お知らせ")
    NEWSLETTER = "newsletter", _("広報誌（県政だより）")
    INTERNAL = "internal", _("庁内文書")
