"""Property tests: generated programs compile to what they say, and pass botocore's checks."""

from __future__ import annotations

import botocore.session
import jsonschema
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ibdsl.language.parser import ParseError, parse_module

from conftest import compile_text, examples
from programs import load_schema, programs

MODEL = botocore.session.get_session().get_service_model("imagebuilder")
VALIDATORS = {}


def _operation(method: str):
    return MODEL.operation_model("".join(part.title() for part in method.split("_")))


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programs())
def test_generated_programs_compile_to_their_payloads(program):
    text, expected = program
    result, report = compile_text(text)
    assert not result.diagnostics.has_errors, text + "\n" + report
    compiled = {(r.kind.output, r.name): r.payload for r in result.resources}
    assert compiled == expected
    for resource in result.resources:
        operation = resource.kind.operation
        validate_parameters({**resource.payload, "clientToken": "t"}, _operation(operation).input_shape)
        if operation not in VALIDATORS:
            VALIDATORS[operation] = jsonschema.Draft202012Validator(load_schema(operation))
        VALIDATORS[operation].validate(resource.payload)


@settings(max_examples=examples(300))
@given(st.text(max_size=200))
def test_parser_never_crashes_on_text(text):
    try:
        parse_module("fuzz.ib", text)
    except ParseError as e:
        span = e.diagnostic.span
        assert span.path == "fuzz.ib"
        assert span.line >= 1 and span.column >= 1


TOKENS = st.sampled_from(
    ['image_recipe', 'component', '"x"', "{", "}", "[", "]", "(", ")", "=", "+=", "-=", "+", ",", ".",
     "var", "fragment", "extends", "abstract", "import", "true", "1", "-2", "<<EOT\nx\nEOT\n", '"${a.b}"',
     "\n", " ", "# c\n", "settings", "name"]
)  # fmt: skip


@settings(max_examples=examples(300))
@given(st.lists(TOKENS, max_size=40))
def test_compiler_never_crashes_on_token_soup(tokens):
    text = " ".join(tokens)
    result, report = compile_text(text)  # an internal error would raise here
    lines = text.split("\n")
    for diagnostic in result.diagnostics:
        span = diagnostic.span
        assert span.path.endswith("main.ib"), (span, diagnostic.message)
        assert 1 <= span.line <= len(lines), (span, diagnostic.message)
        assert 1 <= span.column <= len(lines[span.line - 1]) + 2, (span, diagnostic.message)
    assert report.count("\n") >= len(result.diagnostics)  # every diagnostic renders
