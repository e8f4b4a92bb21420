from ..rule import Rule
from ..walk import display, distributions


def check(ctx):
    first: dict[tuple, tuple] = {}
    for part in distributions(ctx.resources):
        region = part.value.get("region")
        if not isinstance(region, str):
            continue
        key = (id(part.resource), region)
        if key in first:
            path = part.path + ("region",)
            ctx.report(part.resource, path, f"{display(path)}: {region} already has {display(first[key])}; put each region's settings in one entry")
        else:
            first[key] = part.path


RULE = Rule(
    code="IB601",
    name="duplicate-region",
    summary="A distribution configuration lists a region twice.",
    doc="A distribution configuration holds one entry per region, with all of that region's "
    "settings (AMI, container, launch templates, export). The service refuses a second entry.",
    bad='distribution "golden" {\n  distributions = [\n    { region = "us-east-1" },\n    { region = "us-east-1" },\n  ]\n}\n',
    good='distribution "golden" {\n  distributions = [\n    { region = "us-east-1" },\n    { region = "us-west-2" },\n  ]\n}\n',
    check=check,
)
