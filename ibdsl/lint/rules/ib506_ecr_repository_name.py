import re

from ...compile.payloads import display, distributions
from ...domain.kinds import CONTAINER_RECIPE
from ..rule import Rule

NAME = re.compile(r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")


def _check_repository(ctx, resource, path, repository):
    if not isinstance(repository, dict):
        return
    name = repository.get("repositoryName")
    if isinstance(name, str) and not (2 <= len(name) <= 256 and NAME.match(name)):
        where = path + ("repositoryName",)
        ctx.report(
            resource,
            where,
            f"{display(where)}: an ECR repository name is 2 to 256 lowercase letters, digits and . _ - / (such as team/api); got {name!r}",
        )


def check(ctx):
    for resource in ctx.resources:
        if resource.kind is CONTAINER_RECIPE:
            _check_repository(ctx, resource, ("targetRepository",), resource.payload.get("targetRepository"))
    for part in distributions(ctx.resources):
        container = part.value.get("containerDistributionConfiguration")
        if isinstance(container, dict):
            path = part.path + ("containerDistributionConfiguration", "targetRepository")
            _check_repository(ctx, part.resource, path, container.get("targetRepository"))


RULE = Rule(
    code="IB506",
    name="ecr-repository-name",
    summary="An ECR target repository name that ECR would refuse.",
    doc="ECR repository names are lowercase: letters, digits, and . _ - separators, optionally in "
    "namespaces separated by /; 2 to 256 characters.",
    bad="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "Orders_API" }
  dockerfile_template_uri = "s3://bucket/Dockerfile"
}
""",
    good="""\
container_recipe "api" {
  container_type = DOCKER
  semantic_version = "1.0.0"
  parent_image = "amazonlinux:2023"
  components = [aws_component("update-linux", "1.x.x")]
  target_repository { service = ECR, repository_name = "orders/api" }
  dockerfile_template_uri = "s3://bucket/Dockerfile"
}
""",
    check=check,
    kinds=("container_recipe", "distribution"),
)
