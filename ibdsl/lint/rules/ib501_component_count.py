from ...compile.payloads import recipes
from ...limits import limit
from ..rule import Rule


def check(ctx):
    most = limit("recipe", "max_components")
    for resource in recipes(ctx.resources):
        components = resource.payload.get("components")
        kind = resource.kind.block
        if components is None:
            ctx.report(
                resource, ("components",), f"{kind} '{resource.name}' has no components; a recipe needs 1 to {most}"
            )
        elif isinstance(components, list) and not 1 <= len(components) <= most:
            ctx.report(
                resource,
                ("components",),
                f"components: a recipe has 1 to {most} build and test components; this one has {len(components)}",
            )


RULE = Rule(
    code="IB501",
    name="component-count",
    summary="A recipe has 1 to 20 build and test components.",
    doc="Image Builder runs at least one and at most 20 components per recipe, build and test "
    "components together. With fragments and extends a long list can grow past 20 unnoticed.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
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
