"""ibdsl import --from-cloudformation: literal properties in, intrinsic functions reported."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, SETTINGS, compile_text, run_cli

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "Recipe": {
            "Type": "AWS::ImageBuilder::ImageRecipe",
            "Properties": {
                "Name": "web", "Version": "1.2.0", "ParentImage": "ami-0123456789abcdef0",
                "Components": [{"ComponentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x",
                                "Parameters": [{"Name": "Port", "Value": ["80"]}]}],
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3"}}],
                "Tags": {"CostCenter": "42"},
            },
        },
        "Dist": {
            "Type": "AWS::ImageBuilder::DistributionConfiguration",
            "Properties": {
                "Name": "golden",
                "Distributions": [{"Region": "us-east-1", "AmiDistributionConfiguration": {
                    "Name": "golden-{{ imagebuilder:buildDate }}",
                    "LaunchPermissionConfiguration": {"UserIds": ["111122223333"]}}}],
            },
        },
    },
}  # fmt: skip


def test_literal_template_imports_and_compiles(tmp_path, capsys):
    (tmp_path / "t.json").write_text(json.dumps(TEMPLATE))
    run = run_cli("import", "--from-cloudformation", "t.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    result, report = compile_text(run.out)
    assert not result.diagnostics.has_errors, report
    payloads = {r.name: r.payload for r in result.resources}
    assert payloads["web"] == {
        "name": "web", "semanticVersion": "1.2.0",
        "components": [{"componentArn": "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x",
                        "parameters": [{"name": "Port", "value": ["80"]}]}],
        "parentImage": "ami-0123456789abcdef0",
        "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": 30, "volumeType": "gp3"}}],
        "tags": {"CostCenter": "42"},
    }  # fmt: skip
    ami = payloads["golden"]["distributions"][0]["amiDistributionConfiguration"]
    assert ami["launchPermission"] == {"userIds": ["111122223333"]}


def test_intrinsic_functions_are_reported_with_their_location(tmp_path, capsys):
    template = json.loads(json.dumps(TEMPLATE))
    template["Resources"]["Recipe"]["Properties"]["ParentImage"] = {"Fn::Sub": "ami-${Id}"}
    (tmp_path / "t.json").write_text(json.dumps(template))
    run = run_cli("import", "--from-cloudformation", "t.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "t.json: error: Resources.Recipe.Properties.ParentImage: Fn::Sub is an intrinsic function" in run.err
    assert 'distribution "golden"' in run.out  # what is literal still comes through


def test_yaml_templates_with_short_form_intrinsics(tmp_path, capsys):
    pytest.importorskip("yaml")
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  C:\n    Type: AWS::ImageBuilder::Component\n    Properties:\n      Name: tool\n"
        "      Version: 1.0.0\n      Platform: Linux\n      Data: !Sub '${AWS::Region}'\n"
        "  D:\n    Type: AWS::ImageBuilder::Component\n    Properties:\n      Name: tool-2\n"
        "      Version: '2.0.0'\n      Platform: Linux\n      Data: 'name: x'\n"
    )
    run = run_cli("import", "--from-cloudformation", "t.yaml", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "Resources.C.Properties.Data: !Sub is an intrinsic function" in run.err
    assert run.out.startswith('component "tool-2" {')


def test_template_without_image_builder_resources(tmp_path, capsys):
    (tmp_path / "t.json").write_text(json.dumps({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}))
    run = run_cli("import", "--from-cloudformation", "t.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1 and "has no Image Builder resource ibdsl imports (AWS::ImageBuilder::Component," in run.err


STACK = REPO / "tests" / "data" / "cloudformation-stack.json"


def test_a_wired_stack_imports_as_references_with_cloudformations_coercions(tmp_path, capsys):
    """Ref and GetAtt ... Arn between the template's Image Builder resources become references;
    "2" and "true" become the number and the boolean the API takes, as CloudFormation makes them."""
    run = run_cli("import", "--from-cloudformation", str(STACK), cwd=tmp_path, capsys=capsys)
    assert run.code == 0, run.err
    assert "components       = [component.tool]" in run.out
    assert "image_recipe_arn                 = image_recipe.web" in run.out
    assert "infrastructure_configuration_arn = infrastructure_configuration.build" in run.out
    assert "http_put_response_hop_limit = 2" in run.out and "terminate_instance_on_failure = false" in run.out
    result, report = compile_text(SETTINGS + run.out)
    assert not result.diagnostics.has_errors, report
    payloads = {r.name: r.payload for r in result.resources}
    assert payloads["nightly"]["imageRecipeArn"] == "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.0.0"
    assert payloads["nightly"]["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 90}
    assert payloads["web"]["components"] == [
        {"componentArn": "arn:aws:imagebuilder:us-east-1:111122223333:component/tool/1.0.0"}
    ]


def test_a_ref_to_something_outside_image_builder_is_still_reported(tmp_path, capsys):
    template = json.loads(STACK.read_text())
    template["Resources"]["Build"]["Properties"]["SubnetId"] = {"Ref": "PrivateSubnet"}
    (tmp_path / "t.json").write_text(json.dumps(template))
    run = run_cli("import", "--from-cloudformation", "t.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "Resources.Build.Properties.SubnetId: Ref is an intrinsic function" in run.err


def test_a_refused_resource_takes_the_resources_that_name_it_with_it(tmp_path, capsys):
    template = json.loads(STACK.read_text())
    template["Resources"]["Build"]["Properties"]["InstanceProfileName"] = {"Ref": "Profile"}
    (tmp_path / "t.json").write_text(json.dumps(template))
    run = run_cli("import", "--from-cloudformation", "t.json", cwd=tmp_path, capsys=capsys)
    assert run.code == 1
    assert "Resources.Build.Properties.InstanceProfileName: Ref is an intrinsic function" in run.err
    assert "Resources.Pipeline.Properties.InfrastructureConfigurationArn: Ref is an intrinsic function" in run.err
    assert "image_pipeline" not in run.out and 'image_recipe "web"' in run.out
    result, report = compile_text(SETTINGS + run.out)
    assert not result.diagnostics.has_errors, report  # what was imported compiles on its own
