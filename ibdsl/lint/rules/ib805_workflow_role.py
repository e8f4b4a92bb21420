from ...compile.payloads import pipelines
from ..rule import Rule


def check(ctx):
    for resource in pipelines(ctx.resources):
        if resource.payload.get("workflows") and "executionRole" not in resource.payload:
            ctx.report(
                resource, ("workflows",), "workflows run with the pipeline's execution_role: give one", at_key=True
            )


RULE = Rule(
    code="IB805",
    name="workflow-role",
    summary="A pipeline with workflows needs an execution role.",
    doc="Image Builder runs workflows with the pipeline's `execution_role`; a pipeline that lists "
    "`workflows` without one is refused (botocore 1.44.8, CreateImagePipelineRequest.executionRole). "
    "The list replaces the default workflows, so leaving out a test workflow skips the tests.",
    bad="""\
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
  workflows                        = [{ workflow_arn = aws_workflow("build", "build-image") }]
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
  execution_role                   = "ImageBuilderWorkflowRole"
  workflows                        = [{ workflow_arn = aws_workflow("build", "build-image") }]
}
""",
    check=check,
    kinds=("image_pipeline",),
)
