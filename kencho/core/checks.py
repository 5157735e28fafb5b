from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_login_providers(app_configs: Any, **kwargs: Any) -> list[Error]:
    from .login.registry import login_providers

    return [
        Error(f"KENCHO_LOGIN_PROVIDERS names an unknown provider {name!r}", id="kencho.E001")
        for name in settings.KENCHO_LOGIN_PROVIDERS
        if name not in login_providers
    ]


@register(deploy=True)
def check_production_database(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and settings.CELERY_BROKER_URL:
        return [
            Warning(
                "Celery workers are configured but the database is SQLite; several machines need PostgreSQL.",
                id="kencho.W001",
            )
        ]
    return []
