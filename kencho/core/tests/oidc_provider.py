"""A small but real OpenID Connect provider for tests: an HTTP server on 127.0.0.1 with discovery, a
JWKS, an authorisation endpoint that approves a configured user at once, and a token endpoint that checks
client authentication (client_secret_basic), the code, the redirect URI and the PKCE verifier before it
returns an RS256-signed ID token. Tests change `claims`, `id_token_overrides` or `sign_with` to make the
provider misbehave."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class IssuedCode:
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str
    code_challenge_method: str


@dataclass
class OpenIDProvider:
    client_id: str = "kencho-test"
    client_secret: str = "s3cret+/=&"  # characters that client_secret_basic must form-encode
    claims: dict[str, Any] = field(default_factory=dict)
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key-1"}))
    sign_with: RSAKey | None = None  # sign with another key than the published one
    codes: dict[str, IssuedCode] = field(default_factory=dict)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}"

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, *, nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.claims,
            **self.id_token_overrides,
        }
        key = self.sign_with or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, payload, key)

    def start(self) -> OpenIDProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.metadata())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                else:
                    self._json(404, {"error": "not_found"})

            def _authorize(self, query: dict[str, str]) -> None:
                if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                    self._json(400, {"error": "invalid_request"})
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = IssuedCode(
                    client_id=query["client_id"],
                    redirect_uri=query["redirect_uri"],
                    nonce=query.get("nonce", ""),
                    code_challenge=query.get("code_challenge", ""),
                    code_challenge_method=query.get("code_challenge_method", ""),
                )
                location = (
                    f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
                )
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:
                if urlsplit(self.path).path != "/token":
                    self._json(404, {"error": "not_found"})
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("Basic "):
                    self._json(401, {"error": "invalid_client"})
                    return
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
                if (unquote_plus(client_id), unquote_plus(secret)) != (
                    provider.client_id,
                    provider.client_secret,
                ):
                    self._json(401, {"error": "invalid_client"})
                    return
                issued = provider.codes.pop(form.get("code", ""), None)
                if (
                    issued is None
                    or form.get("grant_type") != "authorization_code"
                    or form.get("redirect_uri") != issued.redirect_uri
                ):
                    self._json(400, {"error": "invalid_grant"})
                    return
                verifier = form.get("code_verifier", "")
                challenge = _b64url(hashlib.sha256(verifier.encode()).digest())
                if issued.code_challenge_method != "S256" or challenge != issued.code_challenge:
                    self._json(
                        400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
                    )
                    return
                self._json(
                    200,
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(nonce=issued.nonce),
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
