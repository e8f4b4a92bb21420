import re

from ...domain.kinds import IMAGE_RECIPE
from ...domain.versions import parse_arn
from ..rule import Rule

AMI_ID = re.compile(r"^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$")


def check(ctx):
    for resource in ctx.resources:
        parent = resource.payload.get("parentImage")
        if resource.kind is not IMAGE_RECIPE or not isinstance(parent, str):
            continue
        if AMI_ID.match(parent) or parent.startswith("ssm:"):
            continue
        arn = parse_arn(parent)
        if arn is not None and arn.type == "image":
            continue
        ctx.report(
            resource,
            ("parentImage",),
            f"parent_image must be an AMI id (ami- and 8 or 17 hex digits), an image ARN such as "
            f'aws_image("amazon-linux-2023-x86", "x.x.x"), or ssm:PARAMETER; got {parent!r}',
        )


RULE = Rule(
    code="IB507",
    name="parent-image",
    summary="An image recipe's parent_image is an AMI id, an Image Builder image ARN, or an SSM parameter.",
    doc="The base of an image recipe is an AMI id (ami- followed by 8 or 17 lowercase hex digits), "
    "the ARN of an Image Builder image (usually with a version filter), or ssm: followed by a "
    "parameter holding an AMI id.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "amazon-linux-2023"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    check=check,
)
