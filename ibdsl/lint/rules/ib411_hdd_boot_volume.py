from ...compile.payloads import block_devices, display
from ...limits import limit
from ..ebs import type_limits
from ..rule import Rule


def check(ctx):
    boot_names = set(limit("ebs", "boot_device_names"))
    for part in block_devices(ctx.resources):
        ebs = part.value.get("ebs")
        if not isinstance(ebs, dict) or part.value.get("deviceName") not in boot_names:
            continue
        limits = type_limits(ebs.get("volumeType"))
        if limits is not None and limits.get("boot_volume") is False:
            path = part.path + ("ebs", "volumeType")
            ctx.report(
                part.resource,
                path,
                f"{display(path)}: {ebs['volumeType']} volumes cannot be boot volumes, and {part.value['deviceName']} is usually the root device",
            )


RULE = Rule(
    code="IB411",
    name="hdd-boot-volume",
    severity="warning",
    summary="An st1 or sc1 (HDD) volume on the usual root device name.",
    doc="Throughput Optimized HDD (st1) and Cold HDD (sc1) volumes can't be boot volumes (EC2). "
    "/dev/xvda and /dev/sda1 are the root devices of most AMIs; a warning because the parent image "
    "decides which device is the root.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/xvda", ebs { volume_size = 500, volume_type = st1 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/xvda", ebs { volume_size = 500, volume_type = gp3 } }]
}
""",
    check=check,
)
