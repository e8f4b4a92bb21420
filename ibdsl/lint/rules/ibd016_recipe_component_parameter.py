from ...compile.payloads import arn_of, components
from ...domain.kinds import COMPONENT
from ..documents import Document
from ..rule import Rule


def recipe_uses(ctx):
    """(part, document model) for each recipe component item that names a project component
    whose inline document reads."""
    models = {}
    for resource in ctx.resources:
        if resource.kind is COMPONENT and isinstance(resource.payload.get("data"), str):
            arn = arn_of(ctx.result, resource)
            if arn is not None:
                models[arn] = Document(resource, "component").model
    for part in components(ctx.resources):
        model = models.get(part.value.get("componentArn"))
        if model is not None:
            yield part, model


def check(ctx):
    for part, model in recipe_uses(ctx):
        declared = {v.name for v in model.variables if v.kind == "parameter"}
        constants = {v.name for v in model.variables if v.kind == "constant"}
        for index, parameter in enumerate(part.value.get("parameters") or []):
            name = parameter.get("name") if isinstance(parameter, dict) else None
            if isinstance(name, str) and name not in declared:
                words = (
                    "a constant, which a recipe cannot set" if name in constants else "not a parameter of its document"
                )
                ctx.report(
                    part.resource,
                    part.path + ("parameters", index, "name"),
                    f"parameter '{name}' is {words}; the service refuses the recipe "
                    f'("The following parameters are not defined in the provided component")',
                )


RULE = Rule(
    code="IBD016",
    name="recipe-component-parameter",
    summary="A recipe sets a component parameter that the project's component document does not declare.",
    doc='The service refuses the recipe: "The following parameters are not defined in the '
    'provided component: S3BucketName" (aws-ia/terraform-aws-ec2-image-builder#106). Checked '
    "for components of the project whose document is inline.",
    bad="""\
component "web" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    parameters:
      - Port:
          type: string
          default: "8080"
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["install-web --port {{ Port }}"]
    EOT
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
  components       = [{ component_arn = component.web, parameters = { port = "80" } }]
}
""",
    good="""\
component "web" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    parameters:
      - Port:
          type: string
          default: "8080"
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["install-web --port {{ Port }}"]
    EOT
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
  components       = [{ component_arn = component.web, parameters = { Port = "80" } }]
}
""",
    check=check,
)
