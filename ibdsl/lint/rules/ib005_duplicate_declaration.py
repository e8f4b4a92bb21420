from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.DUPLICATE_DECLARATION,
    name="duplicate-declaration",
    fatal=True,
    summary="A variable or fragment declared twice, a member set twice in one block, or a setting set to two values.",
    doc="Each variable and fragment has one declaration in a project, a block sets each member once "
    "(use `+=` to add to an inherited list or map), and a project has one region, account and "
    "partition. The note points at the first one. Two resources of one kind and name are IB702. "
    "Always an error; it cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "one"
  description = "two"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "one"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
