from ...compile.payloads import display, distributions
from ...domain.arns import region_problem
from ..rule import Rule


def check(ctx):
    written = ctx.result.settings.written.get("region")  # --region is checked as it is read
    if written is not None:
        problem = region_problem(written[0])
        if problem:
            ctx.report_at(written[1], f"region: {problem}")
    for part in distributions(ctx.resources):
        region = part.value.get("region")
        problem = region_problem(region) if isinstance(region, str) else None
        if problem:
            path = part.path + ("region",)
            ctx.report(part.resource, path, f"{display(path)}: {problem}")


RULE = Rule(
    code="IB603",
    name="unknown-region",
    summary="A region (the project's, or a distribution's) that is not a region code of any AWS partition.",
    doc="Regions are checked against botocore's partition data (read as data, offline). A typo "
    "such as us-east1 in a distribution fails the distribution step at the end of a build; in "
    "the settings block it renders every ARN for a region that does not exist. (`--region` is "
    "checked as the command line is read: a usage error, exit 2.)",
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
