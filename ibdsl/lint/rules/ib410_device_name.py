import re

from ...compile.payloads import block_devices, display
from ..rule import Rule

SHAPE = re.compile(r"^(/dev/(sd[a-z]{1,2}[0-9]{0,2}|xvd[a-z]{1,2}[0-9]{0,2}|hd[a-z][0-9]{0,2})|xvd[a-z]{1,2})$")


def check(ctx):
    for part in block_devices(ctx.resources):
        name = part.value.get("deviceName")
        if isinstance(name, str) and not SHAPE.match(name):
            path = part.path + ("deviceName",)
            ctx.report(
                part.resource,
                path,
                f"{display(path)}: {name!r} does not look like a device name such as /dev/xvda, /dev/sdb or (Windows) xvdb",
            )


RULE = Rule(
    code="IB410",
    name="device-name",
    severity="warning",
    summary="A device name that does not look like /dev/sdX, /dev/xvdX or (Windows) xvdX.",
    doc="EC2 device names on Linux are /dev/sd[a-z] (with an optional partition number, /dev/sda1) "
    "or /dev/xvd[a-z]; on Windows xvd[b-z]. Anything else is usually a typo that fails at launch.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/disk1", ebs { volume_size = 10 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdf", ebs { volume_size = 10 } }]
}
""",
    check=check,
)
