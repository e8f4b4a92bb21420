"""The component and workflow documents of a project, as the document rules (IBDxxx) see
them: each parsed once per run (kept on the compiled resource) and read into phases, steps
and variables, and a way to report at a node inside the document (in the heredoc, or in the
file that file() read)."""

from __future__ import annotations

from ..domain.kinds import COMPONENT, WORKFLOW
from ..language import yamldoc as y

PATH = ("data",)


class Variable:
    __slots__ = ("name", "kind", "key", "spec")

    def __init__(self, name: str, kind: str, key: object, spec: object) -> None:
        self.name = name
        self.kind = kind  # parameter or constant
        self.key = key  # the name's node
        self.spec = spec  # its mapping (type, default, value, description)


class Step:
    __slots__ = ("phase", "index", "node", "name", "name_node", "action", "action_node", "fields")

    def __init__(
        self,
        phase: Phase,
        index: int,
        node: object,
        name: str | None,
        name_node: object,
        action: str | None,
        action_node: object,
        fields: dict,  # key -> (key node, value node)
    ) -> None:
        self.phase, self.index, self.node = phase, index, node
        self.name, self.name_node, self.action, self.action_node = name, name_node, action, action_node
        self.fields = fields

    def field(self, name: str):
        return self.fields.get(name, (None, None))[1]


class Phase:
    __slots__ = ("name", "name_node", "node", "steps")

    def __init__(self, name: str | None, name_node: object, node: object) -> None:
        self.name, self.name_node, self.node = name, name_node, node
        self.steps: list[Step] = []


class Model:
    """A component document read as far as its shape allows; parts of the wrong shape are
    left out (the shape rule reports them)."""

    __slots__ = ("top", "variables", "phases", "_variable_names")

    def __init__(self, top: dict, variables: list[Variable], phases: list[Phase]) -> None:
        self.top, self.variables, self.phases = top, variables, phases
        self._variable_names: set[str] | None = None

    @property
    def variable_names(self) -> set[str]:
        if self._variable_names is None:
            self._variable_names = {v.name for v in self.variables}
        return self._variable_names


def read_model(parsed: y.Parsed) -> Model | None:
    if parsed.root is None or y.kind(parsed.root) != "map":
        return None
    top = y.members(parsed.root)
    variables = []
    for section, kind in (("parameters", "parameter"), ("constants", "constant")):
        for item in y.items(top.get(section, (None, None))[1]):
            for name, key, spec in y.entries(item):
                variables.append(Variable(name, kind, key, spec))
    phases = []
    for phase_node in y.items(top.get("phases", (None, None))[1]):
        fields = y.members(phase_node)
        name_node = fields.get("name", (None, None))[1]
        phase = Phase(y.text_of(name_node), name_node, phase_node)
        for index, step_node in enumerate(y.items(fields.get("steps", (None, None))[1])):
            if y.kind(step_node) != "map":
                continue
            step_fields = y.members(step_node)
            name = step_fields.get("name", (None, None))[1]
            action = step_fields.get("action", (None, None))[1]
            phase.steps.append(
                Step(phase, index, step_node, y.text_of(name), name, y.text_of(action), action, step_fields)
            )
        phases.append(phase)
    return Model(top, variables, phases)


class Document:
    __slots__ = ("resource", "kind")

    def __init__(self, resource: object, kind: str) -> None:
        self.resource = resource
        self.kind = kind  # component or workflow

    @property
    def text(self) -> str:
        return self.resource.payload["data"]

    @property
    def platform(self) -> str | None:
        platform = self.resource.payload.get("platform")
        return platform if isinstance(platform, str) else None

    @property
    def parsed(self) -> y.Parsed:
        return self._memo("parsed", lambda: y.parse(self.text))

    @property
    def model(self) -> Model | None:
        return self._memo("model", lambda: read_model(self.parsed))

    @property
    def variables(self) -> list[Variable] | None:
        """The parameters and constants (None when the document is not a mapping): kept after
        release(), for the rules that read a component's document from its recipes."""
        return self._memo("variables", lambda: None if self.model is None else self.model.variables)

    def keep_variables(self) -> None:
        """Read the variables into the memo before release() forgets the model they come from."""
        self.variables  # noqa: B018 - the property stores them

    def _memo(self, what: str, make):
        """Once per run and resource, shared by every rule (the resource lives for one run)."""
        memo = self.resource.memo
        key = ("awstoe", what, self.text)  # the text: a memo never outlives what it was made from
        if key not in memo:
            memo[key] = make()
        return memo[key]


def release(resources) -> None:
    """Forget the parsed documents of `resources` once the per-document rules have read them,
    keeping the components' variables (a node has no parent: a variable holds only its own
    nodes). Kept all at once, a large project's parse trees were a sixth of its peak memory."""
    for resource in resources:
        if resource.memo:
            if resource.kind is COMPONENT:
                Document(resource, "component").keep_variables()
            for key in [key for key in resource.memo if key[1] in ("parsed", "model")]:
                model = resource.memo.pop(key)
                for phase in model.phases if isinstance(model, Model) else ():
                    phase.steps = []  # a step names its phase: freed now, not when the collector runs


def documents(ctx, kinds=(COMPONENT,)) -> list[Document]:
    """The inline documents (data) of the project's components (and workflows when asked)."""
    found = []
    for resource in ctx.resources:
        if resource.kind in kinds and isinstance(resource.payload.get("data"), str):
            found.append(Document(resource, resource.kind.block))
    return found


def every_document(ctx) -> list[Document]:
    return documents(ctx, (COMPONENT, WORKFLOW))


def report(ctx, doc: Document, where, message: str) -> None:
    """A finding at a node of the document (its first line), or at (start, end) offsets."""
    if isinstance(where, tuple):
        start, end = where
    else:
        start, end = where.start_mark.index, where.end_mark.index
    text = doc.text
    newline = text.find("\n", start, end)
    if newline >= 0:
        end = newline
    end = max(end, start + 1)
    origin = doc.resource.origin_at(PATH)
    at = (*origin.position(start), *origin.position(min(end, len(text))))
    if end > len(text):  # a point at the very end of the text
        at = at[:2]
    ctx.report(doc.resource, PATH, message, at=at)


def steps(model: Model):
    for phase in model.phases:
        yield from phase.steps


def where_step(step: Step) -> str:
    """How a message names a step: step 'Install' in phase 'build'."""
    name = f"step '{step.name}'" if step.name is not None else f"step {step.index + 1}"
    return f"{name} in phase '{step.phase.name}'" if step.phase.name is not None else name


def input_maps(step: Step, action) -> list:
    """The mappings of input keys a step gives its action: the one mapping, or each mapping of
    the list (an Assert's inputs are a condition, not input keys)."""
    inputs = step.field("inputs")
    if action.shape == "list":
        return [item for item in y.items(inputs) if y.kind(item) == "map"]
    return [inputs] if y.kind(inputs) == "map" and action.shape == "map" else []


def step_expressions(doc: Document, step: Step):
    """(content, start, end) of each {{ ... }} in a step's inputs, loop and if."""
    for part in ("inputs", "loop", "if"):
        node = step.field(part)
        if node is not None:
            for scalar in y.scalars(node):
                yield from y.expressions(doc.text, scalar)
