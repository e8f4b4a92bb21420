"""The whole stack against the loopback service: every kind is created in reference order, a
second push finds everything unchanged (the defaults the service stores included), and a
changed pipeline is updated by whole replacement."""

from __future__ import annotations

from test_push import ACCOUNT, actions, fake, push  # noqa: F401 - fixtures

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
