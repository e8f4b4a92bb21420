import difflib

from ...compile.payloads import display, distributions
from ...domain.arns import known_regions
from ..rule import Rule


def check(ctx):
    regions = known_regions()
    if not regions:
        return  # botocore's partition data is not installed: nothing to check against
    for part in distributions(ctx.resources):
        region = part.value.get("region")
        if isinstance(region, str) and region not in regions:
            guess = difflib.get_close_matches(region, regions, n=1)
            hint = f"; did you mean {guess[0]}?" if guess else ""
            path = part.path + ("region",)
            ctx.report(part.resource, path, f"{display(path)}: {region!r} is not an AWS region{hint}")


RULE = Rule(
    code="IB603",
    name="unknown-region",
    summary="A distribution region that is not a region code of any AWS partition.",
    doc="Regions are checked against botocore's partition data (read as data, offline). A typo "
    "such as us-east1 fails the distribution step at the end of a build.",
    bad="""\
distribution "golden" {
  distributions = [{ region = "us-east1" }]
}
""",
    good="""\
distribution "golden" {
  distributions = [{ region = "us-east-1" }]
}
""",
    check=check,
)
