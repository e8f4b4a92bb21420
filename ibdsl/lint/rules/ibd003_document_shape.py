from ...domain.awstoe import facts
from ...language import yamldoc as y
from ..documents import documents, every_document, report, where_step
from ..rule import Rule

SHAPES = {"map": "a mapping", "list": "a list", "scalar": "a single value", "none": "empty"}


def shape(node) -> str:
    return "empty" if y.is_null(node) else SHAPES[y.kind(node)]


def check(ctx):
    for doc in every_document(ctx):
        root = doc.parsed.root
        if doc.parsed.error is not None:
            continue
        if root is None or y.is_null(root):
            report(ctx, doc, (0, 1), f"the {doc.kind} document is empty")
        elif y.kind(root) != "map":
            keys = " (schemaVersion, phases, ...)" if doc.kind == "component" else ""
            report(ctx, doc, root, f"a {doc.kind} document is a mapping{keys}; this is {shape(root)}")
    for doc in documents(ctx):
        model = doc.model
        if model is not None:
            _component(ctx, doc, model)


def _component(ctx, doc, model):
    top = model.top
    if "schemaVersion" not in top:
        report(ctx, doc, doc.parsed.root, "the component document has no schemaVersion: add schemaVersion: 1.0")
    else:
        key, value = top["schemaVersion"]
        if y.text_of(value) not in facts()["schema_versions"]["values"]:
            report(
                ctx,
                doc,
                value if value is not None else key,
                "schemaVersion must be 1.0, the only version AWSTOE reads",
            )
    for section in ("parameters", "constants"):
        if section in top:
            _variables(ctx, doc, section, *top[section])
    if "phases" not in top:
        report(
            ctx,
            doc,
            doc.parsed.root,
            "the component document has no phases: add phases: with a build, validate or test phase",
        )
        return
    key, phases = top["phases"]
    if y.kind(phases) != "list":
        report(
            ctx,
            doc,
            phases if phases is not None else key,
            f"phases must be a list of phases (- name: build), not {shape(phases)}",
        )
        return
    names = set()
    for phase in y.items(phases):
        if y.kind(phase) != "map":
            report(ctx, doc, phase, f"a phase is a mapping with name and steps, not {shape(phase)}")
            continue
        fields = y.members(phase)
        name_key, name = fields.get("name", (None, None))
        if name_key is None:
            report(ctx, doc, phase, "this phase has no name: build, validate or test")
        elif y.kind(name) != "scalar" or y.is_null(name):
            report(ctx, doc, name if name is not None else name_key, "a phase name is text: build, validate or test")
        else:
            names.add(name.value)
        steps_key, steps = fields.get("steps", (None, None))
        if steps_key is None:
            report(ctx, doc, phase, "this phase has no steps: add steps: with a list of steps")
        elif y.kind(steps) != "list":
            report(
                ctx,
                doc,
                steps if steps is not None else steps_key,
                f"steps must be a list of steps (- name: ...), not {shape(steps)}",
            )
    required = facts()["required_phase"]["any_of"]
    if not y.items(phases):
        report(ctx, doc, phases, "phases is empty: the document needs a build, validate or test phase")
    elif names and not names & set(required):
        report(ctx, doc, key, "the document needs a build, validate or test phase: Image Builder runs no other")
    for phase in model.phases:
        for step in phase.steps:
            for field, words in (
                ("name", "a name of letters, digits, - and _"),
                ("action", "an action such as ExecuteBash"),
            ):
                field_key, value = step.fields.get(field, (None, None))
                if field_key is None:
                    report(ctx, doc, step.node, f"{where_step(step)} has no {field}: give it {words}")
                elif y.kind(value) != "scalar" or y.is_null(value):
                    report(
                        ctx,
                        doc,
                        value if value is not None else field_key,
                        f"{field} of {where_step(step)} must be text, not {shape(value)}",
                    )
        for item in y.items(y.members(phase.node).get("steps", (None, None))[1]):
            if y.kind(item) != "map":
                report(ctx, doc, item, f"a step is a mapping with name, action and inputs, not {shape(item)}")


def _variables(ctx, doc, section, key, value):
    what = section[:-1]
    if y.kind(value) != "list":
        report(
            ctx,
            doc,
            value if value is not None else key,
            f"{section} is a list of one-key mappings (- Name: {{type: string}}), not {shape(value)}",
        )
        return
    for item in y.items(value):
        entries = y.entries(item)
        if y.kind(item) != "map" or len(entries) != 1:
            report(ctx, doc, item, f"each {what} is a mapping of one name to its settings (- Name: {{type: string}})")
            continue
        name, name_key, spec = entries[0]
        if y.kind(spec) != "map":
            report(
                ctx,
                doc,
                spec if spec is not None else name_key,
                f"{what} '{name}' needs its settings as a mapping: type: string",
            )
            continue
        fields = y.members(spec)
        needed = ("type", "value") if section == "constants" else ("type",)
        for field in needed:
            if field not in fields:
                report(ctx, doc, name_key, f"{what} '{name}' has no {field}")
            elif y.kind(fields[field][1]) != "scalar":
                report(
                    ctx, doc, fields[field][1] or fields[field][0], f"{field} of {what} '{name}' must be a single value"
                )
        default = fields.get("default", (None, None))[1]
        if default is not None and y.kind(default) != "scalar":
            report(ctx, doc, default, f"default of {what} '{name}' must be a single value")


RULE = Rule(
    code="IBD003",
    name="document-shape",
    summary="A component document whose parts have the wrong shape: schemaVersion, phases, steps, parameters.",
    doc="AWSTOE reads a mapping with `schemaVersion: 1.0` and `phases:`, a list of phases each "
    "with `name` and a list of `steps`; each step a mapping with `name` and `action`; "
    "`parameters` and `constants` lists of one-key mappings with a `type` (and a `value` for "
    "constants); at least one phase named build, validate or test (user guide, "
    "toe-use-documents and toe-user-defined-variables; `schemaVersion: 1` appears in an AWS "
    "sample and is accepted). A workflow document must be a mapping.",
    bad="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      name: build
      steps:
        - name: Hello
          action: ExecuteBash
          inputs:
            commands: [echo hello]
    EOT
}
""",
    good="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecuteBash
            inputs:
              commands: [echo hello]
    EOT
}
""",
    check=check,
    per_document=True,
)
