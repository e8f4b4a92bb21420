from ...compile.payloads import block_devices, display
from ...limits import limit
from ..rule import Rule


def check(ctx):
    count = limit("ebs", "ephemeral_devices")
    allowed = {f"ephemeral{i}" for i in range(count)}
    for part in block_devices(ctx.resources):
        name = part.value.get("virtualName")
        if isinstance(name, str) and name not in allowed:
            ctx.report(
                part.resource,
                part.path + ("virtualName",),
                f"{display(part.path + ('virtualName',))}: instance store volumes are named ephemeral0 to ephemeral{count - 1}; got {name!r}",
            )


RULE = Rule(
    code="IB408",
    name="virtual-name",
    summary="virtual_name is ephemeral0 to ephemeral23.",
    doc="EC2 names instance store volumes ephemeral0 through ephemeral23; any other virtual name is refused.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", virtual_name = "ephemeral24" }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", virtual_name = "ephemeral1" }]
}
""",
    check=check,
)
