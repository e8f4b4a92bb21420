from ...compile.payloads import pipelines
from ...domain.arns import parse_any_arn
from ..rule import Rule

# AWS-managed workflows say in their name what they make: build-image, test-container, ...
OUTPUTS = {"-image": "imageRecipeArn", "-container": "containerRecipeArn"}


def check(ctx):
    for resource in pipelines(ctx.resources):
        recipe = next((key for key in OUTPUTS.values() if key in resource.payload), None)
        for index, workflow in enumerate(resource.payload.get("workflows") or []):
            text = workflow.get("workflowArn") if isinstance(workflow, dict) else None
            arn = parse_any_arn(text) if isinstance(text, str) else None
            parts = arn.resource.split("/") if arn is not None else []  # workflow/TYPE/NAME/VERSION
            if len(parts) < 3 or arn.account != "aws" or recipe is None:
                continue
            name = parts[2]
            wants = next((key for suffix, key in OUTPUTS.items() if name.endswith(suffix)), None)
            if wants is not None and wants != recipe:
                made = "container images" if wants == "containerRecipeArn" else "AMIs"
                ctx.report(
                    resource,
                    ("workflows", index, "workflowArn"),
                    f"workflows[{index}]: AWS's {name} workflow is for {made}, but this pipeline builds "
                    f"{'AMIs' if recipe == 'imageRecipeArn' else 'container images'}",
                )


RULE = Rule(
    code="IB808",
    name="workflow-output",
    summary="An AWS-managed workflow for the other kind of output than the pipeline's recipe makes.",
    doc="AWS's own workflows come in image and container forms (build-image, build-container, "
    "test-image, test-container). A pipeline over an image recipe runs the -image ones, over a "
    "container recipe the -container ones; the other form fails the build.",
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
  execution_role                   = "ImageBuilderWorkflowRole"
  workflows                        = [{ workflow_arn = aws_workflow("build", "build-container") }]
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
