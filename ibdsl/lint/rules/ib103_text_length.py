from ..rule import Rule

RULE = Rule(
    code="IB103",
    name="text-length",
    summary="A string is shorter or longer than the API allows (including empty strings).",
    doc="Most strings must not be empty and have a maximum length (botocore model min/max): "
    "descriptions at most 1,024 characters, tag keys 1 to 128, tag values at most 256, AMI names "
    'at most 127. no_device must be exactly "".',
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n  working_directory = ""\n}\n',
    good='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n  working_directory = "/tmp"\n}\n',
)
