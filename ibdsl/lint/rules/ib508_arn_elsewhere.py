from ...compile.payloads import arns, display
from ...domain.arns import partition_for, region_problem
from ..rule import Rule

# Image Builder resolves these in the region the recipe is built in.
REGIONAL_TYPES = ("component/", "image/")


def check(ctx):
    project_region = ctx.result.settings.region
    for part, arn, used_in in arns(ctx.resources):
        region = used_in or project_region
        if not region or region_problem(region):
            continue  # no region, or one that does not exist (IB603 says so): nothing to compare with
        where = display(part.path)
        partition = partition_for(region)
        if arn.partition != partition:
            ctx.report(
                part.resource,
                part.path,
                f"{where}: the ARN is in partition {arn.partition!r}, but {region} is in partition {partition!r}",
            )
        elif arn.service == "imagebuilder" and arn.resource.startswith(REGIONAL_TYPES) and arn.region != region:
            ctx.report(
                part.resource,
                part.path,
                f"{where}: the ARN names region {arn.region}, but Image Builder looks it up in {region}, "
                f"where the {part.resource.kind.block} is built",
            )


RULE = Rule(
    code="IB508",
    name="arn-elsewhere",
    summary="An ARN in another partition than its region's, or an Image Builder component or image ARN in another region.",
    doc="ARNs written by hand (parent images, components, KMS keys, license configurations) must "
    "be in the partition of the region they are used in (aws, aws-cn, aws-us-gov, ...): the "
    "service cannot reach across. Component and image ARNs are resolved in the region the recipe "
    "is built in, so one naming another region fails at create time. ARNs ibdsl renders "
    "(aws_component(), component.NAME) always match. Within a distribution, the region is that "
    "distribution's.",
    bad="""\
settings {
  region = "us-east-1"
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "arn:aws:imagebuilder:eu-west-1:aws:image/amazon-linux-2023-x86/x.x.x"
}
""",
    good="""\
settings {
  region = "us-east-1"
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")
}
""",
    check=check,
)
