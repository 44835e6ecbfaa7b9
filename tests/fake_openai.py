"""A scripted OpenAI-compatible HTTP server on loopback: the only fake in the test suite.

    with FakeOpenAI() as server:
        server.script(Reply(status=429, headers={"Retry-After": "0.01"}), Reply(json={"ok": True}))
        client = openai.OpenAI(base_url=server.base_url, api_key="k")

Standard library only and no `from __future__ import annotations` (dataclasses would then need
the module in sys.modules), so a benchmark script can also load it by path with importlib.
"""

import json as jsonlib
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

AUTO: Literal["auto"] = "auto"
CHAT_PATHS = ("/v1/chat/completions", "/chat/completions")
FILES_PATH, BATCHES_PATH = "/v1/files", "/v1/batches"
MODEL_PATHS = ("/v1/models", "/models")


@dataclass(frozen=True)
class Reply:
    """One scripted answer to a chat request; status >= 400 sends an error body instead."""

    content: str | None = None
    json: dict[str, Any] | None = None  # serialised into content
    status: int = 200
    error_body: dict[str, Any] | None = None  # default: an OpenAI-shaped error naming the status
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering; cut short when the server closes
    finish_reason: str = "stop"
    refusal: str | None = None
    usage: tuple[int, int] | None | Literal["auto"] = AUTO  # None: no usage field at all
    raw_body: bytes | None = None  # sent verbatim with `status`, for malformed bodies
    drop: bool = False  # close the connection without answering
    trickle: float = 0.0  # after the headers, send the body one byte every `trickle` seconds (a stalled endpoint)
    usage_body: Any = None  # sent verbatim as the "usage" field when set (strings, negative counts...)

    @property
    def text(self) -> str | None:
        """Return the assistant content this reply carries."""
        return jsonlib.dumps(self.json) if self.json is not None else self.content


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it; header names are lower-case."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


def no_script_left(request_json: Any) -> Reply:
    """Return a loud, non-retried error: the test made more calls than it scripted."""
    message = "fake_openai: no scripted reply left and no server.default set"
    return Reply(status=400, error_body={"error": {"message": message, "type": "fake_openai_unscripted"}})


