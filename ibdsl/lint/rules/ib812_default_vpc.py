from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        if (
            resource.kind is INFRASTRUCTURE
            and resource.payload.get("securityGroupIds")
            and "subnetId" not in resource.payload
        ):
            ctx.report(
                resource,
                ("securityGroupIds",),
                "security_group_ids without subnet_id: the build instance launches in the default VPC",
                at_key=True,
            )


RULE = Rule(
    code="IB812",
    name="default-vpc",
    severity="warning",
    summary="Security groups without a subnet: the build instance goes to the default VPC.",
    doc="Without `subnet_id` the build instance launches in the default VPC, with the groups given. "
    "Accounts without a default VPC fail the build ('No default VPC for this user'), and groups "
    "of another VPC do not apply. Name the subnet.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  security_group_ids    = ["sg-0123456789abcdef0"]
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  subnet_id             = "subnet-0123456789abcdef0"
  security_group_ids    = ["sg-0123456789abcdef0"]
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
