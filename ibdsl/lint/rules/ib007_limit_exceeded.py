from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.LIMIT_EXCEEDED,
    name="limit-exceeded",
    fatal=True,
    summary="A value, nesting depth or amount of work beyond ibdsl's limits (data/limits.json).",
    doc="ibdsl bounds what one project may make it build, so a mistake (or a hostile file) cannot "
    "exhaust memory or time: strings, lists, numbers, import and reference depth, and the total "
    "work of evaluation. No real project comes near them; the message names the limit. Always "
    "an error; it cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "${9223372036854775807 + 1}"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "${1 + 1}"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
