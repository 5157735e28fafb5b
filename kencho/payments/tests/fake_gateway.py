"""A local stand-in for Stripe's and PAY.JP's HTTP APIs, served on 127.0.0.1 from a thread. It answers
the calls the providers make with the shapes those APIs document, and records every request so that
tests can check what was sent (method, path, headers, form or JSON body)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    json: Any


@dataclass
class FakeGateway:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    refund_status: str = "succeeded"
    fail_with: int | None = None  # answer every call with this status

    def last(self, method: str, path_start: str) -> Recorded:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_start)][-1]


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _record(self) -> Recorded:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            content_type = self.headers.get("Content-Type", "")
            form = {k: v[0] for k, v in parse_qs(raw).items()} if "form" in content_type else {}
            body = json.loads(raw) if "json" in content_type and raw else None
            recorded = Recorded(self.command, self.path, dict(self.headers.items()), form, body)
            gateway.requests.append(recorded)
            return recorded

        def do_GET(self) -> None:
            self._record()
            if gateway.fail_with:
                return self._answer(gateway.fail_with, {"error": {"message": "down"}})
            session_id = self.path.rstrip("/").split("/")[-1]
            if session_id not in gateway.sessions:
                return self._answer(404, {"error": {"message": "No such session"}})
            return self._answer(200, gateway.sessions[session_id])

        def do_POST(self) -> None:
            recorded = self._record()
            if gateway.fail_with:
                return self._answer(gateway.fail_with, {"error": {"message": "down"}})
            if self.path == "/v1/checkout/sessions":
                session_id = f"cs_test_{len(gateway.sessions) + 1}"
                session = {
                    "id": session_id,
                    "object": "checkout.session",
                    "url": f"https://checkout.stripe.test/c/pay/{session_id}",
                    "client_reference_id": recorded.form.get("client_reference_id"),
                    "amount_total": int(recorded.form["line_items[0][price_data][unit_amount]"]),
                    "currency": "jpy",
                    "status": "open",
                    "payment_status": "unpaid",
                    "payment_intent": None,
                }
            elif self.path == "/v2/checkout/sessions":
                session_id = f"cs_pj_{len(gateway.sessions) + 1}"
                item = recorded.json["line_items"][0]
                session = {
                    "id": session_id,
                    "object": "checkout.session",
                    "url": f"https://checkout.pay.test/{session_id}",
                    "amount_total": item["price_data"]["unit_amount"] * item["quantity"],
                    "status": "open",
                    "payment_status": "unpaid",
                    "metadata": recorded.json["metadata"],
                }
            elif self.path in {"/v1/refunds", "/v2/refunds"}:
                return self._answer(
                    200, {"id": f"re_{len(gateway.requests)}", "status": gateway.refund_status}
                )
            else:
                return self._answer(404, {"error": {"message": "unknown path"}})
            gateway.sessions[session_id] = session
            return self._answer(200, session)

    return Handler


class running:
    """Context manager: start the fake on a free port, stop it afterwards."""

    def __enter__(self) -> FakeGateway:
        self.gateway = FakeGateway()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.gateway))
        self.gateway.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.gateway

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
