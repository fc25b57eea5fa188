"""A fake SMS gateway on loopback that speaks the generic HTTP JSON protocol
(huikuan.outreach.channels.HttpJsonSmsAdapter), including delivery reports posted back."""

from __future__ import annotations

import itertools
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmsGateway:
    def __init__(self, token: str = "gw-secret", callback_token: str = "cb-secret", fail: bool = False):
        self.token = token
        self.callback_token = callback_token
        self.fail = fail
        self.received: list[dict] = []
        self._ids = itertools.count(1)
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    return self._answer(401, {"error": "bad token"})
                if gateway.fail:
                    return self._answer(503, {"error": "unavailable"})
                payload = json.loads(body)
                payload["id"] = f"gw-{next(gateway._ids)}"
                gateway.received.append(payload)
                return self._answer(202, {"id": payload["id"], "status": "accepted"})

            def _answer(self, status: int, data: dict):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SmsGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def report(self, gateway_id: str, status: str = "delivered", at: str = "2026-03-02T10:05:00+08:00") -> int:
        """Post a delivery report to the callback URL the message was sent with, as a gateway would."""
        sent = next(p for p in self.received if p["id"] == gateway_id)
        request = urllib.request.Request(
            sent["callback_url"],
            data=json.dumps({"id": gateway_id, "status": status, "at": at}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.callback_token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
