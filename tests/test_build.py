"""`ibdsl build` against the loopback service: it starts only what the account has as the
source describes it, follows the image through its states, and reports AMIs, failures,
timeouts and cancellation; a real terminal gets one live line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from test_push import ACCOUNT, aws_env, fake, push  # noqa: F401 - fixtures

from conftest import EXAMPLES

ARN = f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}"
SOURCE = (EXAMPLES / "full-stack" / "main.ib").read_text()


def build(push, project, url, *args):  # noqa: F811
    return push(project, url, "--interval", "0.01", *args, command="build")


def pushed(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    return server, url


def test_a_pipeline_build_is_followed_to_its_amis(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib")
    assert run.code == 0, run.err
    states = [line.split()[1] for line in run.err.splitlines() if line[:4].isdigit()]
    assert states == ["PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "AVAILABLE"]
    assert run.out.startswith(f"AVAILABLE after 0m00s: {ARN}:image/base/1.0.0/1")
    assert f"  us-east-1  {ACCOUNT}  ami-0123456789abcdef0" in run.out
    # a second invocation is a second build (a new client token each time)
    again = build(push, tmp_path, url, "weekly", "--project", "main.ib", "--output", "json")
    assert again.json["arn"] == f"{ARN}:image/base/1.0.0/2" and again.json["status"] == "AVAILABLE"


def test_a_failed_build_says_what_failed_and_where_the_logs_are(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    server.image_script = ["PENDING", "BUILDING", "FAILED"]
    server.image_failure = {
        "reason": "SSM execution failed",
        "failureContext": {
            "imageStatus": "BUILDING",
            "componentFailure": {"componentArn": f"{ARN}:component/install-agent/1.0.0/1", "phaseName": "build",
                                 "stepName": "Install", "action": "ExecuteBash", "errorMessage": "exit status 1"},
        },
    }  # fmt: skip
    run = build(push, tmp_path, url, "--recipe", "base", "--infrastructure", "build", "--project", "main.ib")
    assert run.code == 1
    assert "failed while BUILDING" in run.out
    assert (
        f"component failure: component {ARN}:component/install-agent/1.0.0/1, phase build, step Install, action ExecuteBash: exit status 1"
        in run.out
    )
    assert "logs: CloudWatch log group /aws/imagebuilder/base, stream 1.0.0/1" in run.out


def test_a_build_that_outlives_the_timeout_goes_on(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    server.image_script = ["PENDING", "BUILDING"]  # never ends
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib", "--timeout", "0.05")
    assert run.code == 4
    assert "did not finish within 0.05 s; it goes on" in run.err and "ibdsl build --cancel arn:" in run.err
    cancel = build(push, tmp_path, url, "--cancel", f"{ARN}:image/base/1.0.0/1", "--region", "us-east-1")
    assert cancel.code == 0 and server.images[f"{ARN}:image/base/1.0.0/1"]["state"]["status"] == "CANCELLED"


def test_nothing_starts_when_the_account_differs_from_the_source(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    (tmp_path / "main.ib").write_text(SOURCE.replace("Private subnet", "A private subnet"))
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib")
    assert run.code == 1
    assert "infrastructure_configuration 'build' (update)" in run.err and "run `ibdsl push` first" in run.err
    assert server.images == {}
    unknown = build(push, tmp_path, url, "nightly", "--project", "main.ib")
    assert unknown.code == 2 and "no image_pipeline named 'nightly'; the project has weekly" in unknown.err


def test_on_a_terminal_the_progress_is_one_live_line(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "ibdsl", "build", "weekly", "--project", "main.ib", "--interval", "0.01",
               "--endpoint-url", url]  # fmt: skip
    proc = subprocess.run(
        command, cwd=tmp_path, env=aws_env(url), stdout=subprocess.PIPE, stderr=secondary, timeout=120
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    text = seen.decode()
    assert proc.returncode == 0, text
    assert "\r\x1b[Kbase 1.0.0: BUILDING, 0m00s so far" in text
    assert text.count("\n") <= 2  # one line rewritten, not a line per poll
    assert proc.stdout.decode().startswith("AVAILABLE after")


def test_throttling_and_server_errors_while_following_are_retried(fake, tmp_path, push):  # noqa: F811
    from fake_imagebuilder import Faults

    server, url = fake(
        Faults(on_call={"GetImage": {2: "CallRateLimitExceededException", 3: "ServiceUnavailableException"}})
    )
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib")
    assert run.code == 0, run.err
    assert [fault for op, fault in server.injected if op == "GetImage"] == [
        "CallRateLimitExceededException",
        "ServiceUnavailableException",
    ]
    assert run.out.startswith("AVAILABLE")


def test_ctrl_c_stops_following_and_says_how_to_cancel(fake, tmp_path, push, monkeypatch):  # noqa: F811
    from ibdsl.aws import build as building

    server, url = pushed(fake, tmp_path, push)

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(building.time, "sleep", interrupted)
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib")
    assert run.code == 130
    assert (
        f"stopped following; the build goes on. To cancel it: ibdsl build --cancel {ARN}:image/base/1.0.0/1" in run.err
    )
    assert server.images[f"{ARN}:image/base/1.0.0/1"]["state"]["status"] == "PENDING"


def test_images_lists_what_the_pipelines_made(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    assert build(push, tmp_path, url, "weekly", "--project", "main.ib").code == 0
    server.image_script = ["PENDING", "FAILED"]
    assert build(push, tmp_path, url, "weekly", "--project", "main.ib").code == 1
    run = push(tmp_path, url, "--project", "main.ib", "--output", "json", command="images")
    assert run.code == 0, run.err
    assert [(i["version"], i["status"], i["amis"]) for i in run.json] == [
        ("1.0.0", "FAILED", []),
        ("1.0.0", "AVAILABLE", ["ami-0123456789abcdef0"]),
    ]
    text = push(tmp_path, url, "weekly", "--project", "main.ib", command="images")
    assert text.out.splitlines()[1].split()[:3] == ["weekly", "1.0.0", "AVAILABLE"]


def test_a_pipeline_build_uses_the_newest_version_an_auto_versioned_recipe_made(fake, tmp_path, push):  # noqa: F811
    server, url = pushed(fake, tmp_path, push)
    (tmp_path / "main.ib").write_text(
        SOURCE.replace('image_recipe "base" {', 'image_recipe "base" {\n  description = "v2"')
    )
    assert push(tmp_path, url).code == 0
    assert f"{ARN}:image-recipe/base/1.0.1" in server.resources
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib", "--output", "json")
    assert run.json["arn"] == f"{ARN}:image/base/1.0.1/1"


def test_losing_the_build_while_following_says_it_goes_on(fake, tmp_path, push):  # noqa: F811
    from fake_imagebuilder import Faults

    server, url = fake(Faults(on_call={"GetImage": {2: "ResourceNotFoundException"}}))
    (tmp_path / "main.ib").write_text(SOURCE)
    assert push(tmp_path, url).code == 0
    run = build(push, tmp_path, url, "weekly", "--project", "main.ib")
    assert run.code == 2
    assert (
        "cannot follow the build any more" in run.err
        and "it goes on. To cancel it: ibdsl build --cancel arn:" in run.err
    )


def test_cancelling_an_unknown_build_is_explained(fake, tmp_path, push):  # noqa: F811
    server, url = fake()
    run = build(push, tmp_path, url, "--cancel", f"{ARN}:image/base/9.9.9/1")
    assert run.code == 2 and "cannot cancel" in run.err
    bad = build(push, tmp_path, url, "--cancel", "not-an-arn")
    assert bad.code == 2 and "give an image build version ARN" in bad.err
