from ...versions import assignment_problems, filter_problems, parse_arn
from ..rule import Rule
from ..walk import display, version_arns


def check(ctx):
    for resource in ctx.resources:
        version = resource.payload.get("semanticVersion")
        if isinstance(version, str):
            for code, message in assignment_problems(version):
                if code == ctx.code:
                    ctx.report(resource, ("semanticVersion",), f"semantic_version: {message}")
    for part in version_arns(ctx.resources):
        arn = parse_arn(part.value)
        if arn is not None and arn.version is not None:
            for code, message in filter_problems(arn.version, arn.build):
                if code == ctx.code:
                    ctx.report(part.resource, part.path, f"{display(part.path)}: {message}")


RULE = Rule(
    code="IB203",
    name="version-node-limit",
    summary="Each version node is at most 1,073,741,823 (2^30-1), in assignments and in ARNs.",
    doc="Image Builder stores each node of a semantic version in 30 bits. A date-like version such "
    "as 20241105.0.0 fits; a timestamp such as 1730800000000.0.0 does not.",
    bad='component "tool" {\n  semantic_version = "1730800000000.0.0"\n  platform = Linux\n}\n',
    good='component "tool" {\n  semantic_version = "20241105.0.0"\n  platform = Linux\n}\n',
    check=check,
)