def rough_tokens(text: str) -> int:
    """Return a rough token count (about four characters a token)."""
    return max(1, len(text) // 4) if text else 0


class FakeOpenAI:
    """An OpenAI-compatible server on 127.0.0.1 that answers chat requests from a script."""

    def __init__(self) -> None:
        self.default: Callable[[Any], Reply] = no_script_left
        self.models: list[str] = ["fake-model"]
        self.latency: float = 0.0  # added to every request, concurrently per request
        self.in_flight = 0  # chat requests being answered right now
        self.max_in_flight = 0  # the most chat requests ever answered at once
        self.connections_opened = 0  # TCP connections accepted: a client that keeps them alive opens few
        self.files: dict[str, bytes] = {}  # uploaded and produced files of the Batch API, by id
        self.batches: dict[str, dict[str, Any]] = {}
        self.batch_polls = 0  # how many look-ups a new batch answers "in_progress" before it is "completed"
        self.models_trickle: float = 0.0  # send the model list a byte every this many seconds (a stalled endpoint)
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self._closing = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        # close() waits one poll interval for serve_forever to notice; keep it short
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-openai", daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """Return the URL to give the openai client, ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        """Return a snapshot of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Return a snapshot of the chat completion requests received so far."""
        return [r for r in self.requests if r.path in CHAT_PATHS]

    def script(self, *replies: Reply) -> "FakeOpenAI":
        """Queue replies, consumed one per chat request before `default` answers."""
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        """Return how many scripted replies are still unused."""
        with self._lock:
            return len(self._queue)

    def close(self) -> None:
        """Stop serving, cut pending delays short and close open connections."""
        if self._closing.is_set():
            return
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakeOpenAI":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self, request_json: Any) -> Reply:
        with self._lock:
            scripted = self._queue.popleft() if self._queue else None
        return scripted or self.default(request_json)

    def _store_file(self, data: bytes) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = data
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": 0,
            "filename": "batch.jsonl",
            "purpose": "batch",
            "status": "processed",
        }

    def _start_batch(self, request: Any) -> dict[str, Any]:
        """Answer every request line of the input file at once (as chat requests), keep the output file."""
        lines = self.files[request["input_file_id"]].decode("utf-8").splitlines()
        output = []
        for line in filter(None, lines):
            item = jsonlib.loads(line)
            reply = self._next_reply(item["body"])
            body = _completion(reply, item["body"]) if reply.status < 400 else {"error": {"message": "failed"}}
            response = {"status_code": reply.status, "request_id": item["custom_id"], "body": body}
            output.append(
                jsonlib.dumps({"id": f"r-{len(output)}", "custom_id": item["custom_id"], "response": response})
            )
        output_id = self._store_file("\n".join(output).encode("utf-8") + b"\n")["id"]
        with self._lock:
            batch_id = f"batch-{len(self.batches) + 1}"
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"],
                "completion_window": request["completion_window"],
                "status": "in_progress",
                "created_at": 0,
                "output_file_id": output_id,
                "polls_left": self.batch_polls,
                "request_counts": {"total": len(output), "completed": len(output), "failed": 0},
            }
        return self._look_up_batch(batch_id, poll=False) or {}

    def _look_up_batch(self, batch_id: str, poll: bool = True) -> dict[str, Any] | None:
        with self._lock:
            batch = self.batches.get(batch_id)
            if batch is None:
                return None
            if poll:
                batch["polls_left"] -= 1
            done = batch["polls_left"] < 0
        shown = {k: v for k, v in batch.items() if k != "polls_left"}
        return {
            **shown,
            "status": "completed" if done else "in_progress",
            "output_file_id": batch["output_file_id"] if done else None,
        }

    def _wait(self, seconds: float) -> bool:
        """Sleep up to seconds; return False when the server closed meanwhile."""
        return not self._closing.wait(seconds) if seconds > 0 else not self._closing.is_set()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops bursts of concurrent connects for a second
    fake: FakeOpenAI

    def process_request(self, request: socket.socket, client_address: Any) -> None:
        with self.fake._lock:
            self.fake._connections.add(request)
            self.fake.connections_opened += 1
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self.fake._lock:
            self.fake._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that gave up (timeouts) or a closing server: nothing worth printing


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the openai client expects
    disable_nagle_algorithm = True  # headers and body go out as two writes: Nagle would hold the body ~40 ms
    timeout = 30  # idle keep-alive connections end on their own
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        fake = self._begin(None)
        if fake is None:
            return
        route = self._route()
        if route.startswith(FILES_PATH + "/") and route.endswith("/content"):
            data = fake.files.get(route.split("/")[3])
            return self._send_bytes(200, data, {"Content-Type": "application/jsonl"}) if data else self._missing()
        if route.startswith(BATCHES_PATH + "/"):
            batch = fake._look_up_batch(route.split("/")[3])
            return self._send_json(200, batch, {}) if batch else self._missing()
        if route not in MODEL_PATHS:
            return self._send_error_reply(Reply(status=404))
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake_openai"} for m in fake.models]
        self._send_json(200, {"object": "list", "data": data}, {}, fake.models_trickle)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self._raw = self.rfile.read(length) if length else b""
        try:
            body = jsonlib.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        fake = self.server.fake
        chat = self._route() in CHAT_PATHS
        with fake._lock:
            fake.in_flight += chat
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._answer_post(body)
        finally:
            with fake._lock:
                fake.in_flight -= chat

    def _answer_post(self, body: Any) -> None:
        fake = self._begin(body)
        if fake is None:
            return
        if self._route() == FILES_PATH:
            return self._send_json(200, fake._store_file(_uploaded_file(self.headers, self._raw)), {})
        if self._route() == BATCHES_PATH:
            return self._send_json(200, fake._start_batch(body), {})
        if self._route() not in CHAT_PATHS:
            return self._send_error_reply(Reply(status=404))
        reply = fake._next_reply(body)
        if not fake._wait(reply.delay) or reply.drop:
            self.close_connection = True
            return
        if reply.raw_body is not None:
            return self._send_bytes(reply.status, reply.raw_body, reply.headers)
        if reply.status >= 400:
            return self._send_error_reply(reply)
        self._send_json(reply.status, _completion(reply, body), reply.headers, reply.trickle)

    def _missing(self) -> None:
        self._send_error_reply(Reply(status=404))

    def _route(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/")

    def _begin(self, body: Any) -> FakeOpenAI | None:
        """Record the request and wait the global latency; None when the server is closing."""
        fake = self.server.fake
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake._record(RecordedRequest(self.command, self._route(), headers, body))
        if not fake._wait(fake.latency):
            self.close_connection = True
            return None
        return fake

    def _send_error_reply(self, reply: Reply) -> None:
        body = reply.error_body or {
            "error": {
                "message": f"fake_openai: HTTP {reply.status} for {self.command} {self._route()}",
                "type": "fake_openai_error",
                "param": None,
                "code": None,
            }
        }
        self._send_json(reply.status, body, reply.headers)

    def _send_json(self, status: int, payload: Any, headers: dict[str, str], trickle: float = 0.0) -> None:
        self._send_bytes(status, jsonlib.dumps(payload).encode(), headers, trickle)

    def _send_bytes(self, status: int, data: bytes, headers: dict[str, str], trickle: float = 0.0) -> None:
        self.send_response(status)
        sent = {k.lower() for k in headers}
        if "content-type" not in sent:
            self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not trickle:
            self.wfile.write(data)
            return
        self.wfile.flush()
        for offset in range(len(data)):  # never finishes in a test's lifetime: each byte keeps a read alive
            self.wfile.write(data[offset : offset + 1])
            self.wfile.flush()
            if not self.server.fake._wait(trickle):
                self.close_connection = True
                return


def _uploaded_file(headers: Any, raw: bytes) -> bytes:
    """Return the file part of a multipart/form-data upload."""
    import email.parser
    import email.policy

    head = f"Content-Type: {headers.get('Content-Type')}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    for part in message.iter_parts():
        if part.get_filename():
            return part.get_payload(decode=True) or b""
    return b""


def _completion(reply: Reply, request_json: Any) -> dict[str, Any]:
    """Return a chat.completion body for a successful reply."""
    content = reply.text
    request = request_json if isinstance(request_json, dict) else {}
    if reply.usage == AUTO:
        prompt = sum(rough_tokens(str(m.get("content") or "")) for m in request.get("messages", []))
        usage: tuple[int, int] | None = (prompt, rough_tokens(content or ""))
    else:
        usage = reply.usage
    body: dict[str, Any] = {
        "id": f"chatcmpl-fake-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": reply.refusal},
                "finish_reason": reply.finish_reason,
                "logprobs": None,
            }
        ],
    }
    if usage is not None:
        body["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}
    if reply.usage_body is not None:
        body["usage"] = reply.usage_body
    return body
