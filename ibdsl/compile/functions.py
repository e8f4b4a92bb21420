"""Built-in functions: file(), AWS-managed and account resource ARNs, raw_base64()."""

from __future__ import annotations

import os

from .. import codes
from ..domain.arns import imagebuilder_arn
from ..files import display_path
from ..language import syntax as ast
from ..language.origins import FileOrigin
from ..language.sources import SourceError
from ..naming import close_matches
from .values import Val, type_name


def _strings(evaluator, call: ast.Call, module: str, names: tuple[str, ...]) -> list[str]:
    usage = f"{call.name}({', '.join(names)})"
    if len(call.args) != len(names):
        evaluator.fail(
            call.span,
            f"{call.name} takes {len(names)} argument{'s' if len(names) != 1 else ''}: {usage}",
            code=codes.TYPE_MISMATCH,
        )
    values = []
    for arg, name in zip(call.args, names):
        value = evaluator.value(arg, module)
        if not isinstance(value.data, str):
            evaluator.fail(
                arg.span,
                f"{name} of {call.name} must be a string, not {type_name(value.data)}",
                code=codes.TYPE_MISMATCH,
            )
        values.append(value.data)
    return values


def _file(evaluator, call: ast.Call, module: str) -> Val:
    (relative,) = _strings(evaluator, call, module, ("path",))
    path = os.path.join(evaluator.project.directory[module], relative)
    shown = display_path(path)
    evaluator.project.documents.add(shown)  # named, read or not: a change to it concerns this project
    if os.path.isdir(path):
        evaluator.fail(call.args[0].span, f"file({relative!r}): {shown} is a directory", code=codes.UNREADABLE_FILE)
    if not os.path.exists(path):
        evaluator.fail(
            call.args[0].span,
            f"file({relative!r}): no such file ({shown}); paths are relative to {module}",
            code=codes.UNREADABLE_FILE,
        )
    outside = evaluator.project.outside_roots(path)
    if outside:
        evaluator.fail(call.args[0].span, f"file({relative!r}): {outside}", code=codes.UNREADABLE_FILE)
    try:
        text = evaluator.project.sources.read(shown, what="file", roots=evaluator.project.roots)
    except SourceError as e:
        evaluator.fail(call.args[0].span, f"file({relative!r}): {e.diagnostic.message}", code=codes.UNREADABLE_FILE)
    # `shown` is how the source cache knows the file: findings inside it can show its lines.
    return evaluator.budget(Val(text, call.span, origin=FileOrigin(text, shown)), call.span)


def _managed(resource_type: str, owner: str):
    def function(evaluator, call: ast.Call, module: str) -> Val:
        name, version = _strings(evaluator, call, module, ("name", "version"))
        why = f"{call.name}(...)"
        region = evaluator.require_region(call.span, why)
        account = owner if owner == "aws" else evaluator.require_account(call.span, why)
        partition = evaluator.settings.resolved_partition()
        return Val(imagebuilder_arn(partition, region, account, resource_type, name, version), call.span)

    return function


def _aws_workflow(evaluator, call: ast.Call, module: str) -> Val:
    """An AWS-managed workflow: aws_workflow("build", "build-image"). The service wants these
    as x.x.x (its own workflows are versioned by AWS)."""
    workflow_type, name = _strings(evaluator, call, module, ("type", "name"))
    if workflow_type.lower() not in WORKFLOW_TYPES:
        evaluator.fail(
            call.args[0].span,
            f"a workflow type is {', '.join(WORKFLOW_TYPES)}; got {workflow_type!r}",
            code=codes.TYPE_MISMATCH,
        )
    region = evaluator.require_region(call.span, f"{call.name}(...)")
    partition = evaluator.settings.resolved_partition()
    arn = imagebuilder_arn(partition, region, "aws", f"workflow/{workflow_type.lower()}", name, "x.x.x")
    return Val(arn, call.span)


WORKFLOW_TYPES = ("build", "test", "distribution")  # botocore 1.44.8: WorkflowType, lowercased in ARNs


def _raw_base64(evaluator, call: ast.Call, module: str) -> Val:
    (text,) = _strings(evaluator, call, module, ("text",))
    return Val(text, call.span, encoded=True)


FUNCTIONS = {
    "file": _file,
    "aws_component": _managed("component", "aws"),
    "aws_image": _managed("image", "aws"),
    "account_component": _managed("component", "account"),
    "account_image": _managed("image", "account"),
    "aws_workflow": _aws_workflow,
    "raw_base64": _raw_base64,
}


def call(evaluator, expr: ast.Call, module: str) -> Val:
    function = FUNCTIONS.get(expr.name)
    if function is None:
        guess = close_matches(expr.name, FUNCTIONS, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"functions are {', '.join(sorted(FUNCTIONS))}"
        evaluator.fail(expr.name_span, f"unknown function '{expr.name}'; {hint}", code=codes.UNDEFINED_NAME)
    return function(evaluator, expr, module)
