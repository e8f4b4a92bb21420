from ...domain.ec2 import instance_types
from ...domain.kinds import INFRASTRUCTURE
from ...naming import close_matches
from ..rule import Rule


def check(ctx):
    known = None
    for resource in ctx.resources:
        if resource.kind is not INFRASTRUCTURE:
            continue
        for index, name in enumerate(resource.payload.get("instanceTypes") or []):
            if not isinstance(name, str):
                continue
            known = instance_types() if known is None else known
            if known and name not in known:
                guess = close_matches(name, known, n=1)
                hint = f"; did you mean {guess[0]}?" if guess else ""
                ctx.report(
                    resource,
                    ("instanceTypes", index),
                    f"instance_types[{index}]: {name!r} is not an instance type botocore's EC2 model knows{hint}",
                )


RULE = Rule(
    code="IB817",
    name="instance-type",
    severity="warning",
    summary="An instance type EC2 does not know (from botocore's EC2 model, offline).",
    doc="The build instance's types are checked against the InstanceType enum of the EC2 model "
    "that botocore installs, read as data. New types appear before a botocore upgrade knows "
    "them, so this is a warning.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  instance_types        = ["m7i.larg"]
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  instance_types        = ["m7i.large"]
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
