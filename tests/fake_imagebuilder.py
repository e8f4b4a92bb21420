"""A loopback HTTP server that speaks Image Builder's REST-JSON protocol, for tests.

Routes come from botocore's service model (each operation's method and request URI), bodies
are JSON, errors carry the model's exception name in `x-amzn-ErrorType` with its HTTP status.
The real boto3 client talks to it through `endpoint_url`, so serialization, signing, retries,
pagination and error parsing are the real ones. State lives in memory.
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import botocore.session

MODEL = botocore.session.get_session().get_service_model("imagebuilder")
PAGE_SIZE = 2  # small pages, so paginators really page


class ServiceError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.status = MODEL.shape_for(code).metadata.get("error", {}).get("httpStatusCode", 400)


def _routes() -> dict[tuple[str, str], str]:
    routes = {}
    for name in MODEL.operation_names:
        http = MODEL.operation_model(name).http
        routes[(http["method"], http["requestUri"].split("?")[0])] = name
    return routes


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class FakeImageBuilder:
    """In-memory Image Builder. Subclasses or tests add handlers named after operations."""

    def __init__(self, region: str = "us-east-1"):
        self.region = region
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        # (kind, owner, name) -> {version: [builds]}; kind is component or image
        self.published: dict[tuple[str, str, str], dict[str, list[int]]] = {}
        self._routes = _routes()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle ------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self):
                fake._handle(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # data -------------------------------------------------------------------------------
    def publish(self, kind: str, owner: str, name: str, version: str, builds=(1,)) -> None:
        self.published.setdefault((kind, owner, name), {})[version] = list(builds)

    def arn(self, kind: str, owner: str, name: str, version: str | None = None, build: int | None = None) -> str:
        tail = f"{kind}/{name}" + (f"/{version}" if version else "") + (f"/{build}" if build is not None else "")
        return f"arn:aws:imagebuilder:{self.region}:{owner}:{tail}"

    # protocol ----------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        operation = self._routes.get((request.command, url.path))
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        if raw:
            params.update(json.loads(raw))
        try:
            if operation is None:
                raise ServiceError("InvalidRequestException", f"no route for {request.command} {url.path}")
            with self.lock:
                self.calls.append((operation, params))
            handler = getattr(self, _snake(operation), None)
            if handler is None:
                raise ServiceError("InvalidRequestException", f"{operation} is not implemented by the fake")
            body, status = handler(params), 200
            body.setdefault("requestId", str(uuid.uuid4()))
            headers = {}
        except ServiceError as e:
            body, status = {"message": str(e)}, e.status
            headers = {"x-amzn-ErrorType": e.code}
        self._respond(request, status, body, headers)

    def _respond(self, request, status: int, body: dict, headers: dict) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def page(items: list, params: dict, key: str) -> dict:
        start = int(params.get("nextToken") or 0)
        size = min(int(params.get("maxResults") or PAGE_SIZE), PAGE_SIZE)
        body = {key: items[start : start + size]}
        if start + size < len(items):
            body["nextToken"] = str(start + size)
        return body

    # list operations used by `ibdsl catalog refresh` -----------------------------------------
    OWNERS = {"Amazon": "aws", "ThirdParty": "third-party"}

    def _owned(self, kind: str, params: dict) -> list[dict]:
        owner = params.get("owner", "Self")
        wanted = self.OWNERS.get(owner, "111122223333")
        items = []
        for (k, o, name), versions in sorted(self.published.items()):
            if k == kind and o == wanted:
                for version in sorted(versions):
                    items.append({"arn": self.arn(kind, o, name, version), "name": name, "version": version, "owner": o})
        return items

    def _builds(self, kind: str, version_arn: str, key: str, params: dict) -> dict:
        prefix = f"arn:aws:imagebuilder:{self.region}:"
        owner, rest = version_arn[len(prefix):].split(":", 1)
        _, name, version = rest.split("/")
        builds = self.published.get((kind, owner, name), {}).get(version)
        if builds is None:
            raise ServiceError("ResourceNotFoundException", f"{version_arn} does not exist")
        items = [{"arn": self.arn(kind, owner, name, version, b), "name": name, "version": version} for b in builds]
        return self.page(items, params, key)

    def list_components(self, params):
        return self.page(self._owned("component", params), params, "componentVersionList")

    def list_images(self, params):
        return self.page(self._owned("image", params), params, "imageVersionList")

    def list_component_build_versions(self, params):
        return self._builds("component", params["componentVersionArn"], "componentSummaryList", params)

    def list_image_build_versions(self, params):
        return self._builds("image", params["imageVersionArn"], "imageSummaryList", params)
