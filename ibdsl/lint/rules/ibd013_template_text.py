from ...domain.awstoe import classify, did_you_mean, facts
from ...language import yamldoc as y
from ..documents import documents, report, step_expressions, steps, where_step
from ..rule import Rule


def check(ctx):
    context_keys = facts()["expressions"]["context_keys"]
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for step in steps(doc.model):
            loop = step.field("loop")
            loop_name = None
            if loop is not None:
                loop_name = y.text_of(y.members(loop).get("name", (None, None))[1]) or "loop"
            for content, start, end in step_expressions(doc, step):
                message = _problem(doc.model, content, loop, loop_name, step, context_keys)
                if message:
                    report(ctx, doc, (start, end), message)


_LITERAL = (
    "AWSTOE reads every {{ }} and has no escape for literal braces (another template language's text? "
    "constants with the values '{{' and '}}' write them)"
)


def _problem(model, content, loop, loop_name, step, context_keys) -> str | None:
    kind, parts = classify(content)
    shown = "{{" + content + "}}"
    if kind == "other":
        return (
            f"{shown} is not an AWSTOE expression (a parameter, constant, loop variable, step "
            f"output or built-in variable); {_LITERAL}"
        )
    if kind == "variable":
        # What AWSTOE does with a name it does not know is undocumented: a warning, with the
        # declared name it most likely meant.
        (name,) = parts
        if name not in model.variable_names:
            hint = did_you_mean(name, model.variable_names, f"; {_LITERAL}")
            return f"{shown}: no parameter or constant '{name}' in this document{hint}"
    if kind == "loop":
        name, _ = parts
        if loop is None and name == "loop":
            return f"{shown}: {where_step(step)} has no loop; AWSTOE leaves it unreplaced"
        if loop is not None and name not in ("loop", loop_name):
            return f"{shown}: the loop of {where_step(step)} is named '{loop_name}'"
    if kind == "builtin" and parts[0] == "context:" and parts[1].strip() not in context_keys:
        return f"{shown}: context: gives {', '.join(context_keys)}"
    return None


RULE = Rule(
    code="IBD013",
    name="template-text",
    summary="{{ }} text that is not an AWSTOE expression (Ansible, Go templates), names no parameter or constant, or a loop variable outside its loop.",
    doc="AWSTOE treats every `{{ ... }}` in step inputs as an expression and has no escape for "
    "literal braces (aws/ec2-image-builder-roadmap#76, #114): Ansible or Jinja text, Go "
    "templates and `docker --format '{{.Names}}'` in a command do not reach the shell as "
    "written. `{{ Name }}` naming no parameter or constant of the document is a typo (the "
    "message names the declared one it most likely meant) or such text; what AWSTOE does with "
    "it is not documented (this was IBD012's error at first). Loop variables "
    "(`{{ loop.value }}`) resolve only in the step that owns the loop (user guide, "
    "toe-looping-constructs). Warnings. To write literal braces, declare constants holding "
    "them and write `{{ Open }}.Names{{ Close }}` (the workaround AWS gives in "
    "aws/ec2-image-builder-roadmap#114), or copy such text from a file in S3.",
    bad="""\
component "docker" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: validate
        steps:
          - name: ListContainers
            action: ExecuteBash
            inputs:
              commands: ["docker ps --format '{{.Names}}'"]
    EOT
}
""",
    good="""\
component "docker" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    constants:
      - Open:
          type: string
          value: "{{"
      - Close:
          type: string
          value: "}}"
    phases:
      - name: validate
        steps:
          - name: ListContainers
            action: ExecuteBash
            inputs:
              commands: ["docker ps --format '{{ Open }}.Names{{ Close }}'"]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
