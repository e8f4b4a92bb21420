from ... import codes
from ...compile.payloads import version_findings
from ..rule import Rule


def check(ctx):
    for resource, path, code, message in version_findings(ctx.resources):
        if code == ctx.code:
            ctx.report(resource, path, message)


RULE = Rule(
    code=codes.VERSION_NODE_LIMIT,
    name="version-node-limit",
    summary="Each version node is at most 1,073,741,823 (2^30-1), in assignments and in ARNs.",
    doc="Image Builder stores each node of a semantic version in 30 bits. A date-like version such "
    "as 20241105.0.0 fits; a timestamp such as 1730800000000.0.0 does not.",
    bad="""\
component "tool" {
  semantic_version = "1730800000000.0.0"
  platform = Linux
}
""",
    good="""\
component "tool" {
  semantic_version = "20241105.0.0"
  platform = Linux
}
""",
    check=check,
)
