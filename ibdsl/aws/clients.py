"""boto3 clients and AWS errors in plain words. Imported only by commands that talk to AWS."""

from __future__ import annotations

from ..diagnostics import UsageError

LOOPBACK_HOSTS = ("localhost", "::1")


def check_endpoint(endpoint_url: str | None, allow_http: bool) -> None:
    """Refuse plain http to anything but this machine: requests are signed, but their
    content and the answers travel in clear, and a man in the middle can answer anything."""
    if endpoint_url is None:
        return
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--endpoint-url {endpoint_url!r}: write an http(s) URL such as https://imagebuilder.example.com"
        )
    host = parts.hostname
    try:
        import ipaddress

        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: only `localhost` is this machine by definition
        loopback = host in LOOPBACK_HOSTS
    if parts.scheme == "http" and not loopback and not allow_http:
        raise UsageError(
            f"--endpoint-url {endpoint_url}: plain http to another machine sends requests and answers in clear; "
            "use https, or pass --allow-http if this network is yours"
        )


def client_for(service: str, region: str | None = None, profile: str | None = None, endpoint_url: str | None = None,
               max_attempts: int | None = None, timeout: float | None = None):  # fmt: skip
    import boto3
    import botocore.config
    import botocore.exceptions

    from ..render.terminal import add_secret

    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except botocore.exceptions.ProfileNotFound:
        raise UsageError(f"AWS profile {profile!r} is not configured (see ~/.aws/config)") from None
    if session.region_name is None:
        raise UsageError("no AWS region: pass --region, or set AWS_REGION or a region in your AWS profile")
    retries = {"mode": "standard"}
    if max_attempts is not None:
        retries["total_max_attempts"] = max_attempts
    timeouts = {} if timeout is None else {"connect_timeout": timeout, "read_timeout": timeout}
    config = botocore.config.Config(retries=retries, user_agent_extra="ibdsl", **timeouts)
    client = session.client(service, endpoint_url=endpoint_url, config=config)
    # Whatever a service message echoes, these never reach the output (render.terminal redacts).
    try:
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except Exception:  # noqa: BLE001 - credentials that cannot be read are reported by the first call
        frozen = None
    if frozen is not None:
        for secret in (frozen.access_key, frozen.secret_key, frozen.token):
            add_secret(secret)
    return client


def explain(error: Exception) -> str:
    """One sentence for a boto3/botocore failure; never includes credentials."""
    import botocore.exceptions as ex

    if isinstance(error, ex.NoCredentialsError):
        return "no AWS credentials found: configure a profile (--profile), environment variables or an instance role"
    if isinstance(error, ex.PartialCredentialsError):
        return "the AWS credentials are incomplete (an access key without its secret?)"
    if isinstance(error, ex.EndpointConnectionError):
        return f"cannot reach the endpoint {error.kwargs.get('endpoint_url', '')}: check --endpoint-url, --region and the network"
    if isinstance(error, ex.ConnectTimeoutError):
        return f"timed out connecting to {error.kwargs.get('endpoint_url', 'the endpoint')}"
    if isinstance(error, ex.ReadTimeoutError):
        return f"timed out waiting for {error.kwargs.get('endpoint_url', 'the endpoint')}"
    if isinstance(error, ex.ClientError):
        info = error.response.get("Error", {})
        code = str(info.get("Code", ""))
        if code.isdigit() or not code:
            # No error type: not Image Builder answering (a proxy, a web server, a wrong path).
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", code or "?")
            where = error.response.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("location")
            moved = f", redirecting to {where}" if where else ""
            return (f"the endpoint answered HTTP {status} ({info.get('Message') or 'no message'}{moved}) without an "
                    "Image Builder error: is --endpoint-url (or the region) right?")  # fmt: skip
        return f"{code}: {info.get('Message', '')}".rstrip(": ")
    if isinstance(error, ex.BotoCoreError):
        return str(error)
    return f"{type(error).__name__}: {error}"
