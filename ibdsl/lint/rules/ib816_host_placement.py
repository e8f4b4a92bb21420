from ...domain.kinds import INFRASTRUCTURE
from ...naming import snake
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        placement = resource.payload.get("placement") if resource.kind is INFRASTRUCTURE else None
        if not isinstance(placement, dict):
            continue
        hosts = [key for key in ("hostId", "hostResourceGroupArn") if key in placement]
        if hosts and placement.get("tenancy") != "host":
            ctx.report(
                resource,
                ("placement", hosts[0]),
                f"placement: {snake(hosts[0])} applies only with tenancy = host",
                at_key=True,
            )
        elif len(hosts) == 2:
            ctx.report(
                resource,
                ("placement", hosts[1]),
                "placement: give host_id or host_resource_group_arn, not both",
                at_key=True,
            )


RULE = Rule(
    code="IB816",
    name="host-placement",
    summary="Host placement members without tenancy = host, or two host targets.",
    doc="`host_id` and `host_resource_group_arn` place the build instance on a Dedicated Host: they "
    "apply only with `tenancy = host`, and name one target, not both (botocore 1.44.8, Placement).",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  placement {
    host_id = "h-0123456789abcdef0"
  }
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  placement {
    tenancy = host
    host_id = "h-0123456789abcdef0"
  }
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
