from ...compile.payloads import display, ebs_volumes
from ..ebs import fmt, number, type_limits
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        limits = type_limits(ebs.value.get("volumeType"))
        iops = number(ebs.value.get("iops"))
        size = number(ebs.value.get("volumeSize"))
        if limits is None or iops is None or size is None or "iops_per_gib" not in limits:
            continue
        ratio = limits["iops_per_gib"]
        # gp3 has its 3,000 IOPS baseline at every size; the ratio only limits more than that.
        ceiling = max(size * ratio, limits.get("default_iops", 0))
        if iops > ceiling:
            kind = ebs.value["volumeType"]
            needed = -(-iops // ratio)
            ctx.report(
                ebs.resource,
                ebs.path + ("iops",),
                f"{display(ebs.path + ('iops',))}: {kind} volumes allow at most {fmt(ratio)} IOPS per GiB; "
                f"{fmt(size)} GiB allows at most {fmt(ceiling)} IOPS; got {fmt(iops)} (or make the volume at least {fmt(needed)} GiB)",
            )


RULE = Rule(
    code="IB405",
    name="ebs-iops-per-gib",
    summary="IOPS per GiB: io1 at most 50, io2 at most 1,000, gp3 at most 500 (above its 3,000 baseline).",
    doc="EC2 caps provisioned IOPS relative to the volume size (EBS user guide, volume types): io1 "
    "50 IOPS per GiB, io2 1,000, gp3 500. Checked when both iops and volume_size are set.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = io1, iops = 10000 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 200, volume_type = io1, iops = 10000 } }]
}
""",
    check=check,
)
