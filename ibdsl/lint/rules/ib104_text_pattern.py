from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.TEXT_PATTERN,
    name="text-pattern",
    summary="A string does not have the form the API expects (names, account ids, ARNs, tag keys).",
    doc="The API checks many strings against patterns (botocore model `pattern`), after the request "
    "has left your machine: resource names, 12-digit account ids, launch template ids, organization "
    "and OU ARNs, license configuration ARNs, tag keys (which must not start with aws:), AMI names. "
    "The message says in words what is allowed.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  tags = { "aws:owner" = "me" }
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  tags = { owner = "me" }
}
""",
)
