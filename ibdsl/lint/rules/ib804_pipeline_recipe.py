from ...compile.payloads import pipelines
from ..rule import Rule


def check(ctx):
    for resource in pipelines(ctx.resources):
        given = [key for key in ("imageRecipeArn", "containerRecipeArn") if key in resource.payload]
        if len(given) == 2:
            ctx.report(
                resource,
                ("containerRecipeArn",),
                "a pipeline builds one recipe: give image_recipe_arn or container_recipe_arn, not both",
                at_key=True,
            )
        elif not given:
            ctx.report(
                resource,
                (),
                f"image_pipeline '{resource.name}' names no recipe: give image_recipe_arn or container_recipe_arn",
            )


RULE = Rule(
    code="IB804",
    name="pipeline-recipe",
    summary="A pipeline names exactly one recipe: an image recipe or a container recipe.",
    doc="A pipeline builds from `image_recipe_arn` or `container_recipe_arn`, exactly one of them "
    "(botocore 1.44.8, CreateImagePipelineRequest). Neither, or both, is refused at create time.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_pipeline "nightly" {
  infrastructure_configuration_arn = infrastructure_configuration.build
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.x"
  parent_image     = "ami-0123456789abcdef0"
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
}
""",
    check=check,
    kinds=("image_pipeline",),
)
