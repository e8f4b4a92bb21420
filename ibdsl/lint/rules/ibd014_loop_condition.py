from ...domain.awstoe import actions, allowed, classify, did_you_mean, facts
from ...language import yamldoc as y
from ..documents import documents, report, steps, where_step
from ..rule import Rule


def check(ctx):
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for phase in doc.model.phases:
            names: set[str] = set()
            for step in phase.steps:
                loop = step.field("loop")
                if loop is not None:
                    _loop(ctx, doc, step, loop, names)
        for step in steps(doc.model):
            condition = step.field("if")
            if condition is not None:
                _condition(ctx, doc, step, condition, 1, top=True)
            if step.action in actions() and actions()[step.action].shape == "condition":
                inputs = step.field("inputs")
                if y.kind(inputs) == "map" and inputs.value:
                    _condition(ctx, doc, step, inputs, 1, top=False)


def _loop(ctx, doc, step, loop, names):
    where = where_step(step)
    if y.kind(loop) != "map":
        report(ctx, doc, loop, f"the loop of {where} is a mapping with for or forEach")
        return
    fields = y.members(loop)
    name = y.text_of(fields.get("name", (None, None))[1])
    if name is not None:
        if name in names:
            report(ctx, doc, fields["name"][1], f"loop name '{name}' is used twice in phase '{step.phase.name}'")
        names.add(name)
    kinds = [k for k in ("for", "forEach") if k in fields]
    if len(kinds) != 1:
        report(
            ctx,
            doc,
            loop,
            f"the loop of {where} has exactly one of for and forEach, not {'both' if kinds else 'neither'}",
        )
        return
    key, body = fields[kinds[0]]
    if kinds[0] == "for":
        _for(ctx, doc, where, key, body)
    elif y.kind(body) == "map":
        parts = y.members(body)
        if "list" not in parts or y.kind(parts["list"][1]) != "scalar":
            report(ctx, doc, body, f"forEach of {where} with a delimiter takes list: a text of items")
        delimiter = y.text_of(parts.get("delimiter", (None, None))[1])
        if delimiter is not None and not _expression(ctx, doc, parts["delimiter"][1], f"delimiter of {where}"):
            if delimiter not in facts()["loops"]["delimiters"]:
                report(
                    ctx, doc, parts["delimiter"][1], f"delimiter of {where} is one of . , ; : - _ space, tab or newline"
                )
    elif y.kind(body) != "list" or not body.value:
        report(
            ctx,
            doc,
            body if body is not None else key,
            f"forEach of {where} is a list of items, or list: and delimiter:",
        )


def _for(ctx, doc, where, key, body):
    if y.kind(body) != "map":
        report(ctx, doc, body if body is not None else key, f"for of {where} is a mapping of start, end and updateBy")
        return
    parts = y.members(body)
    numbers = {}
    for field in ("start", "end", "updateBy"):
        if field not in parts:
            report(ctx, doc, body, f"for of {where} needs {field}")
            continue
        if _expression(ctx, doc, parts[field][1], f"{field} of {where}"):
            numbers[field] = None  # a parameter's value: known at run time
            continue
        number = y.integer(parts[field][1])
        if number is None:
            report(ctx, doc, parts[field][1] or parts[field][0], f"{field} of {where} is a whole number")
        numbers[field] = number
    start, end, step = (numbers.get(k) for k in ("start", "end", "updateBy"))
    if step == 0:
        report(ctx, doc, parts["updateBy"][1], f"updateBy of {where} must not be 0: the loop would never end")
    elif None not in (start, end, step) and (end - start) * step < 0:
        report(ctx, doc, parts["updateBy"][1], f"updateBy {step} moves away from end {end}: the loop would never end")


def _expression(ctx, doc, node, what) -> bool:
    """Whether a loop field holds {{ }}; a chain there is reported: the guide allows no chaining
    expressions in for and delimiter (toe-looping-constructs), parameters and constants it
    does not forbid."""
    if y.kind(node) != "scalar" or "{{" not in node.value:
        return False
    for content, start, end in y.expressions(doc.text, node):
        if classify(content)[0] == "chain":
            shown = "{{" + content + "}}"
            report(
                ctx,
                doc,
                (start, end),
                f"{what} cannot take a step's value ({shown}): chaining is allowed in forEach, not in for or delimiter",
            )
    return True


