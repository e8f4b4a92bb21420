"""The whole stack against the loopback service: every kind is created in reference order, a
second push finds everything unchanged (the defaults the service stores included), and a
changed pipeline is updated by whole replacement."""

from __future__ import annotations

from test_push import ACCOUNT, actions, aws_vars, fake, push  # noqa: F401 - fixtures

from conftest import EXAMPLES

ARN = f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}"
SOURCE = (EXAMPLES / "full-stack" / "main.ib").read_text()


def test_the_full_stack_pushes_and_re_pushes_as_unchanged(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    first = push(tmp_path, url, "--output", "json")
    assert first.code == 0, first.err
    assert [(r["kind"], r["action"]) for r in first.json["resources"]] == [
        ("component", "create"),
        ("image_recipe", "create"),
        ("distribution_configuration", "create"),
        ("infrastructure_configuration", "create"),
        ("workflow", "create"),
        ("image_pipeline", "create"),
        ("lifecycle_policy", "create"),
    ]
    pipeline = server.resources[f"{ARN}:image-pipeline/weekly"]
    assert pipeline["imageRecipeArn"] == f"{ARN}:image-recipe/base/1.0.x"
    assert pipeline["workflows"][0]["workflowArn"] == f"{ARN}:workflow/build/build-and-tag/1.0.0"
    assert pipeline["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 720}  # stored

    again = push(tmp_path, url, "--output", "json")
    assert again.code == 0, again.err
    assert {action for action, _ in actions(again).values()} == {"unchanged"}

    (tmp_path / "main.ib").write_text(SOURCE.replace("every Monday morning", "every Monday at six"))
    changed = push(tmp_path, url, "--output", "json")
    assert actions(changed)["weekly"] == ("update", f"{ARN}:image-pipeline/weekly")
    update = next(params for op, params in server.calls if op == "UpdateImagePipeline")
    # Whole replacement: everything the source says is sent, not only what changed.
    assert update["schedule"]["scheduleExpression"] == "cron(0 6 ? * MON *)"
    assert update["workflows"] == pipeline["workflows"] and "tags" not in update
    assert server.resources[f"{ARN}:image-pipeline/weekly"]["description"].endswith("at six")
    assert {action for action, _ in actions(push(tmp_path, url, "--output", "json")).values()} == {"unchanged"}


def test_a_new_instance_profile_is_waited_for_then_created(fake, tmp_path, push, monkeypatch):  # noqa: F811
    from fake_imagebuilder import Faults

    monkeypatch.setenv("IBDSL_SETTLE_INTERVAL_SECONDS", "0.01")
    faults = Faults(on_call={"CreateInfrastructureConfiguration": {1: "profile-not-yet", 2: "profile-not-yet"}})
    server, url = fake(faults)
    (tmp_path / "main.ib").write_text(SOURCE)
    run = push(tmp_path, url, "--output", "json", env={**aws_vars(url), "IBDSL_SETTLE_INTERVAL_SECONDS": "0.01"})
    assert run.code == 0, run.err
    assert actions(run)["build"][0] == "create"
    assert run.err.count("the instance profile is not visible to Image Builder yet") == 2
    tokens = [p["clientToken"] for op, p in server.calls if op == "CreateInfrastructureConfiguration"]
    assert len(tokens) == 3 and len(set(tokens)) == 3  # a refused attempt changed nothing: a new token each


def test_a_role_that_never_appears_is_a_failure_after_the_wait(fake, tmp_path, push, monkeypatch):  # noqa: F811
    from ibdsl import limits

    from fake_imagebuilder import Faults

    real = limits.limit
    monkeypatch.setattr(
        limits, "limit", lambda section, name: 0.05 if name == "settle_seconds" else real(section, name)
    )
    faults = Faults(on_call={"CreateLifecyclePolicy": dict.fromkeys(range(1, 100), "role-not-yet")})
    server, url = fake(faults)
    (tmp_path / "main.ib").write_text(SOURCE)
    run = push(tmp_path, url, "--output", "json", env={**aws_vars(url), "IBDSL_SETTLE_INTERVAL_SECONDS": "0.01"})
    assert run.code == 1
    assert actions(run)["keep-five"][0] == "failed"
    assert "role does not exist" in run.json["resources"][-1]["error"]["message"]


def test_a_pipeline_that_trades_its_image_recipe_for_a_container_recipe_is_replaced(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    container = (
        'container_recipe "api" {\n  container_type = DOCKER\n  semantic_version = "1.0.x"\n'
        '  parent_image = "amazonlinux:2023"\n  dockerfile_template_data = "FROM {{{ imagebuilder:parentImage }}}"\n'
        '  target_repository = { service = ECR, repository_name = "api" }\n}\n'
    )
    switched = SOURCE.replace(
        "image_recipe_arn                 = image_recipe.base", "container_recipe_arn = container_recipe.api"
    )
    (tmp_path / "main.ib").write_text(
        switched.replace('aws_workflow("test", "test-image")', 'aws_workflow("test", "test-container")') + container
    )
    plan = push(tmp_path, url, "--plan")
    line = next(line for line in plan.out.splitlines() if "image_pipeline" in line)
    assert line.split()[0] == "replace" and "cannot be traded by an update: deleted and created again" in line, plan.out
    run = push(tmp_path, url, "--output", "json")
    assert run.code == 0, run.err
    assert actions(run)["weekly"][0] == "replace"
    ops = [op for op, _ in server.calls]
    assert ops.index("DeleteImagePipeline") < len(ops) - 1 - ops[::-1].index("CreateImagePipeline")
    assert server.resources[f"{ARN}:image-pipeline/weekly"]["containerRecipeArn"].endswith("container-recipe/api/1.0.x")


def test_stored_defaults_inside_a_given_block_and_test_workflows_re_push_as_unchanged(fake, tmp_path, push):  # noqa: F811
    """The service stores 720 minutes inside an image_tests_configuration that leaves them out;
    a TEST workflow keeps its type."""
    server, url = fake()
    source = SOURCE.replace(
        '  execution_role                   = "ImageBuilderWorkflowRole"\n',
        '  execution_role                   = "ImageBuilderWorkflowRole"\n'
        "  image_tests_configuration { image_tests_enabled = false }\n",
    ).replace("type             = BUILD", "type             = TEST")
    (tmp_path / "main.ib").write_text(source)
    assert push(tmp_path, url).code == 0
    pipeline = server.resources[f"{ARN}:image-pipeline/weekly"]
    assert pipeline["imageTestsConfiguration"] == {"imageTestsEnabled": False, "timeoutMinutes": 720}
    assert pipeline["workflows"][0]["workflowArn"] == f"{ARN}:workflow/test/build-and-tag/1.0.0"
    again = push(tmp_path, url, "--output", "json")
    assert again.code == 0, again.err
    assert {action for action, _ in actions(again).values()} == {"unchanged"}
