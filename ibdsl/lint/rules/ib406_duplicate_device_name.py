from ...compile.payloads import block_device_lists, display, repeats
from ..rule import Rule


def check(ctx):
    def device(part):
        value = part.value.get("deviceName") if isinstance(part.value, dict) else None
        return value if isinstance(value, str) else None

    for _resource, _path, items in block_device_lists(ctx.resources):
        for part, first in repeats(items, device):
            path = part.path + ("deviceName",)
            ctx.report(part.resource, path, f"{display(path)}: {device(part)} is already mapped by {display(first)}")


RULE = Rule(
    code="IB406",
    name="duplicate-device-name",
    summary="Two block device mappings for the same device name.",
    doc="EC2 refuses a launch whose mappings name one device twice. With extends and fragments "
    'this happens easily: remove the inherited one first (`block_device_mappings -= ["/dev/sdb"]`).',
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [
    { device_name = "/dev/sdb", ebs { volume_size = 10 } },
    { device_name = "/dev/sdb", ebs { volume_size = 20 } },
  ]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [
    { device_name = "/dev/sdb", ebs { volume_size = 10 } },
    { device_name = "/dev/sdc", ebs { volume_size = 20 } },
  ]
}
""",
    check=check,
)
