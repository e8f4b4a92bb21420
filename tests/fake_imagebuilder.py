"""A loopback HTTP server that speaks Image Builder's REST-JSON protocol, for tests.

Routes come from botocore's service model (each operation's method and request URI), bodies
are JSON, errors carry the model's exception name in `x-amzn-ErrorType` with its HTTP status.
The real boto3 client talks to it through `endpoint_url`, so serialization, signing, retries,
pagination and error parsing are the real ones. State lives in memory.
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import botocore.session

MODEL = botocore.session.get_session().get_service_model("imagebuilder")
PAGE_SIZE = 2  # small pages, so paginators really page


class ServiceError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.status = MODEL.shape_for(code).metadata.get("error", {}).get("httpStatusCode", 400)


def _routes() -> list[tuple[str, re.Pattern, str]]:
    """(method, path pattern, operation); {name} segments of request URIs become groups."""
    routes = []
    for name in MODEL.operation_names:
        http = MODEL.operation_model(name).http
        template = http["requestUri"].split("?")[0]
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        routes.append((http["method"], re.compile(f"^{pattern}$"), name))
    return routes


def _with_defaults(defaults: dict, given: dict) -> dict:
    """What the service stores: the defaults of what a request leaves out, at any depth."""
    merged = dict(given)
    for key, default in defaults.items():
        if key not in merged:
            merged[key] = default
        elif isinstance(default, dict) and isinstance(merged[key], dict):
            merged[key] = _with_defaults(default, merged[key])
    return merged


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass
class Faults:
    """What goes wrong, and when. Probabilities apply to every Image Builder call (seeded);
    `on_call` maps an operation to {n: fault} for its n-th call (1-based). A fault is an error
    code from the model, "reset" (close the connection), "slow" (delay `slow_seconds`), or an
    answer that is not Image Builder's: one of RAW_ANSWERS, "trickle" (a byte every
    `slow_seconds`, never finishing in time) or "echo" (an error whose message repeats the
    request's headers, credentials included, as some proxies do).
    Faults marked `after_commit` happen after the request took effect: the response is lost."""

    probabilities: dict[str, float] = field(default_factory=dict)
    on_call: dict[str, dict[int, str]] = field(default_factory=dict)
    after_commit: bool = False
    slow_seconds: float = 0.3
    seed: int = 7


class FakeImageBuilder:
    """In-memory Image Builder. Handlers are methods named after operations, in snake_case."""

    ACCOUNT = "111122223333"

    def __init__(self, region: str = "us-east-1", faults: Faults | None = None):
        self.region = region
        self.faults = faults or Faults()
        self.random = random.Random(self.faults.seed)
        self.calls: list[tuple[str, dict]] = []
        self.identity_calls = 0  # STS GetCallerIdentity, answered here too
        self.builds: dict[str, list[dict]] = {}  # component version ARN -> its builds, oldest first
        self.images: dict[str, dict] = {}  # image build version ARN -> image
        self._steps: dict[str, int] = {}
        self.image_script = ["PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "AVAILABLE"]
        self.image_failure: dict | None = None  # state members of a FAILED image
        self.injected: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.in_flight = 0  # Image Builder requests being answered now, and the most at once
        self.most_in_flight = 0
        # (kind, owner, name) -> {version: [builds]}; kind is component or image
        self.published: dict[tuple[str, str, str], dict[str, list[int]]] = {}
        # ARN of a version (or of a distribution configuration) -> stored resource
        self.resources: dict[str, dict] = {}
        self.tokens: dict[str, tuple[str, str, dict]] = {}  # clientToken -> (operation, request digest, response)
        self._counts: dict[str, int] = {}
        self._routes = _routes()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle ------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: with Nagle's algorithm each answer
            # would wait for the client's delayed ACK (tens of milliseconds per call).
            disable_nagle_algorithm = True

            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self):
                fake._handle(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: stop() waits for the serving loop to notice, once per test.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
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
    def _route(self, method: str, path: str) -> tuple[str | None, dict]:
        for route_method, pattern, name in self._routes:
            match = pattern.match(path)
            if route_method == method and match:
                return name, {k: unquote(v) for k, v in match.groupdict().items()}
        return None, {}

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if request.command == "POST" and url.path == "/" and b"Action=GetCallerIdentity" in raw:
            with self.lock:
                self.identity_calls += 1
            return self._caller_identity(request)
        operation, params = self._route(request.command, url.path)
        params.update({k: v if len(v) > 1 else v[0] for k, v in parse_qs(url.query).items()})
        if raw:
            params.update(json.loads(raw))
        with self.lock:
            self.calls.append((operation, params))
            count = self._counts[operation] = self._counts.get(operation, 0) + 1
            fault = self._fault(operation, count)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            self._answer(request, url, operation, params, fault)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _answer(self, request, url, operation: str | None, params: dict, fault: str | None) -> None:
        if fault and not self.faults.after_commit and self._inject(request, operation, fault):
            return
        try:
            if operation is None:
                raise ServiceError("InvalidRequestException", f"no route for {request.command} {url.path}")
            handler = getattr(self, _snake(operation), None)
            if handler is None:
                raise ServiceError("InvalidRequestException", f"{operation} is not implemented by the fake")
            with self.lock:
                body, status = handler(params), 200
            body.setdefault("requestId", str(uuid.uuid4()))
            headers = {}
        except ServiceError as e:
            body, status = {"message": str(e)}, e.status
            headers = {"x-amzn-ErrorType": e.code}
        if fault and self.faults.after_commit and self._inject(request, operation, fault):
            return
        self._respond(request, status, body, headers)

    def _fault(self, operation: str, count: int) -> str | None:
        planned = self.faults.on_call.get(operation, {}).get(count)
        if planned:
            return planned
        for fault, probability in self.faults.probabilities.items():
            if self.random.random() < probability:
                return fault
        return None

    # fault -> (status, content type, body, extra headers): 200s that are not Image Builder's
    # answer, and errors without an Image Builder error type.
    RAW_ANSWERS = {
        "empty": (200, "application/json", b"", {}),
        "html": (200, "text/html", b"<html><body><h1>Gateway</h1></body></html>", {}),
        "malformed": (200, "application/json", b'{"component": {"arn": ', {}),
        "array": (200, "application/json", b"[1, 2, 3]", {}),
        "redirect": (302, "text/plain", b"", {"Location": "https://login.example.com/"}),
        "notfound": (404, "text/plain", b"Not Found", {}),
    }

    NOT_YET = {
        "profile-not-yet": "The value supplied for parameter 'instanceProfileName' is not valid. The provided "
        "instance profile does not exist. Please specify a different instance profile and try again.",
        "role-not-yet": "The provided role does not exist or does not have sufficient permissions.",
    }

    def _raw(self, request, status: int, kind: str, body: bytes, headers: dict) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(body)

    def _inject(self, request, operation: str, fault: str) -> bool:
        """Carry out a fault; True when the response has been dealt with."""
        with self.lock:
            self.injected.append((operation, fault))
        if fault in self.RAW_ANSWERS:
            self._raw(request, *self.RAW_ANSWERS[fault])
            return True
        if fault == "trickle":
            body = json.dumps({"component": {"arn": "x" * 200}}).encode()
            request.send_response(200)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            deadline = time.monotonic() + 60  # bounded: the server stops by itself
            for byte in body:
                if time.monotonic() > deadline:
                    break
                try:
                    request.wfile.write(bytes([byte]))
                    request.wfile.flush()
                except OSError:
                    break
                time.sleep(self.faults.slow_seconds)
            request.close_connection = True
            return True
        if fault == "echo":
            echoed = "; ".join(f"{k}: {v}" for k, v in request.headers.items())
            self._respond(
                request,
                400,
                {"message": f"bad request, headers were {echoed}"},
                {"x-amzn-ErrorType": "InvalidRequestException"},
            )
            return True
        if fault == "slow":
            time.sleep(self.faults.slow_seconds)
            return False
        if fault == "reset":
            request.close_connection = True
            try:
                request.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        if fault in self.NOT_YET:  # IAM's eventual consistency, as the service words it
            error = ServiceError("InvalidParameterValueException", self.NOT_YET[fault])
            self._respond(request, error.status, {"message": str(error)}, {"x-amzn-ErrorType": error.code})
            return True
        error = ServiceError(fault, f"injected {fault}")
        self._respond(request, error.status, {"message": str(error)}, {"x-amzn-ErrorType": fault})
        return True

    def _caller_identity(self, request) -> None:
        body = (
            '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            f"<GetCallerIdentityResult><Arn>arn:aws:iam::{self.ACCOUNT}:user/tester</Arn>"
            f"<UserId>AIDATESTUSER</UserId><Account>{self.ACCOUNT}</Account></GetCallerIdentityResult>"
            f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>"
        ).encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/xml")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

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
                    items.append(
                        {"arn": self.arn(kind, o, name, version), "name": name, "version": version, "owner": o}
                    )
        return items

    def _builds(self, kind: str, version_arn: str, key: str, params: dict) -> dict:
        prefix = f"arn:aws:imagebuilder:{self.region}:"
        owner, rest = version_arn[len(prefix) :].split(":", 1)
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
        if params["componentVersionArn"] in self.builds:  # the account's own components
            return self._own_builds(params["componentVersionArn"], "componentSummaryList", params)
        return self._builds("component", params["componentVersionArn"], "componentSummaryList", params)

    def list_image_build_versions(self, params):
        return self._builds("image", params["imageVersionArn"], "imageSummaryList", params)

    # create, get, update: the resources ibdsl pushes --------------------------------------------
    # kind -> (ARN type, response key of get, key of the create response's ARN)
    KINDS = {
        "CreateComponent": ("component", "component", "componentBuildVersionArn"),
        "CreateImageRecipe": ("image-recipe", "imageRecipe", "imageRecipeArn"),
        "CreateContainerRecipe": ("container-recipe", "containerRecipe", "containerRecipeArn"),
        "CreateDistributionConfiguration": (
            "distribution-configuration",
            "distributionConfiguration",
            "distributionConfigurationArn",
        ),
        "CreateInfrastructureConfiguration": (
            "infrastructure-configuration",
            "infrastructureConfiguration",
            "infrastructureConfigurationArn",
        ),
        "CreateImagePipeline": ("image-pipeline", "imagePipeline", "imagePipelineArn"),
        "CreateLifecyclePolicy": ("lifecycle-policy", "lifecyclePolicy", "lifecyclePolicyArn"),
        "CreateWorkflow": ("workflow", "workflow", "workflowBuildVersionArn"),
    }
    # What the service stores for a member a create or update leaves out (botocore 1.44.8 docs).
    DEFAULTS = {
        "infrastructure-configuration": {"terminateInstanceOnFailure": True, "terminateInstanceOnCompletion": True},
        "image-pipeline": {
            "enhancedImageMetadataEnabled": True,
            "status": "ENABLED",
            "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": 720},
        },
        "lifecycle-policy": {"status": "ENABLED"},
    }
    VERSIONLESS = ("distribution-configuration", "infrastructure-configuration", "image-pipeline", "lifecycle-policy")
    BUILT = ("component", "workflow")  # same version, other content: a new build

    def creates(self) -> list[str]:
        """ARNs created, in order: each resource exactly once, however often it was requested."""
        return [arn for arn, record in self.resources.items()]

    def _idempotent(self, operation: str, params: dict, create) -> dict:
        token = params.get("clientToken")
        content = {k: v for k, v in params.items() if k != "clientToken"}
        digest = json.dumps(content, sort_keys=True)
        if token in self.tokens:
            known_operation, known_digest, response = self.tokens[token]
            if known_operation != operation or known_digest != digest:
                raise ServiceError(
                    "IdempotentParameterMismatchException", "the client token was used with other parameters"
                )
            return dict(response, clientToken=token)
        response = create(content)
        if token:
            self.tokens[token] = (operation, digest, response)
        return dict(response, clientToken=token)

    def _create(self, operation: str, params: dict) -> dict:
        resource_type, _, arn_key = self.KINDS[operation]

        def create(content):
            name = content["name"].lower().replace(" ", "-").replace("_", "-")  # as the service does
            version = content.get("semanticVersion")
            if resource_type in ("image-recipe", "container-recipe") and version.count("x") == 1:
                version = self._next_version(resource_type, name, version)  # auto-versioning
            arn_type = f"workflow/{content['type'].lower()}" if resource_type == "workflow" else resource_type
            if resource_type in self.VERSIONLESS:
                arn = self.arn(arn_type, self.ACCOUNT, name)
            else:
                arn = self.arn(arn_type, self.ACCOUNT, name, version)
            record = _with_defaults(self.DEFAULTS.get(resource_type, {}), content)
            record = {k: v for k, v in record.items() if k not in ("semanticVersion", "dryRun")}
            record.update(arn=arn, owner=self.ACCOUNT, dateCreated="2026-11-26T00:00:00Z")
            if resource_type not in self.VERSIONLESS:
                record["version"] = version
            if resource_type in self.BUILT:
                # Same name and version: a new build when the content differs, else it exists.
                record.pop("uri", None)
                builds = self.builds.setdefault(arn, [])
                if builds and self._content(builds[-1]) == self._content(record):
                    raise ServiceError("ResourceAlreadyExistsException", f"{builds[-1]['arn']} already exists")
                if resource_type == "component":
                    record["type"] = "BUILD"  # what the service reports; a workflow's type is its own
                record.update(state={"status": "ACTIVE"}, arn=f"{arn}/{len(builds) + 1}")
                builds.append(record)
                returned = record["arn"]
            elif arn in self.resources:
                raise ServiceError("ResourceAlreadyExistsException", f"{arn} already exists")
            else:
                returned = arn
            self.resources[arn] = record  # for a component: its newest build
            return {arn_key: returned}

        return self._idempotent(operation, params, create)

    @staticmethod
    def _content(record: dict) -> dict:
        return {k: v for k, v in record.items() if k not in ("arn", "dateCreated", "type", "state")}

    def _next_version(self, resource_type: str, name: str, pattern: str) -> str:
        """What the service assigns to `1.0.x`: one more than the newest version it covers, else 0."""
        at = pattern.split(".").index("x")
        fixed = [n for i, n in enumerate(pattern.split(".")) if i != at]
        taken = [
            int(r["version"].split(".")[at])
            for arn, r in self.resources.items()
            if f":{resource_type}/{name}/" in arn
            and [n for i, n in enumerate(r["version"].split(".")) if i != at] == fixed
        ]
        nodes = pattern.split(".")
        nodes[at] = str(max(taken) + 1 if taken else 0)
        return ".".join(nodes)

    def _own(self, resource_type: str, params: dict, key: str) -> dict:
        names = {f["values"][0] for f in params.get("filters", []) if f.get("name") == "name"}
        items = [
            {"arn": arn, "name": r["name"], "version": r.get("version"), "owner": self.ACCOUNT}
            for arn, r in sorted(self.resources.items())
            if f":{resource_type}/" in arn and (not names or r["name"] in names)
        ]
        return self.page(items, params, key)

    def list_image_recipes(self, params):
        return self._own("image-recipe", params, "imageRecipeSummaryList")

    def list_container_recipes(self, params):
        return self._own("container-recipe", params, "containerRecipeSummaryList")

    def create_infrastructure_configuration(self, params):
        return self._create("CreateInfrastructureConfiguration", params)

    def create_image_pipeline(self, params):
        return self._create("CreateImagePipeline", params)

    def create_lifecycle_policy(self, params):
        return self._create("CreateLifecyclePolicy", params)

    def create_workflow(self, params):
        return self._create("CreateWorkflow", params)

    def get_infrastructure_configuration(self, params):
        return self._get(params["infrastructureConfigurationArn"], "infrastructureConfiguration")

    def get_image_pipeline(self, params):
        return self._get(params["imagePipelineArn"], "imagePipeline")

    def get_lifecycle_policy(self, params):
        return self._get(params["lifecyclePolicyArn"], "lifecyclePolicy")

    def get_workflow(self, params):
        return self._get(params["workflowBuildVersionArn"], "workflow")

    def _replace(self, operation: str, params: dict, arn_key: str, resource_type: str) -> dict:
        """Whole replacement, as the service updates: what the request leaves out is reset."""
        arn = params[arn_key]

        def update(content):
            record = self.resources.get(arn)
            if record is None:
                raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
            kept = {k: record[k] for k in ("name", "arn", "owner", "dateCreated", "tags") if k in record}
            given = {k: v for k, v in content.items() if k != arn_key}
            record.clear()
            record.update({**_with_defaults(self.DEFAULTS.get(resource_type, {}), given), **kept})
            record["dateUpdated"] = "2026-11-27T00:00:00Z"
            return {arn_key: arn}

        return self._idempotent(operation, params, update)

    def _delete(self, params: dict, key: str) -> dict:
        """Delete one resource (one build of a component or workflow), refusing while a resource
        the service knows still names it, as the service does."""
        arn = params[key]
        version_arn = re.sub(r"/\d+$", "", arn) if re.search(r"/\d+\.\d+\.\d+/\d+$", arn) else arn
        if version_arn not in self.resources:
            raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
        users = [
            other for other, record in self.resources.items()
            if other != version_arn and version_arn in json.dumps({k: v for k, v in record.items() if k != "arn"})
        ]  # fmt: skip
        if users:
            raise ServiceError(
                "ResourceDependencyException",
                f"Resource dependency error: The resource ARN '{arn}' has other resources depended on it.",
            )
        builds = self.builds.get(version_arn)
        if builds is not None and version_arn != arn:
            builds[:] = [b for b in builds if b["arn"] != arn]
            if builds:
                self.resources[version_arn] = builds[-1]
                return {key: arn}
            del self.builds[version_arn]
        self.resources.pop(version_arn)
        return {key: arn}

    # images: a build goes through `image_script`, one state per get_image ------------------------
    def _start_image(self, operation: str, params: dict, recipe_arn: str) -> dict:
        def start(content):
            recipe = self.resources.get(recipe_arn)
            if recipe is None:  # a wildcard ARN: the newest version it covers, as the service builds
                stem, pattern = recipe_arn.rsplit("/", 1)
                covered = [
                    r for a, r in self.resources.items()
                    if a.startswith(stem + "/") and all(p in ("x", n) for p, n in zip(pattern.split("."), r["version"].split(".")))
                ]  # fmt: skip
                recipe = max(covered, key=lambda r: [int(n) for n in r["version"].split(".")], default=None)
            if recipe is None:
                raise ServiceError("ResourceNotFoundException", f"{recipe_arn} does not exist")
            name, version = recipe["name"], recipe["version"]
            number = 1 + sum(1 for i in self.images.values() if i["name"] == name and i["version"] == version)
            arn = self.arn("image", self.ACCOUNT, name.lower(), version, number)
            created = f"2026-11-27T10:{len(self.images):02d}:00Z"
            self.images[arn] = {
                "arn": arn, "name": name, "version": version, "dateCreated": created,
                "state": {"status": self.image_script[0]},
            }  # fmt: skip
            self._steps[arn] = -1  # the first get_image answers the first state
            return {"imageBuildVersionArn": arn}

        return self._idempotent(operation, params, start)

    def start_image_pipeline_execution(self, params):
        pipeline = self.resources.get(params["imagePipelineArn"])
        if pipeline is None:
            raise ServiceError("ResourceNotFoundException", f"{params['imagePipelineArn']} does not exist")
        recipe = pipeline.get("imageRecipeArn") or pipeline.get("containerRecipeArn")
        response = self._start_image("StartImagePipelineExecution", params, recipe)
        self.images[response["imageBuildVersionArn"]]["sourcePipelineArn"] = params["imagePipelineArn"]
        return response

    def list_image_pipeline_images(self, params):
        arn = params["imagePipelineArn"]
        if arn not in self.resources:
            raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
        items = [
            {k: v for k, v in image.items() if k != "sourcePipelineArn"}
            for image in self.images.values()
            if image.get("sourcePipelineArn") == arn
        ]
        return self.page(items, params, "imageSummaryList")

    def create_image(self, params):
        recipe = params.get("imageRecipeArn") or params.get("containerRecipeArn")
        return self._start_image("CreateImage", params, recipe)

    def get_image(self, params):
        arn = params["imageBuildVersionArn"]
        image = self.images.get(arn)
        if image is None:
            raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
        if image["state"]["status"] not in ("AVAILABLE", "FAILED", "CANCELLED"):
            self._steps[arn] = min(self._steps[arn] + 1, len(self.image_script) - 1)
            status = self.image_script[self._steps[arn]]
            image["state"] = {"status": status}
            if status == "AVAILABLE":
                image["outputResources"] = {
                    "amis": [{"region": self.region, "image": "ami-0123456789abcdef0", "accountId": self.ACCOUNT}]
                }
            if status == "FAILED":
                image["state"] = {"status": "FAILED", **(self.image_failure or {"reason": "failed"})}
        return {"image": image}

    def cancel_image_creation(self, params):
        arn = params["imageBuildVersionArn"]
        image = self.images.get(arn)
        if image is None:
            raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
        image["state"] = {"status": "CANCELLED"}
        return {"imageBuildVersionArn": arn, "clientToken": params.get("clientToken")}

    def list_image_pipelines(self, params):
        items = [r for a, r in sorted(self.resources.items()) if ":image-pipeline/" in a]
        return self.page(items, params, "imagePipelineList")

    def delete_image_pipeline(self, params):
        return self._delete(params, "imagePipelineArn")

    def delete_image_recipe(self, params):
        return self._delete(params, "imageRecipeArn")

    def delete_container_recipe(self, params):
        return self._delete(params, "containerRecipeArn")

    def delete_component(self, params):
        return self._delete(params, "componentBuildVersionArn")

    def delete_workflow(self, params):
        return self._delete(params, "workflowBuildVersionArn")

    def delete_distribution_configuration(self, params):
        return self._delete(params, "distributionConfigurationArn")

    def delete_infrastructure_configuration(self, params):
        return self._delete(params, "infrastructureConfigurationArn")

    def delete_lifecycle_policy(self, params):
        return self._delete(params, "lifecyclePolicyArn")

    def list_workflow_build_versions(self, params):
        return self._own_builds(params["workflowVersionArn"], "workflowSummaryList", params)

    def _own_builds(self, version_arn: str, key: str, params: dict) -> dict:
        builds = self.builds.get(version_arn)
        if builds is None:
            raise ServiceError("ResourceNotFoundException", f"{version_arn} does not exist")
        return self.page([{"arn": b["arn"], "name": b["name"], "version": b["version"]} for b in builds], params, key)

    def update_infrastructure_configuration(self, params):
        return self._replace(
            "UpdateInfrastructureConfiguration",
            params,
            "infrastructureConfigurationArn",
            "infrastructure-configuration",
        )

    def update_image_pipeline(self, params):
        return self._replace("UpdateImagePipeline", params, "imagePipelineArn", "image-pipeline")

    def update_lifecycle_policy(self, params):
        return self._replace("UpdateLifecyclePolicy", params, "lifecyclePolicyArn", "lifecycle-policy")

    def create_component(self, params):
        return self._create("CreateComponent", params)

    def create_image_recipe(self, params):
        return self._create("CreateImageRecipe", params)

    def create_container_recipe(self, params):
        return self._create("CreateContainerRecipe", params)

    def create_distribution_configuration(self, params):
        return self._create("CreateDistributionConfiguration", params)

    def _get(self, arn: str, key: str) -> dict:
        version_arn = re.sub(r"/\d+$", "", arn) if re.search(r"/\d+\.\d+\.\d+/\d+$", arn) else arn
        record = self.resources.get(version_arn)  # a version ARN: the newest build
        if version_arn != arn:  # a build version ARN: that build
            record = next((b for b in self.builds.get(version_arn, []) if b["arn"] == arn), None)
        if record is None:
            raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
        return {key: record}

    def get_component(self, params):
        return self._get(params["componentBuildVersionArn"], "component")

    def get_image_recipe(self, params):
        return self._get(params["imageRecipeArn"], "imageRecipe")

    def get_container_recipe(self, params):
        return self._get(params["containerRecipeArn"], "containerRecipe")

    def get_distribution_configuration(self, params):
        return self._get(params["distributionConfigurationArn"], "distributionConfiguration")

    def update_distribution_configuration(self, params):
        arn = params["distributionConfigurationArn"]

        def update(content):
            record = self.resources.get(arn)
            if record is None:
                raise ServiceError("ResourceNotFoundException", f"{arn} does not exist")
            record["distributions"] = content["distributions"]
            if "description" in content:
                record["description"] = content["description"]
            else:
                record.pop("description", None)
            record["dateUpdated"] = "2026-11-27T00:00:00Z"
            return {"distributionConfigurationArn": arn}

        return self._idempotent("UpdateDistributionConfiguration", params, update)

    def tag_resource(self, params):
        record = self._get(params["resourceArn"], "x")["x"]
        record.setdefault("tags", {}).update(params["tags"])
        return {}

    def untag_resource(self, params):
        record = self._get(params["resourceArn"], "x")["x"]
        keys = params["tagKeys"] if isinstance(params["tagKeys"], list) else [params["tagKeys"]]
        for key in keys:
            record.get("tags", {}).pop(key, None)
        return {}
