from ..rule import Rule


def check(ctx):
    if ctx.catalog is None:
        return
    from ..resolve import references  # only with a catalog: most lints have none

    for reference in references(ctx.resources, ctx.catalog):
        if reference.problem:
            ctx.report(reference.part.resource, reference.part.path, f"{reference.where}: {reference.problem}")


RULE = Rule(
    code="IB301",
    name="unresolved-version",
    severity="warning",
    summary="A version filter that matches nothing in the configured catalog.",
    doc='With a catalog configured (`catalog = "catalog.json"` in [tool.ibdsl], or --catalog), '
    "every component and image version in an ARN is resolved offline the way Image Builder "
    "resolves it: the highest matching version, latest build. A filter that matches nothing fails "
    "the build later. `ibdsl resolve` shows what each filter selects; `ibdsl catalog refresh` "
    "rebuilds the catalog from the service.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "9.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    check=check,
)
