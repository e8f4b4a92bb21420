from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.CYCLE,
    name="cycle",
    fatal=True,
    summary="Fragments, imports, extends or resource references that lead back to where they started.",
    doc="A fragment that uses itself (through others), files that import each other in a circle, "
    "`extends` chains that come back, or resources that refer to each other (`component.a` in "
    "`b` and `component.b` in `a`: each would have to exist before the other). The message "
    "shows the whole chain, at the link that closes it. Always an error; it cannot be ignored.",
    bad="""\
fragment a = fragment.b
fragment b = fragment.a
image_recipe "web" {
  semantic_version = "1.0.0"
  description = fragment.a
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
fragment a = "web server"
fragment b = fragment.a
image_recipe "web" {
  semantic_version = "1.0.0"
  description = fragment.b
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
