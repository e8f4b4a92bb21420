from ... import codes
from ...compile.payloads import assigned_versions
from ...domain.versions import assignment_problem
from ..rule import Rule


def check(ctx):
    for part in assigned_versions(ctx.resources):
        problem = assignment_problem(part.value)
        if problem:
            ctx.report(part.resource, part.path, f"semantic_version: {problem}")


RULE = Rule(
    code=codes.VERSION_ASSIGNMENT,
    name="version-assignment",
    summary="A semantic_version must be exactly three numbers (1.0.0 or 2021.01.01), never a wildcard.",
    doc="Components and recipes are created at a version you assign: three numeric nodes, "
    "major.minor.patch. Leading zeros are fine (the docs give 2021.01.01 as a pattern). The "
    "wildcard x only filters existing versions, and the fourth node (the build) is assigned by "
    "Image Builder. The model's pattern for recipe versions admits x; the documented rule does not.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.x.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.2.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    check=check,
)
