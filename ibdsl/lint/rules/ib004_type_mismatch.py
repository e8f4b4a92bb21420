from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.TYPE_MISMATCH,
    name="type-mismatch",
    fatal=True,
    summary="A value of the wrong type for what is done with it: `+`, interpolation, a function argument, a variable.",
    doc="`+` joins two strings, two numbers, two lists or two maps; `${...}` inserts a string, number "
    "or boolean; functions take the argument types their usage says; a variable's value (default, "
    "`--var`, var file) must have the declared type; `+=` and `-=` work on lists and maps. "
    "Always an error; it cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "size " + 20
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
fragment size = "20 GiB"
image_recipe "web" {
  semantic_version = "1.0.0"
  description = "size ${fragment.size}"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
