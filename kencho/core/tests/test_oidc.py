import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse
from joserfc.jwk import RSAKey

from kencho.core.japanese.corporate_number import corporate_number_check_digit
from kencho.core.models import AuditEntry, Business, BusinessMember, ExternalIdentity, User

from .oidc_provider import OpenIDProvider

pytestmark = pytest.mark.django_db

BASE = "212345678901"
CORPORATE_NUMBER = corporate_number_check_digit(BASE) + BASE


@pytest.fixture
def provider(settings):
    cache.clear()
    idp = OpenIDProvider(
        claims={
            "sub": "gbiz-0001",
            "email": "Daihyo@Example.co.jp",
            "email_verified": True,
            "name": "代表 一郎",
            "corporate_number": CORPORATE_NUMBER,
            "corporate_name": "三重物産株式会社",
        }
    ).start()
    settings.KENCHO_LOGIN_PROVIDERS = ["password", "oidc"]
    settings.KENCHO_OIDC_PROVIDERS = {
        "gbizid": {
            "issuer": idp.issuer,
            "client_id": idp.client_id,
            "client_secret": idp.client_secret,
            "label_ja": "gBizIDでログイン",
            "label_en": "Log in with gBizID",
            "scopes": ["openid", "profile", "email"],
            "user_kind": "business",
            "timeout": 3,
        }
    }
    yield idp
    idp.stop()
    cache.clear()


def start(client, next_url="/my/applications/"):
    response = client.get(reverse("core:oidc_start", args=["gbizid"]), {"next": next_url})
    assert response.status_code == 302, response.content
    return response["Location"]


def authorize(url):
    """What the browser does at the provider: the test provider approves at once and redirects back."""
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    callback = urlsplit(response.headers["Location"])
    return f"{callback.path}?{callback.query}"


def test_business_logs_in_and_the_identity_and_business_are_linked(client, provider):
    authorize_url = start(client)
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(f"{provider.issuer}/authorize?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid profile email"]
    assert query["redirect_uri"] == ["http://testserver/login/oidc/gbizid/callback"]
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32

    response = client.get(authorize(authorize_url))
    assert response.status_code == 302
    assert response["Location"] == "/my/applications/"

    user = User.objects.get(email="daihyo@example.co.jp")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.kind == User.Kind.BUSINESS
    assert user.email_verified_at is not None
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(provider="gbizid", subject="gbiz-0001").user == user
    business = Business.objects.get(corporate_number=CORPORATE_NUMBER)
    assert business.name == "三重物産株式会社"
    assert BusinessMember.objects.get(business=business, user=user).role == BusinessMember.Role.REPRESENTATIVE
    assert AuditEntry.objects.filter(action="core.login_succeeded", detail__method="oidc:gbizid").count() == 1

    # The token request used client_secret_basic and a PKCE verifier (the provider checked both).
    [token_request] = provider.token_requests
    assert "client_secret" not in token_request
    assert token_request["code_verifier"]


def test_second_log_in_uses_the_linked_identity(client, provider):
    client.get(authorize(start(client)))
    client.logout()
    provider.claims["email"] = "changed@example.co.jp"  # the address at the provider changed
    response = client.get(authorize(start(client)))
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert ExternalIdentity.objects.count() == 1
    assert client.session[SESSION_KEY] == str(User.objects.get(email="daihyo@example.co.jp").pk)


def test_existing_business_account_with_the_same_verified_address_is_linked(client, provider):
    existing = User.objects.create_user("daihyo@example.co.jp", "a good long passphrase", kind="business")
    client.get(authorize(start(client)))
    assert client.session[SESSION_KEY] == str(existing.pk)
    assert ExternalIdentity.objects.get().user == existing
    existing.refresh_from_db()
    assert existing.email_verified_at is not None


def test_existing_account_is_not_linked_when_the_provider_did_not_verify_the_address(client, provider):
    User.objects.create_user("daihyo@example.co.jp", "a good long passphrase", kind="business")
    provider.claims["email_verified"] = False
    response = client.get(authorize(start(client)))
    assert response.status_code == 400
    assert SESSION_KEY not in client.session
    assert not ExternalIdentity.objects.exists()


