from ...language import yamldoc as y
from ..rule import Rule
from .ibd016_recipe_component_parameter import recipe_uses


def check(ctx):
    for part, variables in recipe_uses(ctx):
        given = {p.get("name") for p in part.value.get("parameters") or [] if isinstance(p, dict)}
        for variable in variables:
            if (
                variable.kind == "parameter"
                and variable.name not in given
                and "default" not in y.members(variable.spec)
            ):
                ctx.report(
                    part.resource,
                    part.path + ("componentArn",),
                    f"the component's parameter '{variable.name}' has no default and this recipe gives it no value",
                )


RULE = Rule(
    code="IBD017",
    name="missing-component-parameter",
    summary="A recipe leaves out a component parameter that has no default.",
    doc="A parameter without `default` gets its value from the recipe (`parameters = { Name = "
    '"..." }`); left out, `{{ Name }}` has no value when the component runs. The user guide '
    "does not say whether the service refuses the recipe or the build fails, so this is a "
    "warning.",
    bad="""\
component "agent" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    parameters:
      - LicenseKey:
          type: string
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["install-agent --key '{{ LicenseKey }}'"]
    EOT
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
  components       = [component.agent]
}
""",
    good="""\
component "agent" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    parameters:
      - LicenseKey:
          type: string
    phases:
      - name: build
        steps:
          - name: Install
            action: ExecuteBash
            inputs:
              commands: ["install-agent --key '{{ LicenseKey }}'"]
    EOT
}
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image     = aws_image("amazon-linux-2023-x86", "x.x.x")
  components       = [{ component_arn = component.agent, parameters = { LicenseKey = "abc123" } }]
}
""",
    severity="warning",
    check=check,
)
