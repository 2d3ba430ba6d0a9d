"""Common base of the storefront simulators: a threaded HTTP server on 127.0.0.1
that records every request and injects faults on demand."""

import copy
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

MAX_RECORDED = 10000
# "lost": the request is applied, then the connection closes without an answer
# (what a client sees when a write succeeds but its answer times out).
FAULTS = ("429", "500", "503", "slow", "drop", "401", "lost", "garbled")


@dataclass
class RecordedRequest:
    """One request as the simulator received it."""

    method: str
    path: str
    query: dict
    query_list: list
    headers: dict  # lower-case names
    body: bytes
    json: object = None
    form: dict | None = None
    status: int | None = None
    time: float = field(default_factory=time.monotonic)  # when it arrived

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


@dataclass
class Fault:
    kind: str
    count: int
    method: str | None = None
    path: str | None = None
    retry_after: int | None = None
    delay: float | None = None

    def matches(self, method, path):
        return (not self.method or self.method.upper() == method) and (
            not self.path or path.startswith(self.path)
        )


class Reply(Exception):
    """Raised by a route to answer at once: status, JSON body (or bytes) and headers."""

    def __init__(self, status, body=None, headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    json: object = None
    form: dict = field(default_factory=dict)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """A client that gave up (timeout, closed socket) is no error of the simulator."""


class SandboxServer:
    """Base simulator: subclasses implement ``route(request) -> (status, body[, headers])``."""

    handler_class = None  # the request handler class to serve with; None: the JSON one

    def __init__(self, port=0):
        self.port = port
        self.requests = deque(maxlen=MAX_RECORDED)
        self._faults = []
        self._lock = threading.RLock()
        self._rate = None  # (requests per second, tokens, monotonic time of the count)
        self._server = None
        self._thread = None

    # -- lifecycle -------------------------------------------------------

    def start(self):
        """Bind 127.0.0.1 and serve in a daemon thread; return self."""
        handler = type("Handler", (self.handler_class or _Handler,), {"sandbox": self})
        self._server = _QuietServer(("127.0.0.1", self.port), handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the socket."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # -- recording and faults -------------------------------------------

    def clear_requests(self):
        with self._lock:
            self.requests.clear()

    def inject(self, fault, count=1, method=None, path=None, retry_after=None, delay=None):
        """Make the next ``count`` matching requests fail with ``fault``."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}, expected one of {FAULTS}")
        with self._lock:
            self._faults.append(Fault(fault, count, method, path, retry_after, delay))

    def clear_faults(self):
        with self._lock:
            self._faults.clear()
            self._rate = None

    def limit_rate(self, per_second):
        """Answer 429 (Retry-After: 1) past ``per_second`` requests a second.

        A token bucket holding one second of requests, as stores document theirs.
        """
        with self._lock:
            self._rate = (float(per_second), float(per_second), time.monotonic())

    def _over_rate(self):
        with self._lock:
            if self._rate is None:
                return False
            rate, tokens, counted = self._rate
            now = time.monotonic()
            tokens = min(rate, tokens + (now - counted) * rate)
            allowed = tokens >= 1
            self._rate = (rate, tokens - 1 if allowed else tokens, now)
            return not allowed

    def _take_fault(self, method, path):
        with self._lock:
            for fault in self._faults:
                if fault.count > 0 and fault.matches(method, path):
                    fault.count -= 1
                    if not fault.count:
                        self._faults.remove(fault)
                    return fault
        return None

    # -- helpers for subclasses -----------------------------------------

    @staticmethod
    def now_iso():
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())

    @staticmethod
    def keep(table, obj, key="id"):
        """Store a copy of ``obj`` in ``table`` under its integer ``key``; return the copy."""
        kept = copy.deepcopy(obj)
        table[int(kept[key])] = kept
        return kept

    def route(self, request):
        """Answer one request: ``(status, body)`` or ``(status, body, headers)``."""
        return 404, {"message": "Not found"}


def parse_form(pairs):
    """Turn ``model[a][b]=v`` pairs into nested dicts (``model[0][id]`` gives key "0")."""
    result = {}
    for name, value in pairs:
        keys = [name.split("[", 1)[0]] + [part.rstrip("]") for part in name.split("[")[1:]]
        node = result
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break
        else:
            node[keys[-1]] = value
    return result


class _Handler(BaseHTTPRequestHandler):
    sandbox = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _handle(self):
        split = urlsplit(self.path)
        query_list = parse_qsl(split.query, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        record = RecordedRequest(
            self.command, split.path, dict(query_list), query_list, headers, body
        )
        content_type = headers.get("content-type", "")
        if body and "json" in content_type:
            try:
                record.json = json.loads(body)
            except ValueError:
                record.json = None
        elif body and "form" in content_type:
            record.form = parse_form(parse_qsl(body.decode("utf-8", "replace"), True))
        with self.sandbox._lock:
            self.sandbox.requests.append(record)
        if self.sandbox._over_rate():
            record.status = 429
            self._send(429, {"message": "Rate limit exceeded"}, {"Retry-After": "1"})
            return
        fault = self.sandbox._take_fault(self.command, split.path)
        lost = fault is not None and fault.kind == "lost"
        if lost:
            fault = None
        if fault and fault.kind == "drop":
            record.status = 0
            self.close_connection = True
            self.connection.close()
            return
        if fault and fault.kind == "slow":
            time.sleep(fault.delay if fault.delay is not None else 3)
        elif fault and fault.kind == "garbled":
            # A body that does not decode as it claims (requests: ContentDecodingError).
            record.status = 200
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", "12")
            self.end_headers()
            self.wfile.write(b"not gzipped!")
            return
        elif fault:
            if fault.delay:  # hang, then fail
                time.sleep(fault.delay)
            status = int(fault.kind)
            extra = {"Retry-After": str(fault.retry_after or 1)} if status == 429 else {}
            record.status = status
            self._send(status, {"message": f"Injected fault {status}"}, extra)
            return
        request = Request(
            self.command,
            split.path,
            dict(query_list),
            headers,
            body,
            record.json,
            record.form or {},
        )
        try:
            status, payload, extra = self._call_route(request)
        except Reply as reply:
            status, payload, extra = reply.status, reply.body, reply.headers
        except Exception as exc:  # noqa: BLE001 - a simulator answers, never dies
            status, payload, extra = 500, {"message": f"Sandbox error: {exc}"}, {}
        if lost:
            record.status = 0
            self.close_connection = True
            self.connection.close()
            return
        record.status = status
        self._send(status, payload, extra)

    def _call_route(self, request):
        answer = self.sandbox.route(request)
        if len(answer) == 2:
            return answer[0], answer[1], {}
        return answer

    def _send(self, status, payload, headers=None):
        if isinstance(payload, bytes):
            data, content_type = payload, "application/octet-stream"
        elif payload is None:
            data, content_type = b"", "application/json"
        else:
            data, content_type = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle
