from ... import codes
from ...compile.payloads import arn_versions, assigned_versions, display
from ...domain.versions import assignment_problem, filter_problem, node_limit_problem
from ..rule import Rule


def check(ctx):
    # Only versions of the right shape: a wrong shape is IB201 or IB202, one cause, one finding.
    for part in assigned_versions(ctx.resources):
        auto = part.resource.kind.auto_versions
        problem = None if assignment_problem(part.value, auto) else node_limit_problem(part.value)
        if problem:
            ctx.report(part.resource, part.path, f"semantic_version: {problem}")
    for part, arn in arn_versions(ctx.resources):
        problem = None if filter_problem(arn.version, arn.build) else node_limit_problem(arn.version)
        if problem:
            ctx.report(part.resource, part.path, f"{display(part.path)}: {problem}")


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
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
    good="""\
component "tool" {
  semantic_version = "20241105.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
    check=check,
)
