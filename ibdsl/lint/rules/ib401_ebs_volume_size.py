from ...compile.payloads import display, ebs_volumes
from ..ebs import fmt, number, type_limits
from ..rule import Rule


def check(ctx):
    for ebs in ebs_volumes(ctx.resources):
        limits = type_limits(ebs.value.get("volumeType"))
        size = number(ebs.value.get("volumeSize"))
        if limits is None or size is None:
            continue
        low, high = limits["size"]
        if not low <= size <= high:
            kind = ebs.value["volumeType"]
            ctx.report(
                ebs.resource,
                ebs.path + ("volumeSize",),
                f"{display(ebs.path + ('volumeSize',))}: EC2 allows {kind} volumes of {fmt(low)} to {fmt(high)} GiB; got {fmt(size)} (EC2 limit)",
            )


RULE = Rule(
    code="IB401",
    name="ebs-volume-size",
    summary="A volume size outside EC2's range for its volume type (second layer, after the API's 1..16,000).",
    doc="EC2 limits each volume type (CreateVolume): gp2 1-16,384 GiB, gp3 1-65,536, io1 4-16,384, "
    "io2 4-65,536, st1 and sc1 125-16,384, standard 1-1,024. A value must pass both layers: the "
    "Image Builder API's 1-16,000 (IB105) and these.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 100, volume_type = st1 } }]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
  block_device_mappings = [{ device_name = "/dev/sdb", ebs { volume_size = 500, volume_type = st1 } }]
}
""",
    check=check,
)
