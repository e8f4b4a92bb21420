import re

from ...compile.payloads import display, distributions
from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule

NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
IP = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def check(ctx):
    for part in distributions(ctx.resources):
        export = part.value.get("s3ExportConfiguration")
        _check(ctx, part.resource, part.path + ("s3ExportConfiguration", "s3Bucket"), export, "s3Bucket")
    for resource in ctx.resources:
        if resource.kind is INFRASTRUCTURE:  # where the build instance writes its logs
            logs = (resource.payload.get("logging") or {}).get("s3Logs")
            _check(ctx, resource, ("logging", "s3Logs", "s3BucketName"), logs, "s3BucketName")


def _check(ctx, resource, path, holder, key) -> None:
    bucket = holder.get(key) if isinstance(holder, dict) else None
    if isinstance(bucket, str) and (not NAME.match(bucket) or ".." in bucket or IP.match(bucket)):
        ctx.report(
            resource,
            path,
            f"{display(path)}: an S3 bucket name is 3 to 63 lowercase letters, digits, dots and hyphens, "
            f"starting and ending with a letter or digit; got {bucket!r} (a name, not s3:// or an ARN)",
        )


RULE = Rule(
    code="IB605",
    name="s3-bucket-name",
    summary="An S3 export or log bucket that is not a valid bucket name.",
    doc="s3_bucket takes a bucket name, not a URI or ARN: 3 to 63 characters, lowercase letters, "
    "digits, dots and hyphens, beginning and ending with a letter or digit, and not an IP address.",
    bad="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    s3_export_configuration { role_name = "vmimport", disk_image_format = VMDK, s3_bucket = "s3://exports" }
  }]
}
""",
    good="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    s3_export_configuration { role_name = "vmimport", disk_image_format = VMDK, s3_bucket = "exports" }
  }]
}
""",
    check=check,
    kinds=("distribution", "infrastructure_configuration"),
)
