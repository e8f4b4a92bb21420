from ...domain.awstoe import actions, classify, did_you_mean, facts, phase_stage
from ...language import yamldoc as y
from ..documents import documents, report, step_expressions, steps, where_step
from ..rule import Rule


def check(ctx):
    for doc in documents(ctx):
        model = doc.model
        if model is None:
            continue
        phases = {}
        for order, phase in enumerate(model.phases):
            if phase.name is not None:
                phases.setdefault(phase.name, (order, phase))
        orders = {id(phase): order for order, phase in enumerate(model.phases)}
        for step in steps(model):
            for content, start, end in step_expressions(doc, step):
                problem = _problem(model, phases, orders, step, content)
                if problem:
                    report(ctx, doc, (start, end), problem)


def _problem(model, phases, orders, step, content) -> str | None:
    kind, parts = classify(content)
    shown = "{{" + content + "}}"  # as written
    if kind == "variable":
        (name,) = parts
        if name not in model.variable_names:
            hint = did_you_mean(
                name,
                model.variable_names,
                "; AWSTOE reads every {{ }} (text for another template language has no escape)",
            )
            return f"{shown}: no parameter or constant '{name}' in this document{hint}"
    elif kind == "builtin" and parts[0] == "aws:imds:":
        path = parts[1].strip().lstrip("/")
        refused = [p for p in facts()["expressions"]["refused_imds"] if path.startswith(p)]
        if refused:
            return f"{shown}: AWSTOE refuses instance metadata under {refused[0]} (credentials)"
    elif kind == "chain":
        return _chain(phases, orders, step, shown, *parts)
    return None


def _chain(phases, orders, step, shown, phase_name, step_name, side, index, key) -> str | None:
    if phase_name not in phases:
        hint = did_you_mean(phase_name, phases)
        return f"{shown}: this document has no phase '{phase_name}'{hint}"
    order, phase = phases[phase_name]
    targets = {s.name: s for s in phase.steps if s.name is not None}
    target = targets.get(step_name)
    if target is None:
        hint = did_you_mean(step_name, targets)
        return f"{shown}: phase '{phase_name}' has no step '{step_name}'{hint}"
    here = orders[id(step.phase)]
    if order > here or (order == here and target.index >= step.index):
        return f"{shown}: step '{step_name}' runs after {where_step(step)} (or is that step): a value comes from an earlier step"
    if phase_stage(step.phase.name or "") == "test" and phase_stage(phase_name) == "build":
        return (
            f"{shown}: Image Builder runs phase '{phase_name}' when it builds the image and phase "
            f"'{step.phase.name}' when it tests it, and passes no values between them"
        )
    action = actions().get(target.action)
    if action is None:
        return None
    if side == "outputs" and key not in action.outputs:
        produces = f"only {', '.join(action.outputs)}" if action.outputs else "no outputs"
        return f"{shown}: {action.name} produces {produces}"
    if side == "inputs":
        inputs = target.field("inputs")
        if action.shape == "list":
            items = y.items(inputs)
            if index is None or index >= len(items):
                return f"{shown}: step '{step_name}' has {len(items)} input(s); write inputs[0].{key} for the first"
            inputs = items[index]
        if y.kind(inputs) == "map" and key not in y.members(inputs):
            return f"{shown}: step '{step_name}' sets no input '{key}'"
    return None


RULE = Rule(
    code="IBD012",
    name="document-reference",
    summary="A {{ }} expression that names no parameter or constant, or chains to a step that cannot give the value.",
    doc="`{{ Name }}` is a parameter or constant of the document; `{{ phase.step.outputs.key }}` "
    "and `{{ phase.step.inputs.key }}` take a value from an earlier step (user guide, "
    "toe-use-documents, chaining): the phase and step must exist, come before, and the output "
    "be one the action produces (ExecuteBash: stdout). Image Builder runs build and validate "
    "when it builds and test when it tests, and passes no values from the first to the second. "
    "Instance metadata under iam/ and identity-credentials/ is refused. Built-in variables "
    "(`env:`, `aws:ssm:`, `aws:imds:`, `context:`) and loop variables are not reported here.",
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
              commands: ["install-web --port {{ port }}"]
      - name: test
        steps:
          - name: Check
            action: ExecuteBash
            inputs:
              commands: ["curl localhost:{{ build.Install.outputs.stdout }}"]
    EOT
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
      - name: test
        steps:
          - name: Check
            action: ExecuteBash
            inputs:
              commands: ["curl localhost:{{ Port }}"]
    EOT
}
""",
    check=check,
)
