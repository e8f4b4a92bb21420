from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.INVALID_STRUCTURE,
    name="invalid-structure",
    fatal=True,
    summary="A block or operator used where the language does not allow it: `+=` inside a map, a settings block with a label.",
    doc="`+=` and `-=` change a member of a resource block (append, merge, remove); inside a map value "
    "write `key = ...`; "
    "a settings block has no label, extends or abstract; a resource block needs a name; settings "
    'are written `key = "value"`. Always an error; it cannot be ignored.',
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  tags = { team += "platform" }
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  tags = { team = "platform" }
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
