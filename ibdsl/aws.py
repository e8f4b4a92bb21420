"""boto3 clients and AWS errors in plain words. Imported only by commands that talk to AWS."""

from __future__ import annotations

from .diagnostics import UsageError


def client_for(service: str, region: str | None = None, profile: str | None = None, endpoint_url: str | None = None, max_attempts: int | None = None):
    import boto3
    import botocore.config
    import botocore.exceptions

    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except botocore.exceptions.ProfileNotFound:
        raise UsageError(f"AWS profile {profile!r} is not configured (see ~/.aws/config)") from None
    if session.region_name is None:
        raise UsageError("no AWS region: pass --region, or set AWS_REGION or a region in your AWS profile")
    retries = {"mode": "standard"}
    if max_attempts is not None:
        retries["total_max_attempts"] = max_attempts
    config = botocore.config.Config(retries=retries, user_agent_extra="ibdsl")
    return session.client(service, endpoint_url=endpoint_url, config=config)


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
        return f"{info.get('Code', 'Error')}: {info.get('Message', '')}".rstrip(": ")
    if isinstance(error, ex.BotoCoreError):
        return str(error)
    return f"{type(error).__name__}: {error}"
