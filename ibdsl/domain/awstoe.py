"""AWSTOE facts (the component document language Image Builder runs on the build instance):
action modules with their inputs, outputs and platforms, phases, step fields, expressions,
loops and conditions. They live in data/awstoe.json with their sources, read once, when a
document is first checked."""

from __future__ import annotations

import json
import re
from functools import cache


@cache
def facts() -> dict:
    from ..data import read_text

    return json.loads(read_text("awstoe.json"))


class Input:
    __slots__ = ("name", "type", "required", "values", "prefixes")

    def __init__(
        self,
        name: str,
        type: str,  # string (any scalar), strings (a list of scalars), map, boolean, integer, any, name-values
        required: bool = False,
        values: tuple[str, ...] = (),  # allowed values, compared without case
        prefixes: tuple[str, ...] = (),  # what the value starts with (s3://, a registry hive), without case
    ) -> None:
        self.name, self.type, self.required, self.values, self.prefixes = name, type, required, values, prefixes


class Action:
    __slots__ = ("name", "platforms", "shape", "inputs", "outputs", "exactly_one", "together", "not_on")

    def __init__(
        self,
        name: str,
        platforms: dict,  # platform -> yes | no | disputed | unknown
        shape: str,  # map: inputs is one mapping; list: a list of mappings; condition: an Assert expression
        inputs: dict,  # name -> Input
        outputs: tuple[str, ...],
        exactly_one: tuple[tuple[str, ...], ...] = (),
        together: tuple[tuple[str, ...], ...] = (),
        not_on: dict | None = None,  # platform -> inputs that platform refuses
    ) -> None:
        self.name, self.platforms, self.shape, self.inputs, self.outputs = name, platforms, shape, inputs, outputs
        self.exactly_one, self.together, self.not_on = exactly_one, together, not_on

    @property
    def inputs_required(self) -> bool:
        return self.shape == "condition" or any(i.required for i in self.inputs.values()) or bool(self.exactly_one)


@cache
def actions() -> dict[str, Action]:
    found = {}
    for name, fact in facts()["actions"].items():
        inputs = {
            key: Input(
                key,
                spec["type"],
                spec.get("required", False),
                tuple(spec.get("values", ())),
                tuple(spec.get("prefixes", ())),
            )
            for key, spec in fact["inputs"].items()
        }
        found[name] = Action(
            name,
            fact["platforms"],
            fact["shape"],
            inputs,
            tuple(fact["outputs"]),
            tuple(tuple(group) for group in fact.get("exactly_one", ())),
            tuple(tuple(group) for group in fact.get("together", ())),
            fact.get("not_on"),
        )
    return found


def phase_stage(phase: str) -> str | None:
    """The Image Builder stage that runs a phase (build or test), or None: never run."""
    return facts()["phases"]["stages"].get(phase)


@cache
def pattern(kind: str) -> re.Pattern:
    return re.compile(facts()["name_pattern"][kind])


def allowed(value: str, values) -> bool:
    folded = value.casefold()
    return any(folded == v.casefold() for v in values)


def closest(word: str, choices) -> str | None:
    """The choice a misspelt word most likely meant, for "did you mean"."""
    from difflib import get_close_matches

    folded = {c.casefold(): c for c in choices}
    match = get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.7)
    return folded[match[0]] if match else None


def did_you_mean(word: str, choices, otherwise: str = "") -> str:
    """ " (did you mean X?)" for the closest choice, else `otherwise`."""
    guess = closest(word, choices)
    return f" (did you mean {guess}?)" if guess else otherwise


_NAME = re.compile(r"[A-Za-z0-9_-]+")
_LOOP = re.compile(r"([A-Za-z0-9_-]+)\.(index|value)")
_CHAIN = re.compile(r"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.(inputs|outputs)(?:\[([0-9]+)\])?\.([A-Za-z0-9_-]+)")


def classify(content: str) -> tuple[str, tuple]:
    """What the text between {{ and }} is: builtin (prefix, rest), variable (name,), loop
    (loop name, index|value), chain (phase, step, inputs|outputs, index or None, key), or other
    (not an AWSTOE expression: Ansible, Go templates, docker --format)."""
    text = content.strip()
    for prefix in facts()["expressions"]["prefixes"]:
        if text.startswith(prefix):
            return "builtin", (prefix, text[len(prefix) :])
    if _NAME.fullmatch(text):
        return "variable", (text,)
    match = _LOOP.fullmatch(text)
    if match:
        return "loop", match.groups()
    match = _CHAIN.fullmatch(text)
    if match:
        phase, step, side, index, key = match.groups()
        return "chain", (phase, step, side, None if index is None else int(index), key)
    return "other", ()
