"""ibdsl push with the real boto3 client talking HTTP to a loopback Image Builder.

Serialization, signing, retries and error parsing are botocore's own; the fake keeps resources
in memory, honours clientToken as the service does, and injects faults.

Most tests run ibdsl in this process (the `push` fixture); a few run it as a real process
(`push_process`, and the tests of a missing terminal and of Ctrl-C) for exit codes, tracebacks
and stdout as users see them. Every run, either way, is checked for tracebacks, internal errors
and credentials in its output.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import Run, run_cli
from fake_imagebuilder import FakeImageBuilder, Faults

ACCOUNT = FakeImageBuilder.ACCOUNT

PROJECT = """settings {
  region = "us-east-1"
}

component "tool" {
  semantic_version = "1.0.0"
  platform = Linux
  data = "name: tool\\nschemaVersion: 1.0\\nphases: [{name: build, steps: [{name: S, action: UpdateOS}]}]\\n"
}

image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x"), component.tool]
  tags = { Team = "web" }
}

distribution "golden" {
  distributions = [{
    region = "us-east-1"
    ami_distribution_configuration { name = "golden-{{ imagebuilder:buildDate }}" }
  }]
}
"""


SECRETS = ("verysecretvalue", "AKIDTESTKEY", "sessiontokenvalue-123456")


def aws_vars(url: str | None, **extra) -> dict:
    """The AWS_* (and ibdsl) variables of a push: test credentials, no files, no instance role."""
    variables = dict(
        AWS_ACCESS_KEY_ID="AKIDTESTKEY", AWS_SECRET_ACCESS_KEY="verysecretvalue", AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        IBDSL_BACKOFF_BASE_SECONDS="0.01",
    )  # fmt: skip
    if url:
        variables["AWS_ENDPOINT_URL_STS"] = url
    variables.update(extra)
    return variables


def aws_env(url: str | None, **extra) -> dict:
    """A process environment: this one without its AWS_* variables, plus aws_vars."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(aws_vars(url, **extra))
    return env


def check_output(run: Run) -> Run:
    """Every push, in process or not: no traceback, no internal error, no credentials."""
    output = run.out + run.err
    assert "Traceback" not in output and "internal error" not in output, output
    for secret in SECRETS:
        assert secret not in output
    return run


@pytest.fixture
def fake():
    servers = []

    def start(faults: Faults | None = None):
        server = FakeImageBuilder(faults=faults)
        url = server.start()
        servers.append(server)
        return server, url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def project(tmp_path):
    (tmp_path / "main.ib").write_text(PROJECT)
    return tmp_path


@pytest.fixture
def push(monkeypatch, capsys):
    """`ibdsl push main.ib --yes ARGS` run in this process, in `project`, with `env` as its AWS_*
    variables (aws_vars(url) unless given). Nothing outlives a run: the AWS_* variables of this
    process are set for the run only, the directory is restored, and the credentials a run
    registers for redaction are forgotten after it, so each run's output is redacted by its own.
    What runs share is botocore's loader of its JSON models (data, read-only once loaded, as
    the clients of one boto3 session share it): loading them made most of a run's time."""
    import botocore.session

    from ibdsl.render import terminal

    monkeypatch.setattr(botocore.session, "create_loader", shared_loader)

    def run(project, url, *args, env=None, command="push", paths=None) -> Run:
        if paths is None:
            paths = [] if command in ("build", "images") else ["main.ib"]
        command = [command, *paths, "--yes", *args]
        if url:
            command += ["--endpoint-url", url]
        with monkeypatch.context() as m:
            for key in [k for k in os.environ if k.startswith(("AWS_", "IBDSL_"))]:
                m.delenv(key)
            for key, value in (aws_vars(url) if env is None else env).items():
                m.setenv(key, value)
            m.setattr(terminal, "_secrets", set())
            result = run_cli(*command, cwd=project, capsys=capsys)
        return check_output(result)

    return run


@functools.cache
def shared_loader(search_path_string=None):
    import botocore.loaders

    return botocore.loaders.create_loader(search_path_string)


