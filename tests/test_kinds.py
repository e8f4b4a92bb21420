"""The kind records: every name they derive exists in botocore's model, and the behaviour that
reads them (references, apply order, push's update modes) is generic over kinds."""

from __future__ import annotations

import botocore.session
import pytest

from ibdsl.aws.push import updatable
from ibdsl.compile.order import kind_order
from ibdsl.domain.kinds import KINDS, NO_UPDATE, REPLACE, TAGS_ONLY, Kind

from conftest import DOCUMENT, SETTINGS, compile_text

MODEL = botocore.session.get_session().get_service_model("imagebuilder")


def operation(method: str):
    return MODEL.operation_model("".join(part.title() for part in method.split("_")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.block)
def test_derived_names_exist_in_the_model(kind):
    create = operation(kind.operation)
    assert kind.create_arn_key in create.output_shape.members
    get = operation(kind.get)
    assert list(get.input_shape.members) == [kind.arn_parameter]
    assert kind.response_key in get.output_shape.members
    assert kind.arn_parameter in operation(kind.delete).input_shape.members
    assert kind.list_key in operation(kind.list).output_shape.members
    assert set(kind.not_returned) <= set(create.input_shape.members)
    if kind.update_operation:
        assert kind.arn_parameter in operation(kind.update_operation).input_shape.members
    assert ("semanticVersion" in create.input_shape.members) == kind.versioned
    assert kind.cloudformation.startswith("AWS::ImageBuilder::")
    assert set(kind.server_defaults) <= set(create.input_shape.members)
    assert set(kind.switch_members) <= set(create.input_shape.members)
    if kind.arn_segment:
        assert kind.arn_segment in create.input_shape.required_members
    assert set(kind.references) <= {k.block for k in KINDS}


def test_kinds_come_after_the_kinds_they_refer_to():
    rank = kind_order()
    for kind in KINDS:
        for block in kind.references:
            assert block == kind.block or rank[block] < rank[kind.block]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(NO_UPDATE, set()), (TAGS_ONLY, {"tags"}), (REPLACE, {"tags", "description", "distributions"})],
)
def test_update_modes_are_data(mode, expected):
    # A new mutable kind is a record: push reads what it may change from the mode (and, for
    # REPLACE, from the generated schema of its update operation).
    kind = Kind("distribution", "distribution_configuration", update=mode)
    assert updatable(kind) == expected


COMPONENT = (
    'component "{name}" {{\n  semantic_version = "1.0.0"\n  platform = "Linux"\n  description = {description}\n  data = "'
    + DOCUMENT.replace("{", "{{").replace("}", "}}")
    + '"\n}}\n'
)
RECIPE = (
    'image_recipe "web" {{\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
    "  components = [{components}]\n  description = {description}\n}}\n"
)
DISTRIBUTION = 'distribution "d" {\n  distributions = [{ region = "us-east-1" }]\n}\n'


def test_any_kind_can_be_referenced_where_its_record_allows():
    text = (
        SETTINGS
        + COMPONENT.format(name="aaa", description='"x"')
        + RECIPE.format(components="component.aaa", description='"y"')
    )
    result, report = compile_text(text)
    assert not report, report
    web = next(r for r in result.resources if r.name == "web")
    assert web.payload["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:111122223333:component/aaa/1.0.0"}
    ]


def test_a_reference_to_a_kind_the_member_cannot_use_is_an_error_at_the_reference():
    text = (
        SETTINGS
        + COMPONENT.format(name="aaa", description="image_recipe.web")
        + RECIPE.format(components="", description='"y"')
    )
    _, report = compile_text(text)
    assert (
        "main.ib:8:17: IB008 error: a component cannot refer to an image_recipe (image_recipe.web); it may refer to component.NAME"
        in report
    )
    text = SETTINGS + DISTRIBUTION + RECIPE.format(components="", description="distribution.d")
    _, report = compile_text(text)
    assert "cannot refer to a distribution (distribution.d)" in report


def test_an_unknown_reference_root_lists_the_kinds():
    _, report = compile_text(SETTINGS + COMPONENT.format(name="aaa", description="zzz.web"))
    assert (
        "references start with var., fragment., settings. or a kind: component., image_recipe., container_recipe., distribution."
        in report
    )


