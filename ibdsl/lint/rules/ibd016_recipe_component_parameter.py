from ...compile.payloads import arn_of, components
from ...domain.kinds import COMPONENT
from ...domain.versions import selects
from ..documents import Document
from ..rule import Rule


def recipe_uses(ctx):
    """(part, the document's variables) for each recipe component item that names a project component
    whose inline document reads: by reference, or by a literal ARN of its version (with a
    build number, 1.0.0/1, or a wildcard the version matches, 1.x.x)."""
    documents = {}  # ARN -> the variables of its document
    for resource in ctx.resources:
        if resource.kind is COMPONENT and isinstance(resource.payload.get("data"), str):
            arn = arn_of(ctx.result, resource)
            if arn is not None:
                documents[arn] = Document(resource, "component").variables
    if not documents:
        return
    versions: dict[str, list] = {}  # ARN without its version -> [(version, variables)], for filters
    for own, variables in documents.items():
        head, _, version = own.rpartition("/")
        versions.setdefault(head, []).append((version, variables))
    for part in components(ctx.resources):
        variables = _variables(documents, versions, part.value.get("componentArn"))
        if variables is not None:
            yield part, variables


def _variables(documents, versions, arn):
    if not isinstance(arn, str):
        return None
    if arn in documents:
        return documents[arn]
    head, _, version = arn.rpartition("/")
    if head.count("/") == 2 and version.isdigit():  # component/name/1.0.0/1: a build of 1.0.0
        return documents.get(head)
    if "x" in version:
        return next((found for own, found in versions.get(head, ()) if selects(version, own)), None)
    return None


def check(ctx):
    for part, variables in recipe_uses(ctx):
        declared = {v.name for v in variables if v.kind == "parameter"}
        constants = {v.name for v in variables if v.kind == "constant"}
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
    "for components of the project whose document is inline, named by reference or by a "
    "literal ARN of their region, account, name and version (with a build number, 1.0.0/1, or "
    "a filter such as 1.x.x that the version matches).",
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
