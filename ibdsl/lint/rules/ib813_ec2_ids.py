import re

from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule

ID = {prefix: re.compile(f"^{prefix}-(?:[0-9a-f]{{8}}|[0-9a-f]{{17}})$") for prefix in ("subnet", "sg")}


def check(ctx):
    for resource in ctx.resources:
        if resource.kind is not INFRASTRUCTURE:
            continue
        subnet = resource.payload.get("subnetId")
        if isinstance(subnet, str) and not ID["subnet"].match(subnet):
            ctx.report(
                resource, ("subnetId",), f"subnet_id: {subnet!r} is not a subnet id (subnet- and 8 or 17 hex digits)"
            )
        for index, group in enumerate(resource.payload.get("securityGroupIds") or []):
            if isinstance(group, str) and not ID["sg"].match(group):
                path = ("securityGroupIds", index)
                ctx.report(
                    resource,
                    path,
                    f"security_group_ids[{index}]: {group!r} is not a security group id (sg- and 8 or 17 hex digits)",
                )


RULE = Rule(
    code="IB813",
    name="ec2-ids",
    summary="A subnet or security group id that is not one: subnet- or sg- and 8 or 17 hex digits.",
    doc="EC2 ids are a prefix and 8 or 17 lowercase hex digits (EC2 user guide, resource IDs). AWS's "
    'own example writes "sub-12345678" for a subnet: the service refuses it at create time.',
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  subnet_id             = "sub-12345678"
  security_group_ids    = ["sg-0123456789abcdef0"]
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  subnet_id             = "subnet-12345678"
  security_group_ids    = ["sg-0123456789abcdef0"]
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
