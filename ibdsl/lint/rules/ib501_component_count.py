from ...compile.payloads import recipes
from ...limits import limit
from ..rule import Rule


def check(ctx):
    most = limit("recipe", "max_components")
    for resource in recipes(ctx.resources):
        components = resource.payload.get("components")
        if isinstance(components, list) and not 1 <= len(components) <= most:
            ctx.report(
                resource,
                ("components",),
                f"components: a recipe has 1 to {most} build and test components when it lists any; "
                f"this one has {len(components)}",
            )


RULE = Rule(
    code="IB501",
    name="component-count",
    summary="A recipe that lists components lists 1 to 20; a recipe without components is fine.",
    doc="Image Builder runs at most 20 build and test components per recipe, together. With "
    "fragments and extends a long list can grow past 20 unnoticed. Components are optional "
    "(botocore 1.44.8, CreateImageRecipe.components: 'A recipe with no components bakes the base "
    "image without additional customization'); the container recipe's model does not require "
    "them either. A list that is present must hold at least one (the model's minimum).",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = []
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
}
""",
    check=check,
)
