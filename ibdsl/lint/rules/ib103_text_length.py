from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.TEXT_LENGTH,
    name="text-length",
    summary="A string is shorter or longer than the API allows (including empty strings).",
    doc="Most strings must not be empty and have a maximum length (botocore model min/max): "
    "descriptions at most 1,024 characters, tag keys 1 to 128, tag values at most 256, AMI names "
    'at most 127. no_device must be exactly "".',
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  working_directory = ""
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  working_directory = "/tmp"
}
""",
)
