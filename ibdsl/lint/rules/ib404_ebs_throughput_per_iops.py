import math

from ...compile.payloads import display, ebs_volumes
from ..ebs import fmt, number, type_limits
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        limits = type_limits(ebs.value.get("volumeType"))
        throughput = number(ebs.value.get("throughput"))
        if limits is None or throughput is None or "throughput_per_iops" not in limits:
            continue
        iops = number(ebs.value.get("iops"))
        provisioned = iops if iops is not None else limits["default_iops"]
        ceiling = int(provisioned * limits["throughput_per_iops"])
        if throughput > ceiling:
            origin = (
                f"{fmt(provisioned)} IOPS"
                if iops is not None
                else f"the default {fmt(provisioned)} IOPS (iops is unset)"
            )
            ctx.report(
                ebs.resource,
                ebs.path + ("throughput",),
                f"{display(ebs.path + ('throughput',))}: gp3 throughput is at most {limits['throughput_per_iops']} MiB/s per IOPS; "
                f"{origin} allow at most {fmt(ceiling)} MiB/s; got {fmt(throughput)} (raise iops to {fmt(math.ceil(throughput / limits['throughput_per_iops']))} or more)",
            )


RULE = Rule(
    code="IB404",
    name="ebs-throughput-per-iops",
    summary="gp3 throughput is at most 0.25 MiB/s per provisioned IOPS (3,000 IOPS when unset).",
    doc="EC2 ties gp3 throughput to IOPS: at most 0.25 MiB/s per IOPS. With iops unset a gp3 volume "
    "has 3,000 IOPS, so at most 750 MiB/s; 1,000 MiB/s needs at least 4,000 IOPS.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = gp3, throughput = 1000 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = gp3, throughput = 1000, iops = 4000 } }]
}
""",
    check=check,
)
