from ...domain.awstoe import actions, allowed, did_you_mean, facts
from ...language import yamldoc as y
from ..documents import documents, input_maps, report, steps, where_step
from ..rule import Rule

SHAPE_WORDS = {
    "map": "a mapping of its inputs",
    "list": "a list of mappings (- source: ...)",
    "condition": "a mapping (a comparison)",
}
TYPE_WORDS = {"strings": "a list of text lines", "map": "a mapping", "name-values": "a list of name/value mappings"}


def check(ctx):
    known = actions()
    on_failure = facts()["on_failure"]["values"]
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for step in steps(doc.model):
            _on_failure(ctx, doc, step, on_failure)
            if step.action is None:
                continue
            action = known.get(step.action)
            if action is None:
                hint = did_you_mean(step.action, known)
                report(ctx, doc, step.action_node, f"unknown action '{step.action}' in {where_step(step)}{hint}")
                continue
            _inputs(ctx, doc, step, action)


def _on_failure(ctx, doc, step, values):
    node = step.field("onFailure")
    value = y.text_of(node)
    if node is not None and (value is None or ("{{" not in value and not allowed(value, values))):
        report(
            ctx,
            doc,
            node,
            f"onFailure must be one of {', '.join(values)}; got {repr(value) if value is not None else 'a collection'}",
        )


def _inputs(ctx, doc, step, action):
    key, inputs = step.fields.get("inputs", (None, None))
    empty = y.is_null(inputs) or (y.kind(inputs) in ("list", "map") and not inputs.value)
    if empty:
        if action.inputs_required:
            required = ", ".join(i.name for i in action.inputs.values() if i.required)
            needed = required or (" or ".join(action.exactly_one[0]) if action.exactly_one else "")
            report(
                ctx,
                doc,
                key or step.action_node,
                f"{action.name} needs inputs ({where_step(step)})" + (f": {needed}" if needed else ""),
            )
        return
    want = "map" if action.shape == "condition" else action.shape
    if y.kind(inputs) != want:
        report(ctx, doc, inputs, f"inputs of {action.name} are {SHAPE_WORDS[action.shape]} ({where_step(step)})")
        return
    if action.shape == "list":
        for item in y.items(inputs):
            if y.kind(item) != "map":
                report(ctx, doc, item, f"each input of {action.name} is a mapping of its keys ({where_step(step)})")
    for mapping in input_maps(step, action):
        _mapping(ctx, doc, step, action, mapping)


def _mapping(ctx, doc, step, action, mapping):
    given = y.members(mapping)
    missing = [name for name, spec in action.inputs.items() if spec.required and name not in given]
    if missing:
        report(ctx, doc, mapping, f"{action.name} needs {' and '.join(missing)} ({where_step(step)})")
    for group in action.exactly_one:
        present = [name for name in group if name in given]
        if len(present) != 1:
            words = "both" if present else "neither"
            report(
                ctx,
                doc,
                mapping,
                f"{action.name} takes exactly one of {' and '.join(group)}, not {words} ({where_step(step)})",
            )
    for group in action.together:
        present = [name for name in group if name in given]
        if present and len(present) != len(group):
            absent = [name for name in group if name not in given]
            report(
                ctx,
                doc,
                given[present[0]][0],
                f"{present[0]} needs {' and '.join(absent)} as well ({where_step(step)})",
            )
    for name, (key, value) in given.items():
        spec = action.inputs.get(name)
        if spec is not None:
            _value(ctx, doc, step, action, spec, key, value)


def _value(ctx, doc, step, action, spec, key, value):
    unquoted = doc.parsed.unquoted_templates  # IBD002 reports those, once
    if value in unquoted:
        return
    shape = y.kind(value)
    where = f"{name_of(action, spec)} ({where_step(step)})"
    if spec.type in ("string", "boolean", "integer"):
        if shape in ("map", "list"):
            report(ctx, doc, value, f"{where} should be a single value, not {_shape(value)}")
        elif y.is_null(value) or "{{" in value.value:
            return  # an expression has its value only at run time
        elif spec.values and not allowed(value.value, spec.values):
            hint = did_you_mean(value.value, spec.values)
            report(ctx, doc, value, f"{where} must be one of {', '.join(spec.values)}; got '{value.value}'{hint}")
        elif spec.prefixes and not value.value.casefold().startswith(tuple(p.casefold() for p in spec.prefixes)):
            starts = " or ".join(spec.prefixes) if len(spec.prefixes) < 3 else "one of " + ", ".join(spec.prefixes)
            report(ctx, doc, value, f"{where} starts with {starts}; got '{value.value}'")
    elif spec.type == "strings":
        if shape != "list":
            report(
                ctx,
                doc,
                value if value is not None else key,
                f"{where} is {TYPE_WORDS['strings']} (- line), not {_shape(value)}",
            )
        else:
            for item in value.value:
                if y.kind(item) != "scalar" and item not in unquoted:
                    report(
                        ctx,
                        doc,
                        item,
                        f"each item of {where} is text; quote a line that starts with {{{{ or contains ': '",
                    )
    elif spec.type == "map" and shape != "map" and not y.is_null(value):
        report(ctx, doc, value, f"{where} is {TYPE_WORDS['map']}")
    elif spec.type == "name-values" and not y.is_null(value):
        if shape != "list":
            report(ctx, doc, value, f"{where} is {TYPE_WORDS['name-values']}")
            return
        for item in value.value:
            fields = y.members(item)
            if y.kind(item) != "map" or "name" not in fields or "value" not in fields:
                report(ctx, doc, item, f"each item of {where} has a name and a value")


def _shape(node) -> str:
    return "empty" if y.is_null(node) else {"map": "a mapping", "scalar": "one value"}.get(y.kind(node), "a list")


def name_of(action, spec) -> str:
    return f"{action.name} input {spec.name}"


RULE = Rule(
    code="IBD007",
    name="action-inputs",
    summary="A step's action or inputs AWSTOE refuses: unknown action, missing or misshapen inputs, values not allowed.",
    doc="Each of the 30 action modules takes its inputs as one mapping (ExecuteBash, InstallMSI, "
    "...) or as a list of mappings (S3Download, CreateFile, ...), with required keys, lists "
    "where a list is wanted (`commands:`), and fixed values (`onFailure` Abort, Continue, "
    "Ignore; InstallMSI `reboot`; WebDownload `algorithm`; SetRegistry `type`; file "
    '`encoding`). The service refuses an empty `inputs` ("Action S3Download has no inputs", '
    "CloudSnorkel/cdk-github-runners#964). Any scalar is accepted where text is documented (AWS "
    "samples write `permissions: 0777`); values with `{{ }}` are not judged. Facts: the user "
    "guide's action-module reference (current and 2023), in ibdsl/data/awstoe.json.",
    bad="""\
component "tools" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Download
            action: S3Download
            inputs:
              source: s3://my-bucket/tools.tar.gz
              destination: /tmp/tools.tar.gz
          - name: Unpack
            action: ExecuteBash
            onFailure: Stop
            inputs:
              commands: tar -xzf /tmp/tools.tar.gz -C /opt
    EOT
}
""",
    good="""\
component "tools" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Download
            action: S3Download
            inputs:
              - source: s3://my-bucket/tools.tar.gz
                destination: /tmp/tools.tar.gz
          - name: Unpack
            action: ExecuteBash
            onFailure: Abort
            inputs:
              commands:
                - tar -xzf /tmp/tools.tar.gz -C /opt
    EOT
}
""",
    check=check,
    per_document=True,
)
