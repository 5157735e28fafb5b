from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: the database answers and migrations are applied."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": connection.vendor, "error": exc.__class__.__name__}, status=503
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "migrations_applied": not pending,
            "pending_migrations": len(pending),
        }
    )