def push_process(project, url, *args, env=None) -> Run:
    """The same push as a real process: exit codes, tracebacks and stdout purity as users see them."""
    command = [sys.executable, "-m", "ibdsl", "push", "main.ib", "--yes", *args]
    if url:
        command += ["--endpoint-url", url]
    proc = subprocess.run(command, cwd=project, env=env or aws_env(url), capture_output=True, text=True, timeout=300)
    return check_output(Run(proc.returncode, proc.stdout, proc.stderr))


def creates(server) -> list[str]:
    return [name for name, _ in server.calls if name and name.startswith("Create")]


def actions(run: Run) -> dict:
    return {r["name"]: (r["action"], r["arn"]) for r in run.json["resources"]}


def test_fresh_push_creates_everything_and_prints_arns(fake, project):
    """A real process (as are a few below): its exit code, and stdout holding only the result."""
    server, url = fake()
    run = push_process(project, url)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["create", "component", "tool"],
        ["create", "image_recipe", "web"],
        ["create", "distribution_configuration", "golden"],
    ]
    assert lines[0].endswith(f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:component/tool/1.0.0/1")
    assert lines[1].endswith(f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:image-recipe/web/1.0.0")
    assert lines[2].endswith(f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:distribution-configuration/golden")
    assert creates(server) == ["CreateComponent", "CreateImageRecipe", "CreateDistributionConfiguration"]
    # the account came from STS, and the recipe names the component by that account's ARN
    recipe = server.resources[f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:image-recipe/web/1.0.0"]
    assert recipe["components"][1] == {"componentArn": f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:component/tool/1.0.0"}
    # every create carried a deterministic 64-character token
    tokens = [params["clientToken"] for name, params in server.calls if name and name.startswith("Create")]
    assert all(len(t) == 64 for t in tokens) and len(set(tokens)) == 3


def test_second_push_is_unchanged_and_creates_nothing(fake, project, push):
    server, url = fake()
    assert push(project, url).code == 0
    before = len(creates(server))
    run = push(project, url, "--output", "json")
    assert run.code == 0, run.err
    assert {name: action for name, (action, _) in actions(run).items()} == {
        "tool": "unchanged",
        "web": "unchanged",
        "golden": "unchanged",
    }
    assert len(creates(server)) == before
    assert "everything is up to date" in run.err


def test_changed_recipe_without_version_bump_is_a_conflict(fake, project, push):
    server, url = fake()
    assert push(project, url).code == 0
    calls_before = len(server.calls)
    (project / "main.ib").write_text(
        PROJECT.replace('tags = { Team = "web" }', 'tags = { Team = "platform" }').replace(
            'semantic_version = "1.0.0"\n  platform = Linux', 'semantic_version = "1.1.0"\n  platform = Linux'
        )
    )
    run = push(project, url, "--output", "json")
    assert run.code == 1
    result = actions(run)
    assert result["web"][0] == "conflict"
    assert result["tool"][0] == "skipped"  # would be created, but nothing is created in a conflicting push
    assert (
        "main.ib:11:14: image_recipe 'web' version 1.0.0 already exists with different content (components, tags)"
        in run.err
    )
    assert "bump semantic_version" in run.err and "nothing was pushed" in run.err
    assert not [c for c, _ in server.calls[calls_before:] if c and c.startswith(("Create", "Update"))]


def test_changed_distribution_is_updated(fake, project, push):
    server, url = fake()
    assert push(project, url).code == 0
    (project / "main.ib").write_text(PROJECT.replace('region = "us-east-1"\n    ami', 'region = "us-west-2"\n    ami'))
    run = push(project, url, "--output", "json")
    assert run.code == 0, run.err
    assert actions(run)["golden"][0] == "update"
    stored = server.resources[f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:distribution-configuration/golden"]
    assert stored["distributions"][0]["region"] == "us-west-2"
    assert push(project, url).code == 0 and "everything is up to date" in push(project, url).err


def test_distribution_tags_are_updated_with_tag_calls(fake, project, push):
    server, url = fake()
    (project / "main.ib").write_text(PROJECT.replace("  }]\n}\n", '  }]\n  tags = { Old = "1", Keep = "k" }\n}\n'))
    assert push(project, url).code == 0
    (project / "main.ib").write_text(PROJECT.replace("  }]\n}\n", '  }]\n  tags = { Keep = "k", New = "2" }\n}\n'))
    run = push(project, url)
    assert run.code == 0, run.err
    stored = server.resources[f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}:distribution-configuration/golden"]
    assert stored["tags"] == {"Keep": "k", "New": "2"}
    names = [c for c, _ in server.calls]
    assert "UntagResource" in names and "TagResource" in names and "UpdateDistributionConfiguration" not in names


def test_throttling_and_server_errors_converge_without_duplicates(fake, project, push):
    faults = Faults(
        probabilities={
            "CallRateLimitExceededException": 0.3,
            "ServiceException": 0.05,
            "ServiceUnavailableException": 0.05,
        },
        seed=11,
    )
    server, url = fake(faults)
    run = push(project, url, "--max-attempts", "10", env=aws_vars(url))
    assert run.code == 0, run.err
    assert len(server.resources) == 3
    injected = [fault for _, fault in server.injected]
    assert "CallRateLimitExceededException" in injected and {"ServiceException", "ServiceUnavailableException"} & set(
        injected
    )
    # run it again under the same weather: nothing new
    again = push(project, url, "--max-attempts", "10")
    assert again.code == 0, again.err
    assert len(server.resources) == 3


def test_lost_responses_are_retried_with_the_same_token(fake, project, push):
    """The service created the resource, then the response was lost: the retry carries the
    same clientToken, so the service answers with the original instead of a duplicate."""
    faults = Faults(
        on_call={"CreateImageRecipe": {1: "ServiceException"}, "CreateComponent": {1: "reset"}}, after_commit=True
    )
    server, url = fake(faults)
    run = push(project, url)
    assert run.code == 0, run.err
    assert creates(server).count("CreateImageRecipe") == 2 and creates(server).count("CreateComponent") == 2
    assert len(server.resources) == 3


def test_throttling_budget_is_shared_and_bounded(fake, project, push):
    faults = Faults(probabilities={"CallRateLimitExceededException": 1.0})
    server, url = fake(faults)
    run = push(project, url, "--max-attempts", "3")
    assert run.code == 2  # planning (reads) never got through: nothing changed
    assert "CallRateLimitExceededException" in run.err and "nothing was changed" in run.err
    gets = [c for c, _ in server.calls if c == "GetComponent"]
    assert len(gets) == 3  # exactly the attempt budget, then a clear failure


def test_failure_midway_reports_and_rerun_completes(fake, project, push):
    faults = Faults(on_call={"CreateImageRecipe": {1: "InvalidParameterValueException"}})
    server, url = fake(faults)
    run = push(project, url, "--output", "json")
    assert run.code == 1
    document = run.json
    assert [(r["name"], r["action"]) for r in document["resources"]] == [
        ("tool", "create"),
        ("web", "failed"),
        ("golden", "skipped"),
    ]
    failed = document["resources"][1]
    assert failed["error"] == {
        "code": "InvalidParameterValueException",
        "message": "injected InvalidParameterValueException",
        "source": "main.ib:11",
    }
    assert "push failed at image_recipe 'web' (main.ib:11); 1 change(s) made, 1 not attempted" in run.err
    text = push(project, url)  # the fault was for the first call only
    assert text.code == 0, text.err
    assert [line.split()[0] for line in text.out.splitlines()] == ["unchanged", "create", "create"]
    assert len(server.resources) == 3


def test_plan_changes_nothing(fake, project, push):
    server, url = fake()
    run = push(project, url, "--plan", "--output", "json")
    assert run.code == 0, run.err
    assert {name: action for name, (action, _) in actions(run).items()} == {
        "tool": "create",
        "web": "create",
        "golden": "create",
    }
    assert not server.resources
    assert not [c for c, _ in server.calls if c and c.startswith(("Create", "Update", "Tag", "Untag"))]


def test_without_a_terminal_yes_is_required(fake, project):
    server, url = fake()
    command = [sys.executable, "-m", "ibdsl", "push", "main.ib", "--endpoint-url", url]
    proc = subprocess.run(
        command, cwd=project, env=aws_env(url), capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120
    )
    check_output(Run(proc.returncode, proc.stdout, proc.stderr))
    assert proc.returncode == 2
    assert "no terminal to confirm: pass --yes" in proc.stderr
    assert "create     component" in proc.stderr  # the plan is shown
    assert not server.resources


def test_explicit_account_skips_sts_and_mismatch_is_refused(fake, project, push):
    server, url = fake()
    run = push(project, url, "--account", "999988887777", env=aws_vars(None))
    assert run.code == 0, run.err
    assert "component/tool/1.0.0" in run.out and "999988887777" in json.dumps(server.resources)
    (project / "main.ib").write_text(
        PROJECT.replace('region = "us-east-1"\n}', 'region = "us-east-1"\n  account = "444455556666"\n}')
    )
    run = push(project, url)
    assert run.code == 2
    assert f"settings name account 444455556666, but the credentials are for {ACCOUNT}" in run.err


def test_lint_errors_refuse_the_push(fake, project, push):
    server, url = fake()
    (project / "main.ib").write_text(
        PROJECT.replace('semantic_version = "1.0.0"\n  parent_image', 'semantic_version = "1.x.x"\n  parent_image')
    )
    run = push(project, url)
    assert run.code == 1
    assert "IB201 error" in run.err and "push refused" in run.err
    assert not server.resources


def test_no_credentials_no_region_unreachable_endpoint(fake, project):
    server, url = fake()
    env = aws_env(url)
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    runs = [push_process(project, url, env=env)]
    assert runs[-1].code == 2 and "no AWS credentials found" in runs[-1].err

    (project / "main.ib").write_text(PROJECT.replace('settings {\n  region = "us-east-1"\n}\n', ""))
    runs.append(push_process(project, url))
    assert runs[-1].code == 2 and "no AWS region" in runs[-1].err

    (project / "main.ib").write_text(PROJECT)
    runs.append(push_process(project, "http://127.0.0.1:9", "--max-attempts", "1", env=aws_env("http://127.0.0.1:9")))
    assert runs[-1].code == 2 and "cannot reach the endpoint" in runs[-1].err

    for run in runs:  # every run, not only the last (push_process checks them too)
        output = run.out + run.err
        assert "Traceback" not in output
        assert "verysecretvalue" not in output and "AKIDTESTKEY" not in output


def test_slow_responses_and_connection_resets_converge(fake, project, push):
    faults = Faults(
        on_call={
            "GetComponent": {1: "reset"},
            "GetImageRecipe": {1: "slow"},
            "CreateImageRecipe": {1: "reset", 2: "reset"},
            "CreateDistributionConfiguration": {1: "slow"},
        },
        slow_seconds=0.2,
    )
    server, url = fake(faults)
    run = push(project, url, "--max-attempts", "10")
    assert run.code == 0, run.err
    injected = [fault for _, fault in server.injected]
    assert injected.count("reset") == 3 and injected.count("slow") == 2
    assert len(server.resources) == 3


def test_lint_errors_come_before_any_aws_question(project, push):
    (project / "main.ib").write_text(
        PROJECT.replace('settings {\n  region = "us-east-1"\n}\n', "").replace(
            '"1.0.0"\n  parent_image', '"1.x.x"\n  parent_image'
        )
    )
    env = {k: v for k, v in aws_vars(None).items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    run = push(project, None, env=env)
    assert run.code == 1
    assert "IB201 error" in run.err and "push refused" in run.err
    assert "region" not in run.err.split("IB201")[0]  # not asked for a region or credentials first


# --- answers that are not Image Builder's, deadlines, interruptions, secrets ----------------------


@pytest.mark.parametrize(
    "fault,shown",
    [
        ("empty", "an empty body"),
        ("html", "text/html, body '<html>"),
        ("malformed", "application/json"),
        ("array", "body '[1, 2, 3]'"),
    ],
)
def test_an_answer_without_the_resource_is_an_error_that_says_what_came_back(fake, project, fault, shown, push):
    server, url = fake(Faults(on_call={"GetComponent": {1: fault}}))
    run = push(project, url, "--max-attempts", "1")
    assert run.code == 2, run.err
    assert "cannot read the current resources: get_component" in run.err and shown in run.err
    assert "nothing was changed" in run.err and "conflict" not in run.out + run.err
    assert not creates(server) and "Traceback" not in run.err and "internal error" not in run.err


@pytest.mark.parametrize("fault", ["empty", "html", "array"])
def test_a_create_without_an_arn_is_a_failure_not_a_success(fake, project, fault, push):
    server, url = fake(Faults(on_call={"CreateComponent": {1: fault}}))
    run = push(project, url, "--max-attempts", "1", "--output", "json")
    assert run.code == 1, run.err
    tool = run.json["resources"][0]
    assert tool["action"] == "failed" and tool["error"]["code"] == "UnexpectedResponse"
    assert "create_component" in tool["error"]["message"]


def test_a_distribution_the_endpoint_does_not_describe_is_not_updated(fake, project, push):
    server, url = fake()
    assert push(project, url).code == 0
    server.faults.on_call = {"GetDistributionConfiguration": {2: "empty"}}
    run = push(project, url, "--max-attempts", "1")
    assert run.code == 2 and "get_distribution_configuration answered without the resource" in run.err
    assert "UpdateDistributionConfiguration" not in [c for c, _ in server.calls]


def test_a_trickling_endpoint_hits_the_call_deadline(fake, project, push):
    server, url = fake(Faults(on_call={"GetComponent": {1: "trickle"}}, slow_seconds=0.5))
    started = time.monotonic()
    run = push(project, url, "--max-attempts", "1", "--call-timeout", "2")
    assert time.monotonic() - started < 30
    assert run.code == 2
    assert "get_component did not answer within 2 s (--call-timeout); nothing was changed" in run.err


def test_the_whole_push_has_a_deadline(fake, project, push):
    server, url = fake(Faults(on_call={"CreateImageRecipe": {1: "trickle"}}, slow_seconds=0.5))
    run = push(project, url, "--max-attempts", "1", "--timeout", "4")
    assert run.code == 1
    assert "create_image_recipe did not answer within" in run.out and "(the push's --timeout)" in run.out
    assert "push failed at image_recipe 'web'" in run.err and "1 change(s) made, 1 not attempted" in run.err


@pytest.mark.parametrize("fault,words", [("redirect", "HTTP 302"), ("notfound", "HTTP 404")])
def test_an_http_error_without_an_error_type_is_explained(fake, project, fault, words, push):
    server, url = fake(Faults(on_call={"GetComponent": {1: fault}}))
    run = push(project, url, "--max-attempts", "1")
    assert run.code == 2
    assert words in run.err and "without an Image Builder error: is --endpoint-url (or the region) right?" in run.err


def test_a_lost_creation_race_is_explained(fake, project, push):
    server, url = fake(Faults(on_call={"CreateImageRecipe": {1: "ResourceAlreadyExistsException"}}))
    run = push(project, url)
    assert run.code == 1
    assert "image_recipe 'web' was created by someone else after the plan was made; push again to compare" in run.out


def test_credentials_never_reach_the_output(fake, project):
    server, url = fake(Faults(on_call={"CreateComponent": {1: "echo", 2: "echo"}}))
    env = aws_env(url, AWS_SESSION_TOKEN="sessiontokenvalue-123456")
    outputs = []
    for output in ("text", "json"):
        run = push_process(project, url, "--max-attempts", "1", "--output", output, env=env)
        assert run.code == 1
        outputs.append(run.out + run.err)
    text = "\n".join(outputs)
    assert "headers were" in text and "[redacted]" in text  # the message is shown, the secrets are not
    for secret in ("verysecretvalue", "AKIDTESTKEY", "sessiontokenvalue-123456"):
        assert secret not in text


def test_ctrl_c_during_push_prints_the_summary(fake, project):
    server, url = fake(Faults(on_call={"CreateImageRecipe": {1: "slow"}}, slow_seconds=20))
    command = [sys.executable, "-m", "ibdsl", "push", "main.ib", "--yes", "--endpoint-url", url]
    proc = subprocess.Popen(
        command, cwd=project, env=aws_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while "CreateImageRecipe" not in [c for c, _ in server.calls] and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    check_output(Run(proc.returncode, out, err))
    assert proc.returncode == 130, err
    assert (
        "create     component" in out
        and "failed     image_recipe" in out
        and "skipped    distribution_configuration" in out
    )
    assert "Interrupted: stopped while creating it; the service may have carried the call out" in out
    assert "push interrupted at image_recipe 'web' (main.ib:11); 1 change(s) made, 1 not attempted" in err
