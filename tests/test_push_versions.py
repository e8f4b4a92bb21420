"""Push against today's Image Builder (botocore 1.44.8): component build versions, recipe
auto-versioning, and client tokens that name the change, against the loopback service."""

from __future__ import annotations

from test_push import ACCOUNT, PROJECT, actions, creates, fake, project, push  # noqa: F401 - fixtures

ARN = f"arn:aws:imagebuilder:us-east-1:{ACCOUNT}"


def test_a_changed_component_at_the_same_version_is_a_new_build(fake, project, push):  # noqa: F811
    server, url = fake()
    assert push(project, url).code == 0
    (project / "main.ib").write_text(PROJECT.replace("name: tool\\n", "name: tool, changed\\n"))
    plan = push(project, url, "--plan")
    assert plan.code == 0, plan.err
    line = next(line for line in plan.out.splitlines() if line.split()[:3] == ["build", "component", "tool"])
    assert line.endswith("(new build 1.0.0/2; differs in: data)"), line
    run = push(project, url, "--output", "json")
    assert run.code == 0, run.err
    assert actions(run)["tool"] == ("build", f"{ARN}:component/tool/1.0.0/2")
    assert actions(run)["web"][0] == "unchanged"  # it names the version ARN: it gets the newest build
    assert [b["arn"] for b in server.builds[f"{ARN}:component/tool/1.0.0"]] == [
        f"{ARN}:component/tool/1.0.0/1",
        f"{ARN}:component/tool/1.0.0/2",
    ]
    again = push(project, url, "--output", "json")
    assert {name: action for name, (action, _) in actions(again).items()} == dict.fromkeys(
        ("tool", "web", "golden"), "unchanged"
    )


AUTO = PROJECT.replace('semantic_version = "1.0.0"\n  parent_image', 'semantic_version = "1.0.x"\n  parent_image')


def test_an_auto_versioned_recipe_is_created_only_when_it_changes(fake, project, push):  # noqa: F811
    server, url = fake()
    (project / "main.ib").write_text(AUTO)
    first = push(project, url, "--plan")
    assert "(Image Builder assigns 1.0.0)" in first.out, first.out
    assert push(project, url).code == 0
    assert f"{ARN}:image-recipe/web/1.0.0" in server.resources

    calls = len(creates(server))
    same = push(project, url, "--output", "json")
    assert actions(same)["web"] == ("unchanged", f"{ARN}:image-recipe/web/1.0.0")
    assert len(creates(server)) == calls

    (project / "main.ib").write_text(AUTO.replace('Team = "web"', 'Team = "platform"'))
    plan = push(project, url, "--plan")
    assert plan.code == 0 and "conflict" not in plan.out + plan.err
    line = next(line for line in plan.out.splitlines() if "image_recipe" in line)
    assert line.split()[0] == "create" and "(Image Builder assigns 1.0.1; differs in: tags)" in line
    run = push(project, url, "--output", "json")
    assert actions(run)["web"] == ("create", f"{ARN}:image-recipe/web/1.0.1")
    assert server.resources[f"{ARN}:image-recipe/web/1.0.1"]["tags"] == {"Team": "platform"}


def test_a_pinned_recipe_conflict_suggests_auto_versioning(fake, project, push):  # noqa: F811
    server, url = fake()
    assert push(project, url).code == 0
    (project / "main.ib").write_text(PROJECT.replace('Team = "web"', 'Team = "platform"'))
    run = push(project, url)
    assert run.code == 1
    assert 'bump semantic_version, or write a version with one x (such as "1.0.x")' in run.err


def test_a_revert_is_carried_out_not_answered_from_the_token_memory(fake, project, push):  # noqa: F811
    """A -> B -> A -> B: the service answers a token it has seen with the original response
    without running it; each push's tokens are its own, so every change lands."""
    server, url = fake()
    golden = f"{ARN}:distribution-configuration/golden"
    a, b = 'name = "golden-{{ imagebuilder:buildDate }}"', 'name = "golden-b-{{ imagebuilder:buildDate }}"'
    for step, text in enumerate([PROJECT, PROJECT.replace(a, b), PROJECT, PROJECT.replace(a, b)]):
        (project / "main.ib").write_text(text)
        run = push(project, url)
        assert run.code == 0, (step, run.err)
        name = server.resources[golden]["distributions"][0]["amiDistributionConfiguration"]["name"]
        assert name == ("golden-b-{{ imagebuilder:buildDate }}" if step % 2 else "golden-{{ imagebuilder:buildDate }}")
    updates = [params["clientToken"] for op, params in server.calls if op == "UpdateDistributionConfiguration"]
    assert len(updates) == 3 and len(set(updates)) == 3


