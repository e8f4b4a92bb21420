import re

from ...compile.payloads import display, distributions
from ..rule import Rule

PLACEHOLDER = re.compile(r"\{\{\s*imagebuilder:[A-Za-z]+\s*\}\}")


def check(ctx):
    for part in distributions(ctx.resources):
        ami = part.value.get("amiDistributionConfiguration")
        name = ami.get("name") if isinstance(ami, dict) else None
        if isinstance(name, str) and not PLACEHOLDER.search(name):
            path = part.path + ("amiDistributionConfiguration", "name")
            ctx.report(
                part.resource,
                path,
                f"{display(path)}: {name!r} has no {{{{ imagebuilder:buildDate }}}}-style placeholder; AMI names are unique "
                "per account and region, so the second build would fail",
            )


RULE = Rule(
    code="IB602",
    name="ami-name-placeholder",
    severity="warning",
    summary="An AMI name without a {{ imagebuilder:buildDate }}-style placeholder.",
    doc="AMI names must be unique per account and region. A fixed name works for the first build "
    "and fails every later one; a placeholder such as {{ imagebuilder:buildDate }} makes each "
    "build's name unique.",
    bad="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { name = "golden-ami" }
  }]
}
""",
    good="""\
distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { name = "golden-{{ imagebuilder:buildDate }}" }
  }]
}
""",
    check=check,
    kinds=("distribution",),
)
