import pytest

pytestmark = pytest.mark.django_db


def test_healthz_names_the_backend_and_migration_state(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}
    assert body["migrations_applied"] is True
