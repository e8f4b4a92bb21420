from ...compile.payloads import display, distributions, repeats
from ..rule import Rule


def check(ctx):
    def region(part):
        value = part.value.get("region")
        return value if isinstance(value, str) else None

    for part, first in repeats(distributions(ctx.resources), region):
        path = part.path + ("region",)
        ctx.report(
            part.resource,
            path,
            f"{display(path)}: {region(part)} already has {display(first)}; put each region's settings in one entry",
        )


RULE = Rule(
    code="IB601",
    name="duplicate-region",
    summary="A distribution configuration lists a region twice.",
    doc="A distribution configuration holds one entry per region, with all of that region's "
    "settings (AMI, container, launch templates, export). The service refuses a second entry.",
    bad="""\
distribution "golden" {
  distributions = [
    { region = "us-east-1" },
    { region = "us-east-1" },
  ]
}
""",
    good="""\
distribution "golden" {
  distributions = [
    { region = "us-east-1" },
    { region = "us-west-2" },
  ]
}
""",
    check=check,
    kinds=("distribution",),
)
