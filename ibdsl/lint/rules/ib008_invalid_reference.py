from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.INVALID_REFERENCE,
    name="invalid-reference",
    fatal=True,
    summary="A reference to something declared that cannot be used here: the wrong kind, an abstract block, no region or account, a variable without a value.",
    doc="`<kind>.NAME` renders an ARN, so it needs a region and an account (settings or --region / "
    "--account) and a resource that is created (not `abstract`); each kind may refer only to the "
    "kinds its record names (a recipe refers to components). `var.NAME` needs a value: a default, "
    "--var or a var file. Always an error; it cannot be ignored.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
distribution "copies" {
  description = image_recipe.web
  distributions = [{ region = "us-east-1" }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
distribution "copies" {
  description = "copies of the web image"
  distributions = [{ region = "us-east-1" }]
}
""",
)
