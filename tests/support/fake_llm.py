"""A fake OpenAI-compatible chat endpoint on 127.0.0.1, for testing language-model drafts offline.

    with FakeLLM(reply="Eerste alinea [ah-tk-20232024-99, vraag 2].") as llm:
        ... llm.url ...          # http://127.0.0.1:<port>
        llm.requests             # the JSON bodies received, in order

``reply`` may be a string or a function of the request body; ``status`` other than 200 answers
with that HTTP error; ``delay`` seconds of sleep before answering trigger client timeouts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


class FakeLLM:
    def __init__(self, reply: Reply = "Concepttekst.", status: int = 200, delay: float = 0.0,
                 raw_body: bytes | None = None) -> None:
        self.reply = reply
        self.status = status
        self.delay = delay
        self.raw_body = raw_body  # answer these bytes instead of a chat completion
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                fake.paths.append(self.path)
                fake.headers.append(dict(self.headers))
                if fake.delay and fake._stop.wait(fake.delay):
                    return
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": "not found"}})
                    return
                if fake.status != 200:
                    self._send(fake.status, {"error": {"message": "fake failure"}})
                    return
                if fake.raw_body is not None:
                    self._send_bytes(200, fake.raw_body)
                    return
                text = fake.reply(body) if callable(fake.reply) else fake.reply
                self._send(200, {
                    "id": f"chatcmpl-{len(fake.requests)}", "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": text}}],
                })

            def _send(self, status: int, obj: dict[str, Any]) -> None:
                self._send_bytes(status, json.dumps(obj).encode())

            def _send_bytes(self, status: int, data: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
