from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.VALUE_TYPE,
    name="value-type",
    fatal=True,
    summary="A member given the wrong kind of value (a number for a string, a map for a list).",
    doc="Each member takes one kind of value. The compiler cannot build a payload from the wrong "
    "kind, so this is always an error and cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  working_directory = 5
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  working_directory = "/opt/build"
}
""",
)
