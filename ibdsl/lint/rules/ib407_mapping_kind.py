from ...compile.payloads import block_devices, display
from ...naming import snake
from ..rule import Rule

KINDS = ("ebs", "virtualName", "noDevice")


def check(ctx):
    for part in block_devices(ctx.resources):
        where = display(part.path)
        present = [key for key in KINDS if key in part.value]
        if "deviceName" not in part.value:
            ctx.report(part.resource, part.path, f"{where}: a block device mapping needs device_name")
        if len(present) == 1 or "noDevice" in present:
            continue  # no_device beside settings suppresses the device: IB412 warns
        if present:
            named = " and ".join(snake(key) for key in present)
            ctx.report(
                part.resource,
                part.path,
                f"{where}: a mapping is exactly one of ebs, virtual_name or no_device; this one has {named}",
            )
        else:
            ctx.report(part.resource, part.path, f"{where}: a mapping needs one of ebs, virtual_name or no_device")


RULE = Rule(
    code="IB407",
    name="mapping-kind",
    summary="A block device mapping names its device and is exactly one of ebs, virtual_name or no_device.",
    doc="A mapping either describes an EBS volume, maps an instance store volume (virtual_name) or "
    'removes a mapping of the parent image (no_device = ""). EC2 refuses a mapping with both ebs '
    "and virtual_name, or with none of the three, and every mapping needs a device_name. "
    "no_device beside ebs or virtual_name is IB412, a warning: EC2 suppresses the device.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", virtual_name = "ephemeral0", ebs { volume_size = 8 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", virtual_name = "ephemeral0" }]
}
""",
    check=check,
)