def _condition(ctx, doc, step, node, depth, top):
    where = where_step(step)
    conditions = facts()["conditions"]
    comparisons = conditions["unary"] + conditions["value"] + conditions["path"]
    operators = list(conditions["logical"]) + comparisons
    if y.kind(node) == "list" and top:
        return  # the guide's syntax block shows a list form its examples never use: not judged
    if y.kind(node) != "map":
        report(ctx, doc, node, f"a condition of {where} is a mapping with one operator such as fileExists")
        return
    fields = y.members(node)
    for branch in ("then", "else"):
        value = y.text_of(fields.get(branch, (None, None))[1])
        if top and value is not None and not allowed(value, conditions["then_else"]):
            report(ctx, doc, fields[branch][1], f"{branch} of {where} is one of {', '.join(conditions['then_else'])}")
    # Operator names are matched without case: the user guide's own stringLessThan example
    # writes `stringlessThan`.
    canonical = {name.casefold(): name for name in operators}
    found = [name for name in fields if name.casefold() in canonical]
    if not found:
        unknown = [name for name in fields if name not in ("then", "else", "value", "path")]
        hint = did_you_mean(unknown[0], operators) if unknown else ""
        report(ctx, doc, fields[unknown[0]][0] if unknown else node, f"a condition of {where} names no operator{hint}")
        return
    if len(found) > 1:
        report(
            ctx,
            doc,
            fields[found[1]][0],
            f"a condition of {where} has one operator; this one has {' and '.join(found)}",
        )
        return
    key, value = fields[found[0]]
    operator = canonical[found[0].casefold()]
    if operator in conditions["logical"]:
        if depth > conditions["max_depth"]:
            report(ctx, doc, key, f"logical operators of {where} nest more than {conditions['max_depth']} levels")
            return
        if operator == "not":
            _condition(ctx, doc, step, value, depth + 1, top=False)
        elif y.kind(value) != "list" or len(value.value) < 2:
            report(
                ctx,
                doc,
                value if value is not None else key,
                f"{operator} of {where} takes a list of at least two conditions",
            )
        else:
            for item in value.value:
                _condition(ctx, doc, step, item, depth + 1, top=False)
        return
    for operand, group in (("value", "value"), ("path", "path")):
        if operator in conditions[group] and operand not in fields:
            report(ctx, doc, key, f"{operator} of {where} compares with {operand}: add {operand}:")


RULE = Rule(
    code="IBD014",
    name="loop-condition",
    summary="A loop or condition AWSTOE refuses: for and forEach together, a loop that never ends, an operator without its operand.",
    doc="A `loop` has exactly one of `for` (whole-number start, end and updateBy, with updateBy "
    "moving start toward end) and `forEach` (a list, or `list` with a one-character "
    "`delimiter`); loop names are unique in a phase (toe-looping-constructs). The guide allows "
    "no chaining expression (`{{ build.Step.outputs.stdout }}`) in `for` or `delimiter`; a "
    "parameter or constant there is left alone (its value is known at run time). An `if` (and "
    "Assert's inputs) has exactly one operator: and / or with at least two conditions, not with "
    "one, at most four levels deep; comparisons with their `value` or `path`; then/else "
    "Abort, Execute or Skip (toe-conditional-constructs, toe-comparison-operators).",
    bad="""\
component "loops" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Count
            action: ExecuteBash
            loop:
              for:
                start: 10
                end: 1
                updateBy: 1
            inputs:
              commands: ["echo {{ loop.value }}"]
    EOT
}
""",
    good="""\
component "loops" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Count
            action: ExecuteBash
            loop:
              for:
                start: 10
                end: 1
                updateBy: -1
            inputs:
              commands: ["echo {{ loop.value }}"]
    EOT
}
""",
    check=check,
    per_document=True,
)
