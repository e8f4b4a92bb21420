"""Composition: imports, extends with =, += and -=, fragments, references and the sugars."""

from __future__ import annotations

import base64

import pytest

from conftest import DOCUMENT, SETTINGS

BASE = (
    SETTINGS
    + """
component "tool" {
  semantic_version = "2.3.4"
  platform = Linux
  data = \""""
    + DOCUMENT
    + """"
}
image_recipe "base" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x"), component.tool]
  block_device_mappings = [
    { device_name = "/dev/xvda", ebs { volume_size = 8 } },
    { device_name = "/dev/sdb", ebs { volume_size = 100 } },
  ]
  tags = { Team = "a", Tier = "base" }
  description = "base"
}
"""
)
UPDATE_LINUX = "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x"
TOOL = "arn:aws:imagebuilder:us-east-1:111122223333:component/tool/2.3.4"


def compile_child(project, body: str):
    run = project.compile(BASE + 'image_recipe "child" extends "base" {\n' + body + "\n}\n")
    assert run.code == 0, run.err
    return run.resources


def test_child_inherits_everything_it_does_not_set(project):
    resources = compile_child(project, 'semantic_version = "1.1.0"')
    base, child = resources["base"], resources["child"]
    assert child["semanticVersion"] == "1.1.0"
    assert {k: v for k, v in child.items() if k not in ("name", "semanticVersion")} == {
        k: v for k, v in base.items() if k not in ("name", "semanticVersion")
    }
    assert child["name"] == "child"


def test_assignment_replaces_a_member(project):
    child = compile_child(project, 'tags = { Only = "this" }\ncomponents = [component.tool]')["child"]
    assert child["tags"] == {"Only": "this"}
    assert child["components"] == [{"componentArn": TOOL}]


def test_append_and_merge(project):
    child = compile_child(
        project,
        'components += [aws_component("reboot-test-linux", "x.x.x")]\ntags += { Tier = "child", New = "1" }',
    )["child"]
    assert [c["componentArn"] for c in child["components"]] == [
        UPDATE_LINUX,
        TOOL,
        "arn:aws:imagebuilder:us-east-1:aws:component/reboot-test-linux/x.x.x",
    ]
    assert child["tags"] == {"New": "1", "Team": "a", "Tier": "child"}


def test_remove_by_arn_device_name_and_key(project):
    child = compile_child(
        project,
        'components -= [component.tool]\nblock_device_mappings -= ["/dev/sdb"]\ntags -= ["Tier"]',
    )["child"]
    assert child["components"] == [{"componentArn": UPDATE_LINUX}]
    assert [b["deviceName"] for b in child["blockDeviceMappings"]] == ["/dev/xvda"]
    assert child["tags"] == {"Team": "a"}


def test_remove_map_keys_given_as_a_map(project):
    child = compile_child(project, 'tags -= { Tier = "" }')["child"]
    assert child["tags"] == {"Team": "a"}


def test_remove_then_append_in_one_child(project):
    child = compile_child(
        project,
        'block_device_mappings -= ["/dev/sdb"]\nblock_device_mappings += [{ device_name = "/dev/sdc", ebs { volume_size = 5 } }]',
    )["child"]
    assert [b["deviceName"] for b in child["blockDeviceMappings"]] == ["/dev/xvda", "/dev/sdc"]


def test_grandchild_sees_the_chain(project):
    run = project.compile(
        BASE
        + 'image_recipe "mid" extends "base" {\n  tags += { Mid = "1" }\n}\n'
        + 'image_recipe "leaf" extends "mid" {\n  tags += { Leaf = "1" }\n  description = "leaf"\n}\n'
    )
    assert run.code == 0, run.err
    leaf = run.resources["leaf"]
    assert leaf["tags"] == {"Leaf": "1", "Mid": "1", "Team": "a", "Tier": "base"}
    assert leaf["description"] == "leaf"
    assert run.resources["mid"]["description"] == "base"


def test_abstract_resource_is_not_emitted_but_shared(project):
    run = project.compile(
        SETTINGS
        + 'abstract image_recipe "template" {\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n}\n'
        + 'image_recipe "real" extends "template" {\n  semantic_version = "1.0.0"\n}\n'
    )
    assert run.code == 0, run.err
    assert list(run.resources) == ["real"]


