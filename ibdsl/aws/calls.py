"""Every Image Builder call of a push: deadlines, answers checked against the model, and
throttling retried. botocore's standard retry mode handles 5xx errors; Image Builder's
throttling (CallRateLimitExceededException, HTTP 429) is not retryable for botocore, so a
needs-retry hook retries it with backoff inside the same attempt budget."""

from __future__ import annotations

import os
import random
import threading
import time

THROTTLING = "CallRateLimitExceededException"


class CallTimeout(Exception):
    """A call did not finish in time; whether the service carried it out is unknown."""

    def __init__(self, operation: str, seconds: float, whole_push: bool):
        self.operation, self.seconds, self.whole_push = operation, seconds, whole_push
        limit = "the push's --timeout" if whole_push else "--call-timeout"
        super().__init__(f"{operation} did not answer within {seconds:g} s ({limit})")


class UnexpectedResponse(Exception):
    """The endpoint answered, but not with what Image Builder's model says it answers."""


class Caller:
    """Every Image Builder call of one push: a deadline per call and one for the whole push,
    and, when an answer is not what the model says, a description of what came back.

    A call runs in a worker thread joined with a timeout: socket timeouts alone do not bound
    a call, as an endpoint that trickles a byte at a time never lets a read time out."""

    def __init__(self, client, call_timeout: float = 120.0, total_timeout: float = 3600.0):
        self.client = client
        self.call_timeout = call_timeout
        self.deadline = time.monotonic() + total_timeout
        self._seen = threading.local()
        client.meta.events.register("before-parse.imagebuilder", self._remember)

    def _remember(self, response_dict=None, **_kwargs) -> None:
        if response_dict is not None:
            self._seen.last = response_dict

    def __call__(self, operation: str, **params):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise CallTimeout(operation, 0, whole_push=True)
        limit = min(self.call_timeout, remaining)
        outcome: dict = {}

        def run() -> None:
            self._seen.last = None
            try:
                outcome["value"] = getattr(self.client, operation)(**params)
            except BaseException as e:  # noqa: BLE001 - handed to the waiting thread
                outcome["error"] = e
            outcome["seen"] = self._seen.last

        worker = threading.Thread(target=run, name=f"ibdsl-{operation}", daemon=True)
        worker.start()
        worker.join(limit)
        if worker.is_alive():
            raise CallTimeout(operation, limit, whole_push=limit < self.call_timeout)
        error = outcome.get("error")
        if error is not None:
            import botocore.exceptions

            if isinstance(error, (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError)):
                raise error
            raise UnexpectedResponse(
                f"{operation}: the answer is not Image Builder's ({describe(outcome.get('seen'))})"
            ) from None
        response = outcome["value"]
        response.pop("ResponseMetadata", None)
        response["_seen"] = outcome.get("seen")
        return response


def describe(response_dict) -> str:
    """What came back, in a few words: status, content type and the start of the body."""
    if not response_dict:
        return "no response"
    headers = response_dict.get("headers") or {}
    kind = headers.get("content-type") or headers.get("Content-Type") or "no content type"
    body = response_dict.get("body") or b""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    shown = "an empty body" if not body.strip() else f"body {body[:120]!r}{'...' if len(body) > 120 else ''}"
    return f"HTTP {response_dict.get('status_code', '?')}, {kind}, {shown}"


def expect(operation: str, response: dict, key: str, kind: type):
    """response[key] when it is what the model promises, else UnexpectedResponse."""
    value = response.get(key)
    valid = (
        isinstance(value, dict) and isinstance(value.get("arn"), str)
        if kind is dict
        else isinstance(value, str) and value.startswith("arn:")
    )
    if not valid:
        raise UnexpectedResponse(
            f"{operation} answered without {'the resource' if kind is dict else 'the ARN'} '{key}' ({describe(response.get('_seen'))})"
        )
    return value


def add_throttling_retries(client, max_attempts: int) -> None:
    """Retry 429s with full-jitter exponential backoff; `attempts` is botocore's own count, so
    throttling and the 5xx retries of standard mode share one budget of `max_attempts`."""
    base = float(os.environ.get("IBDSL_BACKOFF_BASE_SECONDS", "0.5"))
    cap = 20.0

    def needs_retry(response=None, attempts=None, **kwargs):
        if response is None or attempts is None:
            return None
        http, parsed = response
        code = parsed.get("Error", {}).get("Code") if isinstance(parsed, dict) else None
        if code != THROTTLING and getattr(http, "status_code", None) != 429:
            return None
        if attempts >= max_attempts:
            return None
        return random.uniform(0, min(cap, base * 2 ** (attempts - 1)))

    client.meta.events.register("needs-retry.imagebuilder", needs_retry)
