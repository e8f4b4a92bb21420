"""A build as people follow it (one live line on a terminal, a timestamped line per state
change elsewhere) and its result (AMIs, container images, or what failed and where the logs
are), and the same as JSON for scripts."""

from __future__ import annotations

import json


def duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"


def status(image: dict) -> str:
    return str((image.get("state") or {}).get("status", "UNKNOWN"))


def live_line(image: dict, elapsed: float) -> str:
    """The one line a terminal shows and rewrites: only what the service said, and the time."""
    return f"{image.get('name', 'image')} {image.get('version', '')}: {status(image)}, {duration(elapsed)} so far"


def change_line(image: dict, elapsed: float, now: str) -> str:
    return f"{now}  {status(image):<12}  {duration(elapsed):>9}  {image.get('arn', '')}"


def result_lines(image: dict, elapsed: float, logs: list[str]) -> list[str]:
    state = status(image)
    lines = [f"{state} after {duration(elapsed)}: {image.get('arn', '')}"]
    outputs = image.get("outputResources") or {}
    for ami in outputs.get("amis") or []:
        lines.append(f"  {ami.get('region', '?')}  {ami.get('accountId', '')}  {ami.get('image', '')}")
    for container in outputs.get("containers") or []:
        for uri in container.get("imageUris") or []:
            lines.append(f"  {container.get('region', '?')}  {uri}")
    if state == "FAILED":
        lines += [f"  {line}" for line in failure_words(image)]
    if state != "AVAILABLE":
        lines += [f"  logs: {where}" for where in logs]
    return lines


def failure_words(image: dict) -> list[str]:
    state = image.get("state") or {}
    context = state.get("failureContext") or {}
    words = []
    if context.get("imageStatus"):
        words.append(f"failed while {context['imageStatus']}")
    component = context.get("componentFailure") or {}
    if component:
        named = (("componentArn", "component"), ("phaseName", "phase"), ("stepName", "step"), ("action", "action"))
        where = ", ".join(f"{word} {component[key]}" for key, word in named if component.get(key))
        message = component.get("errorMessage")
        words.append(f"component failure: {where}" + (f": {message}" if message else ""))
    distribution = context.get("distributionFailure") or {}
    if distribution.get("errorMessage"):
        words.append(f"distribution failed: {distribution['errorMessage']}")
    for failure in distribution.get("regionFailures") or []:
        words.append(f"distribution to {failure.get('region', '?')} failed: {failure.get('errorMessage', '')}")
    if context.get("failedStep"):
        words.append(f"workflow step: {context['failedStep']}")
    if state.get("reason"):
        words.append(f"reason: {state['reason']}")
    return words


def result_json(image: dict, elapsed: float, logs: list[str]) -> str:
    outputs = image.get("outputResources") or {}
    body = {
        "arn": image.get("arn"),
        "status": status(image),
        "duration_seconds": int(elapsed),
        "amis": [{k: a.get(k) for k in ("region", "accountId", "image")} for a in outputs.get("amis") or []],
        "containers": [{"region": c.get("region"), "uris": c.get("imageUris") or []} for c in outputs.get("containers") or []],
    }  # fmt: skip
    if status(image) == "FAILED":
        body["failure"] = failure_words(image)
    if status(image) != "AVAILABLE":
        body["logs"] = logs
    return json.dumps(body, indent=2) + "\n"


def log_places(image: dict, s3_logs: dict | None) -> list[str]:
    """Where a build's logs are: CloudWatch always, S3 when the infrastructure writes there."""
    name, version = image.get("name", "NAME"), image.get("version", "VERSION")
    build = str(image.get("arn", "")).rsplit("/", 1)[-1]
    places = [f"CloudWatch log group /aws/imagebuilder/{name}, stream {version}/{build}"]
    if s3_logs and s3_logs.get("s3BucketName"):
        prefix = s3_logs.get("s3KeyPrefix", "")
        places.append(f"s3://{s3_logs['s3BucketName']}/{prefix}".rstrip("/") + "/")
    return places