def test_abstract_component_has_no_arn(project):
    run = project.compile(
        SETTINGS + 'abstract component "c-base" {\n  platform = Linux\n}\n'
        'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-1"\n  components = [component.c-base]\n}\n'
    )
    assert "component 'c-base' is abstract" in run.err


def test_component_version_is_inherited_through_extends(project):
    run = project.compile(
        SETTINGS
        + 'component "c-base" {\n  semantic_version = "4.5.6"\n  platform = Linux\n  data = "'
        + DOCUMENT
        + '"\n}\n'
        + 'component "c-child" extends "c-base" {\n  description = "child"\n}\n'
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [component.c-child]\n}\n'
    )
    assert run.code == 0, run.err
    assert run.resources["web"]["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:111122223333:component/c-child/4.5.6"}
    ]


def test_fragments_compose_with_plus(project):
    run = project.compile(
        SETTINGS
        + 'fragment a = [{ device_name = "/dev/xvda", no_device = "" }]\nfragment b = fragment.a + [{ device_name = "/dev/sdb", no_device = "" }]\n'
        + 'fragment t1 = { A = "1" }\nfragment t2 = fragment.t1 + { B = "2", A = "3" }\n'
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
        + '  block_device_mappings = fragment.b\n  tags = fragment.t2\n  description = "v" + "-" + "x"\n}\n'
    )
    assert run.code == 0, run.err
    web = run.resources["web"]
    assert web["blockDeviceMappings"] == [
        {"deviceName": "/dev/xvda", "noDevice": ""},
        {"deviceName": "/dev/sdb", "noDevice": ""},
    ]
    assert web["tags"] == {"A": "3", "B": "2"}
    assert web["description"] == "v-x"


def test_imports_are_transitive_and_loaded_once(project):
    project.write("lib/volumes.ib", 'fragment vols = [{ device_name = "/dev/xvda", no_device = "" }]\n')
    project.write("lib/all.ib", 'import "volumes.ib"\n')
    project.write("other.ib", 'import "lib/all.ib"\nimport "lib/volumes.ib"\n')
    run = project.compile(
        'import "other.ib"\n'
        + SETTINGS
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  block_device_mappings = fragment.vols\n'
        + '  components = [aws_component("update-linux", "1.x.x")]\n}\n'
    )
    assert run.code == 0, run.err
    assert run.resources["web"]["blockDeviceMappings"] == [{"deviceName": "/dev/xvda", "noDevice": ""}]


def test_nested_block_and_assignment_forms_are_the_same(project):
    a = project.compile(
        SETTINGS
        + 'component "c-1" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "'
        + DOCUMENT
        + '"\n}\n'
        'container_recipe "r-1" {\n  container_type = DOCKER\n  semantic_version = "1.0.0"\n  parent_image = "amazonlinux:2023"\n'
        '  components = [component.c-1]\n  dockerfile_template_data = "FROM x"\n  target_repository { service = ECR, repository_name = "repo" }\n}\n'
    )
    b = project.compile(
        SETTINGS
        + 'component "c-1" {\n  semantic_version = "1.0.0"\n  platform = "Linux"\n  data = "'
        + DOCUMENT
        + '"\n}\n'
        'container_recipe "r-1" {\n  container_type = "DOCKER"\n  semantic_version = "1.0.0"\n  parent_image = "amazonlinux:2023"\n'
        '  components = [{ component_arn = component.c-1 }]\n  dockerfile_template_data = "FROM x"\n  target_repository = { service = "ECR", repository_name = "repo" }\n}\n'
    )
    assert a.code == b.code == 0, a.err + b.err
    assert a.out == b.out


