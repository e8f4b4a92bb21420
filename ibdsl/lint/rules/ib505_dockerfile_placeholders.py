import re

from ...domain.kinds import CONTAINER_RECIPE
from ..rule import Rule

PLACEHOLDERS = ("parentImage", "environments", "components")


def check(ctx):
    for resource in ctx.resources:
        template = resource.payload.get("dockerfileTemplateData")
        if resource.kind is not CONTAINER_RECIPE or not isinstance(template, str):
            continue
        missing = [p for p in PLACEHOLDERS if not re.search(r"\{\{\{\s*imagebuilder:" + p + r"\s*\}\}\}", template)]
        if missing:
            names = ", ".join("{{{ imagebuilder:" + p + " }}}" for p in missing)
            ctx.report(
                resource,
                ("dockerfileTemplateData",),
                f"dockerfile_template_data lacks {names}; Image Builder fills these in",
            )


RULE = Rule(
    code="IB505",
    name="dockerfile-placeholders",
    severity="warning",
    summary="A Dockerfile template without the {{{ imagebuilder:parentImage }}}, environments and components placeholders.",
    doc="Image Builder builds the image by filling three placeholders: the parent image, the "
    "environment and the components. A template without them builds an image that skips your "
    "components or ignores the recipe's parent image.",
    bad="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "api" }
  dockerfile_template_data = "FROM amazonlinux:2023"
}
""",
    good="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "api" }
  dockerfile_template_data = <<EOT
FROM {{{ imagebuilder:parentImage }}}
{{{ imagebuilder:environments }}}
{{{ imagebuilder:components }}}
EOT
}
""",
    check=check,
    kinds=("container_recipe",),
)
