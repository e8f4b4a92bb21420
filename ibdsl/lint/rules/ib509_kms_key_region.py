from ...compile.payloads import arns, display
from ...domain.arns import region_problem
from ..rule import Rule


def check(ctx):
    project_region = ctx.result.settings.region
    for part, arn, used_in in arns(ctx.resources):
        region = used_in or project_region
        if region and not region_problem(region) and arn.service == "kms" and arn.region and arn.region != region:
            ctx.report(
                part.resource,
                part.path,
                f"{display(part.path)}: the KMS key is in {arn.region}, but it is used in {region}",
            )


RULE = Rule(
    code="IB509",
    name="kms-key-region",
    severity="warning",
    summary="A KMS key ARN in another region than the one it encrypts in.",
    doc="EBS and AMI encryption use a key in the region of the volume or the copy. A key ARN "
    "naming another region usually fails the build or the distribution, unless it is a "
    "multi-Region key replicated there, which the ARN alone cannot tell: a warning.",
    bad="""\
settings {
  region = "us-east-1"
}
distribution "copies" {
  distributions = [{
    region = "eu-west-1"
    ami_distribution_configuration {
      name = "golden-{{ imagebuilder:buildDate }}"
      kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }]
}
""",
    good="""\
settings {
  region = "us-east-1"
}
distribution "copies" {
  distributions = [{
    region = "eu-west-1"
    ami_distribution_configuration {
      name = "golden-{{ imagebuilder:buildDate }}"
      kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }]
}
""",
    check=check,
)
