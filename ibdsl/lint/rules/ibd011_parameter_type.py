from ...domain.awstoe import facts
from ...language import yamldoc as y
from ..documents import documents, report
from ..rule import Rule


def check(ctx):
    api_only = {t.casefold() for t in facts()["variable_types"]["api_only"]}
    documented = {t.casefold() for t in facts()["variable_types"]["documented"]}
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for variable in doc.model.variables:
            node = y.members(variable.spec).get("type", (None, None))[1]
            kind = y.text_of(node)
            if kind is not None and kind.casefold() in api_only and kind.casefold() not in documented:
                report(
                    ctx,
                    doc,
                    node,
                    f"type of {variable.kind} '{variable.name}': the user guide documents only string; "
                    f"'{kind}' is in the API's list but may not be accepted",
                )


RULE = Rule(
    code="IBD011",
    name="parameter-type",
    summary="A parameter or constant typed stringList, integer or boolean, which only the API's list names.",
    doc="The user guide documents only `type: string` for parameters and constants. botocore's "
    "ComponentParameterType pattern also lets String, Integer, Boolean and StringList through "
    "while its documentation says string is the supported value, and AWSTOE has an internal "
    "stringList for SSM StringList values. A warning: it may work, or fail at build time.",
    bad="""\
component "ports" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    parameters:
      - Port:
          type: integer
          default: 8080
    phases:
      - name: build
        steps:
          - name: Open
            action: ExecuteBash
            inputs:
              commands: ["firewall-cmd --add-port={{ Port }}/tcp"]
    EOT
}
""",
    good="""\
component "ports" {
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
          - name: Open
            action: ExecuteBash
            inputs:
              commands: ["firewall-cmd --add-port={{ Port }}/tcp"]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
