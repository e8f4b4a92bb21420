from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule

RESERVED = ("CreatedBy", "Ec2ImageBuilderArn", "Name", "Tags")


def check(ctx):
    for resource in ctx.resources:
        tags = resource.payload.get("resourceTags") if resource.kind is INFRASTRUCTURE else None
        for key in tags or {}:
            if key in RESERVED or key.startswith("aws:"):
                ctx.report(
                    resource,
                    ("resourceTags", key),
                    f"resource_tags: {key!r} is reserved by Image Builder for the build instance",
                    at_key=True,
                )


RULE = Rule(
    code="IB815",
    name="reserved-resource-tags",
    summary="A resource tag key the service reserves for the build instance.",
    doc="`resource_tags` tag the build instance; the keys CreatedBy, Ec2ImageBuilderArn, Name and "
    "Tags, and keys starting with aws:, are the service's own (botocore 1.44.8, "
    "CreateInfrastructureConfigurationRequest.resourceTags).",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  resource_tags         = { Name = "builder" }
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  resource_tags         = { Role = "builder" }
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
