from ...compile.payloads import arn_of, pipelines
from ...domain.kinds import INFRASTRUCTURE
from ..rule import Rule


def check(ctx):
    infrastructures = {arn_of(ctx.result, r): r for r in ctx.resources if r.kind is INFRASTRUCTURE}
    for resource in pipelines(ctx.resources):
        infra = infrastructures.get(resource.payload.get("infrastructureConfigurationArn"))
        if infra is None or "containerRecipeArn" not in resource.payload:
            continue
        options = infra.payload.get("instanceMetadataOptions") or {}
        # Unset, the instance's launch default applies (2 for AMIs marked for IMDSv2): only a
        # written 1 is known to be too few.
        if options.get("httpTokens") == "required" and options.get("httpPutResponseHopLimit") == 1:
            path = ("instanceMetadataOptions", "httpPutResponseHopLimit")
            ctx.report(
                infra,
                path,
                f"instance_metadata_options: container pipeline '{resource.name}' builds here with tokens "
                "required and one hop; container builds need http_put_response_hop_limit = 2",
            )


RULE = Rule(
    code="IB814",
    name="container-hop-limit",
    summary="An infrastructure that requires IMDS tokens with one hop, used by a container pipeline.",
    doc='"If HTTP tokens are required, container image builds need a minimum of two hops" '
    "(botocore 1.44.8, InstanceMetadataOptions.httpPutResponseHopLimit; EC2's default is 1). "
    "The build inside Docker cannot reach the instance metadata otherwise.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  instance_metadata_options {
    http_tokens                 = required
    http_put_response_hop_limit = 1
  }
}
container_recipe "api" {
  container_type           = DOCKER
  semantic_version         = "1.0.x"
  parent_image             = "amazonlinux:2023"
  dockerfile_template_data = "FROM {{{ imagebuilder:parentImage }}}"
  target_repository        = { service = ECR, repository_name = "api" }
}
image_pipeline "nightly" {
  container_recipe_arn             = container_recipe.api
  infrastructure_configuration_arn = infrastructure_configuration.build
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
  instance_metadata_options {
    http_tokens                 = required
    http_put_response_hop_limit = 2
  }
}
container_recipe "api" {
  container_type           = DOCKER
  semantic_version         = "1.0.x"
  parent_image             = "amazonlinux:2023"
  dockerfile_template_data = "FROM {{{ imagebuilder:parentImage }}}"
  target_repository        = { service = ECR, repository_name = "api" }
}
image_pipeline "nightly" {
  container_recipe_arn             = container_recipe.api
  infrastructure_configuration_arn = infrastructure_configuration.build
}
""",
    check=check,
    kinds=("infrastructure_configuration",),
)