def test_a_component_that_goes_back_gets_a_build_again(fake, project, push):  # noqa: F811
    server, url = fake()
    changed = PROJECT.replace("name: tool\\n", "name: tool, changed\\n")
    for text in (PROJECT, changed, PROJECT):
        (project / "main.ib").write_text(text)
        assert push(project, url).code == 0
    builds = server.builds[f"{ARN}:component/tool/1.0.0"]
    assert [b["arn"].rsplit("/", 1)[1] for b in builds] == ["1", "2", "3"]
    assert builds[-1]["data"] == builds[0]["data"]


def test_a_component_whose_tags_change_is_retagged_not_rebuilt(fake, project, push):  # noqa: F811
    server, url = fake()
    tagged = PROJECT.replace("platform = Linux\n  data", 'platform = Linux\n  tags = { Team = "tools" }\n  data')
    (project / "main.ib").write_text(tagged)
    assert push(project, url).code == 0
    (project / "main.ib").write_text(tagged.replace('Team = "tools"', 'Team = "platform"'))
    run = push(project, url, "--output", "json")
    assert run.code == 0, run.err
    assert actions(run)["tool"] == ("update", f"{ARN}:component/tool/1.0.0/1")
    assert [b["arn"] for b in server.builds[f"{ARN}:component/tool/1.0.0"]] == [f"{ARN}:component/tool/1.0.0/1"]
    assert server.resources[f"{ARN}:component/tool/1.0.0"]["tags"] == {"Team": "platform"}


def test_the_plan_shows_what_differs_member_by_member(fake, project, push):  # noqa: F811
    server, url = fake()
    assert push(project, url).code == 0
    changed = (
        PROJECT.replace("name: tool\\n", "name: tool, changed\\n")
        .replace('name = "golden-{{ imagebuilder:buildDate }}"', 'name = "golden-v2-{{ imagebuilder:buildDate }}"')
        .replace('tags = { Team = "web" }', 'tags = { Team = "platform", Env = "prod" }')
    )
    (project / "main.ib").write_text(changed)
    plan = push(project, url, "--plan")
    lines = plan.out.splitlines()
    assert (
        '    ~ distributions[0].ami_distribution_configuration.name: "golden-{{ imagebuilder:buildDate }}" -> "golden-v2-{{ imagebuilder:buildDate }}"'
        in lines
    )
    assert '    + tags."Env": "prod"' in lines and '    ~ tags."Team": "web" -> "platform"' in lines
    data = lines.index("    ~ data:")
    assert lines[data + 1 : data + 3] == ["        --- in the account", "        +++ in the source"]
    assert "        -name: tool" in lines and "        +name: tool, changed" in lines


def test_what_the_source_no_longer_declares_is_listed_not_deleted(fake, project, push):  # noqa: F811
    server, url = fake()
    assert push(project, url).code == 0
    assert (project / ".ibdsl" / "pushed.json").exists()
    without = PROJECT.replace(", component.tool]", "]")
    without = without[: without.index('component "tool"')] + without[without.index('image_recipe "web"') :]
    (project / "main.ib").write_text(
        without.replace('semantic_version = "1.0.0"\n  parent_image', 'semantic_version = "1.0.1"\n  parent_image')
    )
    plan = push(project, url, "--plan")
    assert plan.code == 0, plan.err
    line = next(line for line in plan.out.splitlines() if line.startswith("not in source"))
    assert line.split()[3:5] == ["component", "tool"] and line.endswith(f"{ARN}:component/tool/1.0.0/1")
    run = push(project, url, "--output", "json")
    assert run.code == 0, run.err
    assert ("component", "not in source") in [(r["kind"], r["action"]) for r in run.json["resources"]]
    assert f"{ARN}:component/tool/1.0.0" in server.resources  # listed, never deleted by push


def test_a_record_that_cannot_be_kept_is_a_warning_not_a_failure(fake, project, push):  # noqa: F811
    server, url = fake()
    (project / ".ibdsl").write_text("a file where the record's folder would go")
    run = push(project, url)
    assert run.code == 0, run.err
    assert "warning: the record of what was pushed is not kept" in run.err
    assert len(server.resources) == 3
