from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.MISSING_MEMBER,
    name="missing-member",
    summary="A member the API requires is missing.",
    doc="The Image Builder API refuses a request without its required members (botocore model, "
    "`required`). The finding points at the block that lacks the member.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
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
