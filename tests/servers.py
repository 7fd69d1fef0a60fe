"""Real HTTP servers for the tests, on 127.0.0.1 at free ports: an `oxigraph serve`
process, and a small reverse proxy in front of it that misbehaves on purpose (asks for a
password, fails, resets the connection, answers late) so that every fault is a real
HTTP exchange."""

from __future__ import annotations

import base64
import http.client
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx

PROXY_USER = "kg-test"
PROXY_PASSWORD = "pa55-w0rd-never-shown"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed (pip install -e '.[test]')")
    return found


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str]:
    """Run `oxigraph serve` with its data and its log in ``folder``; yield its base URL."""
    port = free_port()
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "data"),
             "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = log_path.read_text(errors="replace")
                    raise RuntimeError(f"oxigraph serve did not start: {error}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class FaultProxy:
    """A reverse proxy to ``upstream``. The first path segment picks the behaviour:

    /ok/...     forwards
    /auth/...   forwards only with PROXY_USER and PROXY_PASSWORD, else 401
    /error/...  answers 500
    /reset/...  closes the connection without an answer (a TCP reset)
    /slow/...   waits ``delay`` seconds, then forwards
    /flaky/...  answers 503 to every other request, forwards the rest
    /cut/...    forwards ``cut_after`` PUT and DELETE requests, then resets every one (a
                connection lost half-way through a load)

    ``requests`` counts the requests per behaviour and method ("reset GET").
    """

    def __init__(self, upstream: str, delay: float = 5.0) -> None:
        self.upstream = urlsplit(upstream)
        self.delay = delay
        self.requests: Counter[str] = Counter()
        self.cut_after = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet

            def do_GET(self) -> None:
                proxy.handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, behaviour: str) -> str:
        return f"{self.base}/{behaviour}"

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        behaviour, _, rest = request.path.lstrip("/").partition("/")
        with self.lock:
            self.requests[f"{behaviour} {request.command}"] += 1
            count = self.requests[f"{behaviour} {request.command}"]
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if behaviour == "auth" and not self._authorized(request):
            self._answer(
                request, 401, b"password required", {"WWW-Authenticate": 'Basic realm="kg"'}
            )
        elif behaviour == "error":
            self._answer(request, 500, b"internal failure in the store")
        elif behaviour == "reset" or (
            behaviour == "cut"
            and request.command in {"PUT", "DELETE"}
            and self._writes(request) > self.cut_after
        ):
            sock = request.connection
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            request.close_connection = True
        elif behaviour == "flaky" and count % 2 == 1:
            self._answer(request, 503, b"busy, try again")
        else:
            if behaviour == "slow":
                time.sleep(self.delay)
            self._forward(request, "/" + rest, body)

    def _writes(self, request: BaseHTTPRequestHandler) -> int:
        """How many PUT and DELETE requests have come to /cut, this one included."""
        with self.lock:
            return self.requests["cut PUT"] + self.requests["cut DELETE"]

    def _authorized(self, request: BaseHTTPRequestHandler) -> bool:
        token = base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {token}"

    def _forward(self, request: BaseHTTPRequestHandler, path: str, body: bytes) -> None:
        connection = http.client.HTTPConnection(
            self.upstream.hostname or "127.0.0.1", self.upstream.port, timeout=30
        )
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in {"host", "authorization", "connection", "content-length"}
        }
        try:
            connection.request(request.command, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            extra = {k: v for k, v in response.getheaders() if k.lower() == "content-type"}
            self._answer(request, response.status, data, extra)
        except OSError:
            pass  # the client went away (a timeout test)
        finally:
            connection.close()

    @staticmethod
    def _answer(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            request.send_response(status)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            pass  # the client went away
