from ... import codes
from ...compile.payloads import arn_versions, display
from ...domain.versions import filter_problem
from ..rule import Rule


def check(ctx):
    for part, arn in arn_versions(ctx.resources):
        problem = filter_problem(arn.version, arn.build)
        if problem:
            ctx.report(part.resource, part.path, f"{display(part.path)}: {problem}")


RULE = Rule(
    code=codes.VERSION_FILTER,
    name="version-filter",
    summary="A version in an ARN: after the first x every node is x (1.x.x), and /N builds need full versions.",
    doc="Component and image ARNs select versions. Any node may be the wildcard x, but once a node "
    "is x every node to its right must be x too: 1.x.x and x.x.x are filters, 1.x.2 and x.1.x are "
    "not (the model's pattern accepts them; the documented rule does not). A build-version ARN "
    "ends in /N after a fully numeric version, never after a filter.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.2")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    check=check,
)
