"""The `yen` filter for subsidy pages (the same as payments', which owns the formatting)."""

from __future__ import annotations

from django import template

from kencho.payments.templatetags.payments import yen

register = template.Library()
register.filter("yen", yen)
