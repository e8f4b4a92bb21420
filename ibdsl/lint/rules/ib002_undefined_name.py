from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.UNDEFINED_NAME,
    name="undefined-name",
    fatal=True,
    summary="A name that is not declared, or not visible here: a variable, fragment, resource, function, setting or type.",
    doc="The file parses, but it uses a name nothing declares: `var.x` without `variable x`, "
    "`fragment.x`, `component.x` (or any `<kind>.x`) for a resource no file declares, an unknown "
    "function, setting, block type or variable type, a var file setting an undeclared variable, "
    "an `extends` or `-=` naming what is not there, or a declaration in a file this one does not "
    "import. The message suggests the closest name. Always an error; it cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = var.base_ami
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
variable base_ami: string = "ami-0123456789abcdef0"
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = var.base_ami
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
