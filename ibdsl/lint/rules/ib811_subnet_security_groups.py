from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        if (
            resource.kind is INFRASTRUCTURE
            and "subnetId" in resource.payload
            and not resource.payload.get("securityGroupIds")
        ):
            ctx.report(resource, ("subnetId",), "subnet_id: a build instance in a subnet needs security_group_ids too")


RULE = Rule(
    code="IB811",
    name="subnet-security-groups",
    summary="A subnet without security groups: the service refuses it.",
    doc="An infrastructure configuration that names `subnet_id` must name one or more "
    '`security_group_ids`, "otherwise, the request fails" (botocore 1.44.8, '
    "CreateInfrastructureConfigurationRequest.subnetId).",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  subnet_id             = "subnet-0123456789abcdef0"
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
