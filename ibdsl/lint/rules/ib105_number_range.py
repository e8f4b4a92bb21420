from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.NUMBER_RANGE,
    name="number-range",
    summary="A number outside the range the Image Builder API accepts.",
    doc="The Image Builder API has its own limits (botocore model min/max), the first of two layers "
    "for EBS volumes: volume_size 1..16,000 GiB, iops 100..64,000, throughput 125..1,000 MiB/s. EC2's "
    "per-volume-type limits are the second layer (IB401-IB405).",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 20000, volume_type = gp3 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 16000, volume_type = gp3 } }]
}
""",
)
