from ...compile.payloads import arn_of, pipelines, recipes
from ...domain.versions import parse_arn
from ..rule import Rule


def check(ctx):
    recipes_by_arn = {arn_of(ctx.result, r): r for r in recipes(ctx.resources)}
    for resource in pipelines(ctx.resources):
        schedule = resource.payload.get("schedule")
        if not isinstance(schedule, dict) or "scheduleExpression" not in schedule:
            continue
        if schedule.get("pipelineExecutionStartCondition", DEFAULT) != DEFAULT:
            continue
        recipe = recipes_by_arn.get(
            resource.payload.get("imageRecipeArn") or resource.payload.get("containerRecipeArn")
        )
        if recipe is None:
            continue  # not a recipe of this project: what it uses is not known here
        arns = [recipe.payload.get("parentImage")] + [
            c.get("componentArn") for c in recipe.payload.get("components", []) if isinstance(c, dict)
        ]
        if not any(_filters(arn) for arn in arns if isinstance(arn, str)):
            ctx.report(
                resource,
                ("schedule", "scheduleExpression"),
                f"schedule: {recipe.kind.block} '{recipe.name}' pins its parent image and every component, so the "
                "default start condition never finds an update to build: write "
                "pipeline_execution_start_condition = EXPRESSION_MATCH_ONLY, or use version filters (x)",
            )


DEFAULT = "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE"


def _filters(arn: str) -> bool:
    """Can a newer version come through this? A version filter (x), or an SSM parameter, whose
    new value counts as an update (botocore 1.44.8, pipelineExecutionStartCondition)."""
    if arn.startswith("ssm:"):
        return True
    parsed = parse_arn(arn)
    return parsed is not None and parsed.version is not None and "x" in parsed.version.split(".")


RULE = Rule(
    code="IB806",
    name="start-condition",
    severity="warning",
    summary="A scheduled pipeline that only builds on updates, over a recipe with nothing to update.",
    doc="With the default start condition (EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE) a "
    "scheduled run builds only when a version filter (x) in the recipe now selects a newer base "
    "image or component (botocore 1.44.8 docs). A project recipe whose parent image and components "
    "are all pinned never rebuilds on schedule; write EXPRESSION_MATCH_ONLY, or use filters.",
    bad="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = "ami-0123456789abcdef0"
  components       = [aws_component("update-linux", "1.2.3")]
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  schedule {
    schedule_expression = "cron(0 3 * * ? *)"
  }
}
""",
    good="""\
infrastructure_configuration "build" {
  instance_profile_name = "EC2InstanceProfileForImageBuilder"
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = "ami-0123456789abcdef0"
  components       = [aws_component("update-linux", "1.x.x")]
}
image_pipeline "nightly" {
  image_recipe_arn                 = image_recipe.web
  infrastructure_configuration_arn = infrastructure_configuration.build
  schedule {
    schedule_expression = "cron(0 3 * * ? *)"
  }
}
""",
    check=check,
    kinds=("image_pipeline",),
)
