from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.SYNTAX_ERROR,
    name="syntax-error",
    fatal=True,
    summary="The file is not valid ibdsl: a syntax error, or not UTF-8 text.",
    doc="The parser could not read the file. The message says what it expected and what it found. "
    "Nothing can be compiled until the file parses, so this finding is always an error and cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = 1.0.0
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