def test_staff_account_with_the_same_address_is_never_linked(client, provider):
    User.objects.create_user("daihyo@example.co.jp", "a good long passphrase", kind="staff")
    response = client.get(authorize(start(client)))
    assert response.status_code == 400
    assert "別の種類のアカウント" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_tampered_state_is_refused(client, provider):
    callback = authorize(start(client))
    tampered = callback.replace("state=", "state=x")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "ログインの手続を確認できませんでした" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert provider.token_requests == []  # the code was never exchanged
    assert AuditEntry.objects.filter(action="core.login_failed", detail__reason="state_mismatch").exists()


def test_callback_without_a_started_flow_is_refused(client, provider):
    callback = authorize(start(client))
    other_browser = type(client)()
    assert other_browser.get(callback).status_code == 400


def test_callback_is_single_use(client, provider):
    callback = authorize(start(client))
    assert client.get(callback).status_code == 302
    client.logout()
    assert client.get(callback).status_code == 400


def test_wrong_nonce_is_refused(client, provider):
    provider.id_token_overrides = {"nonce": "not-the-nonce"}
    response = client.get(authorize(start(client)))
    assert response.status_code == 400
    assert SESSION_KEY not in client.session
    assert not User.objects.exists()


def test_expired_id_token_is_refused(client, provider):
    now = int(time.time())
    provider.id_token_overrides = {"iat": now - 3600, "exp": now - 600}
    response = client.get(authorize(start(client)))
    assert response.status_code == 502
    assert "認証サービスから正しい応答がありませんでした" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_wrong_audience_is_refused(client, provider):
    provider.id_token_overrides = {"aud": "some-other-client"}
    response = client.get(authorize(start(client)))
    assert response.status_code == 502
    assert not User.objects.exists()


def test_wrong_issuer_is_refused(client, provider):
    provider.id_token_overrides = {"iss": "https://evil.example"}
    assert client.get(authorize(start(client))).status_code == 502


def test_token_signed_with_an_unpublished_key_is_refused(client, provider):
    provider.sign_with = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
    response = client.get(authorize(start(client)))
    assert response.status_code == 502
    assert not User.objects.exists()


def test_wrong_client_secret_is_a_provider_error(client, provider, settings):
    settings.KENCHO_OIDC_PROVIDERS["gbizid"]["client_secret"] = "wrong"
    response = client.get(authorize(start(client)))
    assert response.status_code == 502


def test_provider_down_at_start_gives_a_clear_page(client, settings):
    cache.clear()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens on this port once the socket is closed
    settings.KENCHO_LOGIN_PROVIDERS = ["password", "oidc"]
    settings.KENCHO_OIDC_PROVIDERS = {
        "gbizid": {"issuer": f"http://127.0.0.1:{port}", "client_id": "x", "client_secret": "y", "timeout": 2}
    }
    response = client.get(reverse("core:oidc_start", args=["gbizid"]))
    assert response.status_code == 502
    assert "しばらくしてからもう一度お試しください" in response.content.decode()


def test_provider_down_at_the_token_request_gives_a_clear_page(client, provider):
    callback = authorize(start(client))
    provider.stop()
    response = client.get(callback)
    assert response.status_code == 502
    assert SESSION_KEY not in client.session


def test_refused_consent_is_a_clear_page(client, provider):
    authorize_url = start(client)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    response = client.get(
        reverse("core:oidc_callback", args=["gbizid"]), {"error": "access_denied", "state": state}
    )
    assert response.status_code == 400


def test_open_redirect_in_next_is_refused(client, provider):
    response = client.get(authorize(start(client, next_url="https://evil.example/")))
    assert response["Location"] == "/"


def test_unknown_or_disabled_provider_is_not_found(client, provider, settings):
    assert client.get(reverse("core:oidc_start", args=["nope"])).status_code == 404
    settings.KENCHO_LOGIN_PROVIDERS = ["password"]
    assert client.get(reverse("core:oidc_start", args=["gbizid"])).status_code == 404


def test_staff_kind_provider_still_asks_for_the_one_time_code(client, provider, settings):
    settings.KENCHO_OIDC_PROVIDERS["gbizid"]["user_kind"] = "staff"
    provider.claims.pop("corporate_number")
    response = client.get(authorize(start(client)))
    assert response["Location"] == reverse("core:totp_enrol")
    assert SESSION_KEY not in client.session
