from ...domain.awstoe import actions, classify, did_you_mean, facts, phase_stage
from ...language import yamldoc as y
from ..documents import documents, report, step_expressions, steps, where_step
from ..rule import Rule

# A problem is documented (the user guide says so: an error) or inferred (it follows from what
# the guide says, but no sentence states it: IBD018 warns).
DOCUMENTED, INFERRED = "documented", "inferred"


def problems(ctx):
    """(doc, start, end, message, DOCUMENTED or INFERRED) for each {{ }} that cannot get its value."""
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
                found = _problem(phases, orders, step, content)
                if found:
                    yield doc, start, end, *found


def check(ctx):
    for doc, start, end, message, kind in problems(ctx):
        if kind == DOCUMENTED:
            report(ctx, doc, (start, end), message)


def _problem(phases, orders, step, content) -> tuple[str, str] | None:
    kind, parts = classify(content)
    shown = "{{" + content + "}}"  # as written
    if kind == "builtin" and parts[0] == "aws:imds:":
        path = parts[1].strip().lstrip("/")
        refused = [p for p in facts()["expressions"]["refused_imds"] if path.startswith(p)]
        if refused:
            return f"{shown}: AWSTOE refuses instance metadata under {refused[0]} (credentials)", DOCUMENTED
    elif kind == "chain":
        return _chain(phases, orders, step, shown, *parts)
    return None


def _chain(phases, orders, step, shown, phase_name, step_name, side, index, key) -> tuple[str, str] | None:
    if phase_name not in phases:
        hint = did_you_mean(phase_name, phases)
        return f"{shown}: this document has no phase '{phase_name}'{hint}", DOCUMENTED
    order, phase = phases[phase_name]
    targets = {s.name: s for s in phase.steps if s.name is not None}
    target = targets.get(step_name)
    if target is None:
        hint = did_you_mean(step_name, targets)
        return f"{shown}: phase '{phase_name}' has no step '{step_name}'{hint}", DOCUMENTED
    if phase_stage(step.phase.name or "") == "test" and phase_stage(phase_name) == "build":
        return (
            f"{shown}: Image Builder runs phase '{phase_name}' when it builds the image and phase "
            f"'{step.phase.name}' when it tests it, and passes no values between them"
        ), DOCUMENTED
    here = orders[id(step.phase)]
    if order > here or (order == here and target.index >= step.index):
        which = "is the step that uses it" if target is step else f"runs after {where_step(step)}"
        return f"{shown}: step '{step_name}' {which}; a value comes from an earlier step", INFERRED
    action = actions().get(target.action)
    if action is None:
        return None
    if side == "outputs" and key not in action.outputs:
        produces = f"only {', '.join(action.outputs)}" if action.outputs else "no outputs"
        return f"{shown}: {action.name} produces {produces}", DOCUMENTED
    if side == "inputs":
        inputs = target.field("inputs")
        if action.shape == "list":
            items = y.items(inputs)
            if index is None or index >= len(items):
                count = f"{len(items)} input{'s' if len(items) != 1 else ''}"
                return f"{shown}: step '{step_name}' has {count}; write inputs[0].{key} for the first", INFERRED
            inputs = items[index]
        if y.kind(inputs) == "map" and key not in y.members(inputs):
            return f"{shown}: step '{step_name}' sets no input '{key}'", INFERRED
    return None


RULE = Rule(
    code="IBD012",
    name="document-reference",
    summary="A {{ phase.step... }} chain to a step that cannot give the value, or instance credentials.",
    doc="`{{ phase.step.outputs.key }}` "
    "and `{{ phase.step.inputs.key }}` take a value from an earlier step (user guide, "
    "toe-use-documents, chaining): the phase and step must exist and the output "
    "be one the action produces (ExecuteBash: stdout). Image Builder runs build and validate "
    "when it builds and test when it tests, and passes no values from the first to the second. "
    "A reference to the same or a later step, or to an input the step does not set, cannot have "
    "a value either, but no sentence of the guide says so: IBD018 warns about those. "
    "Instance metadata under iam/ and identity-credentials/ is refused. Built-in variables "
    "(`env:`, `aws:ssm:`, `aws:imds:`, `context:`) and loop variables are not reported here; "
    "`{{ Name }}` naming no parameter or constant is IBD013's warning: this rule first reported "
    "it as an error, but no source says AWSTOE refuses it, and it is most often another "
    "template language's text.",
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
    per_document=True,
)