def test_parameter_sugar(project):
    run = project.compile(
        SETTINGS
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [\n'
        + '    { component_arn = aws_component("a-b", "1.0.0"), parameters = { One = "1", Many = ["a", "b"] } },\n'
        + '    { component_arn = aws_component("c-d", "1.0.0"), parameters = [{ name = "X", value = ["y"] }] },\n  ]\n}\n'
    )
    assert run.code == 0, run.err
    components = run.resources["web"]["components"]
    assert components[0]["parameters"] == [{"name": "One", "value": ["1"]}, {"name": "Many", "value": ["a", "b"]}]
    assert components[1]["parameters"] == [{"name": "X", "value": ["y"]}]


@pytest.mark.parametrize(
    "region,partition",
    [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")],
)
def test_arns_follow_the_partition_of_the_region(region, partition, project):
    run = project.compile(
        'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = aws_image("amazon-linux-2023-x86", "x.x.x")\n'
        '  components = [aws_component("update-linux", "1.x.x")]\n}\n',
        "--region",
        region,
    )
    assert run.code == 0, run.err
    assert (
        run.resources["web"]["parentImage"]
        == f"arn:{partition}:imagebuilder:{region}:aws:image/amazon-linux-2023-x86/x.x.x"
    )


def test_command_line_overrides_settings(project):
    run = project.compile(
        SETTINGS
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = account_image("golden", "2.x.x")\n'
        '  components = [aws_component("update-linux", "1.x.x")]\n}\n',
        "--region",
        "eu-west-1",
        "--account",
        "999988887777",
    )
    assert run.resources["web"]["parentImage"] == "arn:aws:imagebuilder:eu-west-1:999988887777:image/golden/2.x.x"


def test_settings_references_and_conflicts(project):
    run = project.compile(
        SETTINGS
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
        '  description = "${settings.region}/${settings.partition}/${settings.account}"\n}\n'
    )
    assert run.resources["web"]["description"] == "us-east-1/aws/111122223333"
    project.write("other.ib", 'settings { region = "eu-west-1" }\n')
    run = project.compile(None, "other.ib")
    assert run.code == 1
    assert "region is set to 'eu-west-1' here but to 'us-east-1' elsewhere" in run.err


def test_project_component_arn_uses_the_lowercased_name(project):
    run = project.compile(
        SETTINGS
        + 'component "Nginx_Setup" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "'
        + DOCUMENT
        + '"\n}\n'
        'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [component.Nginx_Setup]\n}\n'
    )
    assert run.code == 0, run.err
    assert run.resources["web"]["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:111122223333:component/nginx-setup/1.0.0"}
    ]
    assert run.resources["Nginx_Setup"]["name"] == "Nginx_Setup"


def test_strings_heredocs_and_escapes(project):
    source = SETTINGS + (
        'variable who: string = "world"\n'
        'component "docs" {\n  semantic_version = "1.0.0"\n  platform = Linux\n'
        '  description = "tab\\t quote\\" slash\\\\ dollar$${x} ${var.who} \\u00e9"\n'
        "  data = <<-EOT\n    schemaVersion: 1.0\n    phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]\n"
        "    # a ${var.who}\n    #   b $${keep}\n    EOT\n"
        "  change_description = <<'RAW'\n${not interpolated}\nRAW\n}\n"
    )
    run = project.compile(source)
    assert run.code == 0, run.err
    docs = run.resources["docs"]
    assert docs["description"] == 'tab\t quote" slash\\ dollar${x} world \u00e9'
    assert docs["data"].endswith("]}]\n# a world\n#   b ${keep}\n")
    assert docs["changeDescription"] == "${not interpolated}\n"


def test_user_data_is_encoded_unless_raw(project):
    run = project.compile(
        SETTINGS
        + 'image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
        '  additional_instance_configuration { user_data_override = "echo hi\\n" }\n}\n'
        'image_recipe "web2" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n  components = [aws_component("update-linux", "1.x.x")]\n'
        '  additional_instance_configuration { user_data_override = raw_base64("ZWNobyBoaQo=") }\n}\n'
    )
    assert run.code == 0, run.err
    encoded = run.resources["web"]["additionalInstanceConfiguration"]["userDataOverride"]
    assert base64.b64decode(encoded) == b"echo hi\n"
    assert run.resources["web2"]["additionalInstanceConfiguration"]["userDataOverride"] == "ZWNobyBoaQo="


def test_comments_of_every_kind_are_ignored(project):
    run = project.compile(
        "# hash\n// slashes\n/* block\n comment */\n"
        + SETTINGS
        + 'image_recipe "web" { # trailing\n  semantic_version = "1.0.0" // trailing\n  parent_image = /* inline */ "ami-0123456789abcdef0"\n'
        + '  components = [aws_component("update-linux", "1.x.x")]\n}\n'
    )
    assert run.code == 0, run.err
