from ... import codes
from ...compile.payloads import assigned_versions
from ...domain.versions import assignment_problem
from ..rule import Rule


def check(ctx):
    for part in assigned_versions(ctx.resources):
        problem = assignment_problem(part.value, part.resource.kind.auto_versions)
        if problem:
            ctx.report(part.resource, part.path, f"semantic_version: {problem}")


RULE = Rule(
    code=codes.VERSION_ASSIGNMENT,
    name="version-assignment",
    summary="A semantic_version is three numbers (1.0.0, 2021.01.01); a recipe's may hold one x the service fills in.",
    doc="Components are created at the version you assign: three numeric nodes, major.minor.patch "
    "(botocore 1.44.8: VersionNumber). Leading zeros are fine (the docs give 2021.01.01 as a "
    "pattern). The fourth node, the build, is assigned by Image Builder. Image and container "
    "recipes may instead hold one x (WildcardVersionNumber; the November 2025 release): `1.0.x` "
    "makes the service assign the next version on each create (auto-versioning). More than one x "
    "is refused: the model's pattern would admit `1.x.x`, but only a single x says which number "
    "to count up.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.x.x"
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