def test_apply_order_follows_references():
    # 'a' names 'z' (in its description), so 'z' is created first, against alphabetical order.
    text = (
        SETTINGS
        + COMPONENT.format(name="aaa", description="component.zzz")
        + COMPONENT.format(name="zzz", description='"z"')
    )
    result, report = compile_text(text)
    assert not report, report
    assert [r.name for r in result.resources] == ["zzz", "aaa"]


def test_a_reference_cycle_is_reported_at_the_reference_that_closes_it():
    text = (
        SETTINGS
        + COMPONENT.format(name="aaa", description="component.bbb")
        + COMPONENT.format(name="bbb", description="component.aaa")
    )
    result, report = compile_text(text)
    assert "main.ib:14:17: IB003 error: reference cycle: component.aaa -> component.bbb -> component.aaa" in report, (
        report
    )
    assert report.count("reference cycle") == 1


def test_a_resource_may_name_its_own_arn():
    result, report = compile_text(SETTINGS + COMPONENT.format(name="aaa", description="component.aaa"))
    assert not report, report
    assert result.resources[0].payload["description"].endswith(":component/aaa/1.0.0")


def test_a_child_that_replaces_a_member_does_not_keep_its_parents_references():
    # The parent's description names zzz, the child's does not: no edge child -> zzz, no cycle.
    text = (
        SETTINGS
        + 'abstract component "base" {\n  semantic_version = "1.0.0"\n  platform = "Linux"\n  data = "'
        + DOCUMENT
        + '"\n'
        "  description = component.zzz\n}\n"
        + 'component "child" extends "base" {\n  description = "my own"\n}\n'
        + COMPONENT.format(name="zzz", description="component.child")
    )
    result, report = compile_text(text)
    assert not report, report
    assert [r.name for r in result.resources] == ["child", "zzz"]


def test_a_reference_in_a_variable_default_counts_for_every_user():
    text = (
        SETTINGS
        + "variable x: string = component.zzz\n"
        + COMPONENT.format(name="aaa", description="var.x")
        + COMPONENT.format(name="bbb", description="var.x")
        + COMPONENT.format(name="zzz", description='"z"')
    )
    result, report = compile_text(text)
    assert not report, report
    assert [r.name for r in result.resources] == ["zzz", "aaa", "bbb"]


def test_a_name_of_another_kind_says_which_kind_it_is():
    text = (
        SETTINGS
        + COMPONENT.format(name="tool", description='"x"')
        + RECIPE.format(components="image_recipe.tool", description='"y"')
    )
    _, report = compile_text(text)
    assert "no image_recipe named 'tool' is declared; 'tool' is a component: write component.tool" in report


def test_a_wrong_kind_is_one_error_even_without_a_region():
    text = DISTRIBUTION + RECIPE.format(components="", description="distribution.d")
    _, report = compile_text(text)
    at = [line for line in report.splitlines() if ":8:17:" in line]
    assert len(at) == 1 and "cannot refer to a distribution" in at[0], report


def test_a_reference_to_an_auto_versioned_recipe_renders_its_wildcard_arn(monkeypatch):
    # No kind may name a recipe yet (pipelines will); a record that allows it is all it takes.
    from ibdsl.domain.kinds import DISTRIBUTION

    monkeypatch.setattr(DISTRIBUTION, "references", ("component", "image_recipe"))
    recipe = RECIPE.format(components='aws_component("update-linux", "1.x.x")', description='"y"').replace(
        '"1.0.0"', '"1.0.x"'
    )
    text = (
        SETTINGS
        + recipe
        + DISTRIBUTION_TEXT.replace("distributions =", "description = image_recipe.web\n  distributions =")
    )
    result, report = compile_text(text)
    assert not report, report
    copies = next(r for r in result.resources if r.name == "ddd")
    assert copies.payload["description"] == "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.x"


DISTRIBUTION_TEXT = 'distribution "ddd" {\n  distributions = [{ region = "us-east-1" }]\n}\n'
