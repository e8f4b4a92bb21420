from ...domain.awstoe import facts, pattern
from ...language import yamldoc as y
from ..documents import documents, report, where_step
from ..rule import Rule


def check(ctx):
    for doc in documents(ctx):
        model = doc.model
        if model is None:
            continue
        phases: dict[str, object] = {}
        for phase in model.phases:
            if phase.name is not None:
                if phase.name in phases:
                    report(
                        ctx,
                        doc,
                        phase.name_node,
                        f"phase '{phase.name}' is defined twice; phase names are unique in a document",
                    )
                phases.setdefault(phase.name, phase)
            seen: dict[str, object] = {}
            for step in phase.steps:
                name = step.name
                if name is None or y.is_null(step.name_node) or "{{" in name:
                    continue
                if not pattern("step").match(name):
                    report(
                        ctx,
                        doc,
                        step.name_node,
                        f"step name '{name}' (phase '{phase.name}'): the service allows only letters, digits, - and _",
                    )
                if name in seen:
                    report(
                        ctx,
                        doc,
                        step.name_node,
                        f"{where_step(step)} is the second step of that name in its phase; step names are unique per phase",
                    )
                seen.setdefault(name, step)
        _variables(ctx, doc, model)


def _variables(ctx, doc, model):
    types = facts()["variable_types"]
    known = {t.casefold() for t in types["documented"] + types["api_only"]}
    first: dict[str, object] = {}
    for variable in model.variables:
        name = variable.name
        if not pattern("variable").match(name):
            report(ctx, doc, variable.key, f"{variable.kind} name '{name}': 3 to 128 letters, digits, - and _")
        if name in first:
            earlier = first[name]
            report(
                ctx,
                doc,
                variable.key,
                f"'{name}' is declared twice (as a {earlier.kind} and as a {variable.kind}); parameter and constant names are unique together",
            )
        first.setdefault(name, variable)
        kind = y.text_of(y.members(variable.spec).get("type", (None, None))[1])
        if kind is not None and kind.casefold() not in known:
            report(
                ctx,
                doc,
                y.members(variable.spec)["type"][1],
                f"type of {variable.kind} '{name}' must be string; got '{kind}'",
            )


RULE = Rule(
    code="IBD009",
    name="document-names",
    summary="Step, phase, parameter and constant names the service refuses, or names given twice.",
    doc="Step names are letters, digits, `-` and `_`: \"Invalid step name 'Loading ssh keys' in "
    "phase 'build'. Allowed characters are ... [-_]\" (aws/aws-cdk#19909), unique within their "
    "phase (the same name may appear in another phase). Phase names are unique. Parameter and "
    "constant names are 3 to 128 of the same characters and unique across parameters and "
    "constants together; their type is `string` (user guide, toe-user-defined-variables).",
    bad="""\
component "keys" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Loading ssh keys
            action: ExecuteBash
            inputs:
              commands: [install-keys]
    EOT
}
""",
    good="""\
component "keys" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: LoadingSshKeys
            action: ExecuteBash
            inputs:
              commands: [install-keys]
    EOT
}
""",
    check=check,
    per_document=True,
)
