from ...domain.kinds import CONTAINER_RECIPE
from ..rule import Rule


def check(ctx):
    for resource in ctx.resources:
        if resource.kind is not CONTAINER_RECIPE:
            continue
        has_data = "dockerfileTemplateData" in resource.payload
        has_uri = "dockerfileTemplateUri" in resource.payload
        if has_data and has_uri:
            ctx.report(
                resource,
                ("dockerfileTemplateUri",),
                "a container recipe takes dockerfile_template_data or dockerfile_template_uri, not both",
            )
        elif not (has_data or has_uri) and not resource.depends_on_lost(("dockerfileTemplateUri",)):
            ctx.report(
                resource,
                ("dockerfileTemplateData",),
                f"container_recipe '{resource.name}' needs a Dockerfile: dockerfile_template_data or dockerfile_template_uri",
            )


RULE = Rule(
    code="IB504",
    name="dockerfile-source",
    summary="A container recipe has exactly one of dockerfile_template_data and dockerfile_template_uri.",
    doc="The Dockerfile template is given inline or as an S3 URI, never both, and a container recipe "
    "without either is refused.",
    bad="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "api" }
}
""",
    good="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "api" }
  dockerfile_template_uri = "s3://bucket/Dockerfile"
}
""",
    check=check,
    kinds=("container_recipe",),
)
