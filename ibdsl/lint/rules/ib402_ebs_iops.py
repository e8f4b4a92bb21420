from ...compile.payloads import display, ebs_volumes
from ..ebs import fmt, number, settable, type_limits
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        limits = type_limits(ebs.value.get("volumeType"))
        if limits is None:
            continue
        kind = ebs.value["volumeType"]
        iops = ebs.value.get("iops")
        where = display(ebs.path + ("iops",))
        if iops is None:
            if limits.get("iops_required"):
                ctx.report(
                    ebs.resource,
                    ebs.path,
                    f"{display(ebs.path)}: {kind} volumes need iops (EC2 requires it for io1 and io2)",
                )
            continue
        if "iops" not in limits:
            ctx.report(
                ebs.resource,
                ebs.path + ("iops",),
                f"{where}: iops cannot be set for {kind} volumes; EC2 takes it only for {', '.join(settable('iops'))}",
            )
            continue
        low, high = limits["iops"]
        if number(iops) is not None and not low <= iops <= high:
            ctx.report(
                ebs.resource,
                ebs.path + ("iops",),
                f"{where}: EC2 allows {kind} volumes {fmt(low)} to {fmt(high)} IOPS; got {fmt(iops)} (EC2 limit)",
            )


RULE = Rule(
    code="IB402",
    name="ebs-iops",
    summary="iops required for io1/io2, refused for gp2, st1, sc1 and standard, and within EC2's range per type.",
    doc="EC2 requires provisioned IOPS for io1 and io2, takes them optionally for gp3 (3,000 to "
    "80,000; 3,000 when unset), and refuses them for every other type. io1 allows 100-64,000 and "
    "io2 100-256,000; the Image Builder API caps all types at 64,000 (IB105).",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = io2 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = io2, iops = 10000 } }]
}
""",
    check=check,
)
