"""`ibdsl destroy` against the loopback service: reverse reference order, every build and
auto-assigned version, dependency errors explained, a summary of what was and was not deleted."""

from __future__ import annotations

from test_push import ACCOUNT, fake, push  # noqa: F401 - fixtures

from conftest import EXAMPLES

ARN = f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}"
SOURCE = (EXAMPLES / "full-stack" / "main.ib").read_text()


def destroy(push, project, url, *args, paths=None):  # noqa: F811
    """push's in-process runner, for the destroy command."""
    return push(project, url, *args, command="destroy", paths=paths)


def test_destroy_deletes_everything_in_reverse_order_and_keeps_images(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    # a second build of the component and a second version of the auto-versioned recipe
    changed = SOURCE.replace("amazon-cloudwatch-agent", "amazon-cloudwatch-agent htop").replace(
        'image_recipe "base" {', 'image_recipe "base" {\n  description = "with htop"'
    )
    (tmp_path / "main.ib").write_text(changed)
    assert push(tmp_path, url).code == 0
    assert len(server.builds[f"{ARN}:component/install-agent/1.0.0"]) == 2

    plan = destroy(push, tmp_path, url, "--plan")
    assert plan.code == 0 and server.resources, plan.err
    run = destroy(push, tmp_path, url, "--output", "json")
    assert run.code == 0, run.err
    deleted = [(r["kind"], r["arn"].rsplit(":", 1)[1]) for r in run.json["resources"] if r["action"] == "delete"]
    assert deleted == [
        ("lifecycle_policy", "lifecycle-policy/keep-five"),
        ("image_pipeline", "image-pipeline/weekly"),
        ("workflow", "workflow/build/build-and-tag/1.0.0/1"),
        ("infrastructure_configuration", "infrastructure-configuration/build"),
        ("distribution_configuration", "distribution-configuration/golden"),
        ("image_recipe", "image-recipe/base/1.0.0"),
        ("image_recipe", "image-recipe/base/1.0.1"),
        ("component", "component/install-agent/1.0.0/1"),
        ("component", "component/install-agent/1.0.0/2"),
    ]
    assert server.resources == {}
    assert "images and their AMIs are not deleted" in run.err
    again = destroy(push, tmp_path, url)
    assert again.code == 0 and "nothing of this project is in the account" in again.err


def test_a_resource_something_else_uses_stops_the_destroy_with_a_summary(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    outsider = f"{ARN}:image-pipeline/someone-elses"
    server.resources[outsider] = {
        "arn": outsider,
        "name": "someone-elses",
        "imageRecipeArn": f"{ARN}:image-recipe/base/1.0.0",
    }
    run = destroy(push, tmp_path, url)
    assert run.code == 1
    assert "ResourceDependencyException: something outside this project still uses it" in run.err + run.out
    assert outsider in run.out + run.err
    assert "destroy stopped at image_recipe 'base'" in run.err and "5 deleted, 2 not deleted" in run.err
    assert (
        f"{ARN}:image-recipe/base/1.0.0" in server.resources
        and f"{ARN}:component/install-agent/1.0.0" in server.resources
    )


def test_only_one_resource_and_what_depends_on_it(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    run = destroy(push, tmp_path, url, "--only", "infrastructure_configuration.build", "--output", "json")
    assert run.code == 0, run.err
    assert [(r["kind"], r["action"]) for r in run.json["resources"]] == [
        ("image_pipeline", "delete"),
        ("infrastructure_configuration", "delete"),
    ]
    assert (
        f"{ARN}:image-recipe/base/1.0.0" in server.resources and f"{ARN}:image-pipeline/weekly" not in server.resources
    )
    wrong = destroy(push, tmp_path, url, "--only", "pipeline.weekly")
    assert wrong.code == 2 and "write KIND.NAME, such as image_recipe.web" in wrong.err


def test_a_project_folder_means_its_entries_not_a_nested_project(fake, tmp_path, push):  # noqa: F811
    """`destroy outer` deletes what outer/ declares, never what the project nested in it made."""
    server, url = fake()
    settings = f'settings {{\n  region = "us-east-1"\n  account = "{ACCOUNT}"\n}}\n'
    component = 'component "{}" {{\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "{}"\n}}\n'
    document = "schemaVersion: 1.0\\nphases:\\n  - name: build\\n    steps:\\n      - name: hello\\n        action: ExecuteBash\\n        inputs:\\n          commands: [echo hello]\\n"
    (tmp_path / "outer" / "inner").mkdir(parents=True)
    (tmp_path / "outer" / "ibdsl.toml").write_text("")
    (tmp_path / "outer" / "inner" / "ibdsl.toml").write_text("")
    (tmp_path / "outer" / "main.ib").write_text(settings + component.format("outer-part", document))
    (tmp_path / "outer" / "inner" / "main.ib").write_text(settings + component.format("inner-part", document))
    assert push(tmp_path, url, paths=["outer/inner"]).code == 0
    assert push(tmp_path, url, paths=["outer"]).code == 0
    plan = destroy(push, tmp_path, url, "--plan", "--output", "json", paths=["outer"])
    assert plan.code == 0, plan.err
    assert "inner-part" not in plan.out + plan.err and "outer-part" in plan.out
