from ...compile.payloads import display, ebs_volumes
from ..ebs import fmt, number, settable, type_limits
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        limits = type_limits(ebs.value.get("volumeType"))
        throughput = ebs.value.get("throughput")
        if limits is None or throughput is None:
            continue
        kind = ebs.value["volumeType"]
        where = display(ebs.path + ("throughput",))
        if "throughput" not in limits:
            ctx.report(
                ebs.resource,
                ebs.path + ("throughput",),
                f"{where}: throughput applies to {', '.join(settable('throughput'))} volumes only; this one is {kind}",
            )
            continue
        low, high = limits["throughput"]
        if number(throughput) is not None and not low <= throughput <= high:
            ctx.report(
                ebs.resource,
                ebs.path + ("throughput",),
                f"{where}: EC2 allows {kind} throughput of {fmt(low)} to {fmt(high)} MiB/s; got {fmt(throughput)} (EC2 limit)",
            )


RULE = Rule(
    code="IB403",
    name="ebs-throughput",
    summary="throughput is for gp3 volumes only (125 to 2,000 MiB/s in EC2).",
    doc='Provisioned throughput exists only for gp3 ("For GP3 volumes only" in the API docs). '
    "EC2 allows 125-2,000 MiB/s; the Image Builder API allows 125-1,000 (IB105).",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = gp2, throughput = 250 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = gp3, throughput = 250 } }]
}
""",
    check=check,
)
