import pytest

pytestmark = pytest.mark.django_db


def test_postal_code_lookup_returns_the_address(client):
    body = client.get("/api/v1/postal-codes/5140006").json()
    assert body["prefecture"] == "三重県" and body["city"] == "津市" and body["postal_code"] == "514-0006"


@pytest.mark.parametrize(
    ("code", "status"), [("５１４－０００６", 200), ("514-00", 422), ("abc", 422), ("000-0000", 404)]
)
def test_postal_code_lookup_answers_bad_codes_with_4xx(client, code, status):
    response = client.get(f"/api/v1/postal-codes/{code}")
    assert response.status_code == status
    if status != 200:
        assert response.json()["errors"][0]["message"]["en"]
