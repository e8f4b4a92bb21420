from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.UNKNOWN_MEMBER,
    name="unknown-member",
    fatal=True,
    summary="A member the resource does not have (usually a typo; the message suggests the nearest).",
    doc="Members are the API's member names in snake_case. An unknown one would be dropped from the "
    "payload, so it is always an error and cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_imag = "ami-0123456789abcdef0"
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
