"""Variables: typed declarations, defaults, --var and --var-file."""

from __future__ import annotations

from conftest import SETTINGS

PROGRAM = (
    SETTINGS
    + """
variable env: string = "dev"
variable size: number = 8
variable encrypted: bool = false
variable extra_tags: map = {}
variable devices: list = []
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0", components = [aws_component("update-linux", "1.x.x")]
  description = "for ${var.env}"
  block_device_mappings = [{ device_name = "/dev/xvda", ebs { volume_size = var.size, encrypted = var.encrypted } }] + var.devices
  tags = { Env = var.env } + var.extra_tags
}
"""
)


def web(run):
    assert run.code == 0, run.err
    return run.resources["web"]


def test_defaults(project):
    recipe = web(project.compile(PROGRAM))
    assert recipe["description"] == "for dev"
    assert recipe["blockDeviceMappings"] == [{"deviceName": "/dev/xvda", "ebs": {"encrypted": False, "volumeSize": 8}}]
    assert recipe["tags"] == {"Env": "dev"}


def test_command_line_values_of_every_type(project):
    recipe = web(
        project.compile(
            PROGRAM,
            "--var",
            "env=prod",
            "--var",
            "size=64",
            "--var",
            "encrypted=true",
            "--var",
            'extra_tags={ Owner = "me" }',
            "--var",
            'devices=[{ device_name = "/dev/sdb", no_device = "" }]',
        )
    )
    assert recipe["description"] == "for prod"
    assert recipe["blockDeviceMappings"][0]["ebs"] == {"encrypted": True, "volumeSize": 64}
    assert recipe["blockDeviceMappings"][1] == {"deviceName": "/dev/sdb", "noDevice": ""}
    assert recipe["tags"] == {"Env": "prod", "Owner": "me"}


def test_var_file_in_ibdsl_syntax_and_json(project):
    project.write("prod.ibvars", '# production\nenv = "prod"\nsize = 100\nextra_tags = { Owner = "ops" }\n')
    recipe = web(project.compile(PROGRAM, "--var-file", "prod.ibvars"))
    assert recipe["description"] == "for prod"
    assert recipe["tags"] == {"Env": "prod", "Owner": "ops"}
    project.write("prod.json", '{"env": "json", "encrypted": true}')
    recipe = web(project.compile(PROGRAM, "--var-file", "prod.json"))
    assert recipe["description"] == "for json"
    assert recipe["blockDeviceMappings"][0]["ebs"]["encrypted"] is True


def test_command_line_wins_over_var_file(project):
    project.write("prod.ibvars", 'env = "prod"\n')
    recipe = web(project.compile(PROGRAM, "--var-file", "prod.ibvars", "--var", "env=cli"))
    assert recipe["description"] == "for cli"


def test_var_file_errors_point_into_the_var_file(project):
    project.write("bad.ibvars", 'env = "prod"\nsize = "big"\nnope = 1\n')
    run = project.compile(PROGRAM, "--var-file", "bad.ibvars")
    assert run.code == 1
    assert "bad.ibvars:2:8: IB004 error: variable 'size' is a number, but the value given is a string" in run.err
    assert "bad.ibvars:3:1: IB002 error: the var file sets 'nope', but no variable 'nope' is declared" in run.err


def test_var_file_syntax_error_has_its_position(project):
    project.write("bad.ibvars", 'env = "prod"\nsize 5\n')
    run = project.compile(PROGRAM, "--var-file", "bad.ibvars")
    assert run.code == 1
    assert "bad.ibvars:2:6: IB001 error: expected" in run.err


def test_usage_errors_exit_2(project):
    assert project.compile(PROGRAM, "--var", "nope=1").code == 2
    run = project.compile(PROGRAM, "--var", "size=big")
    assert run.code == 2 and "variable 'size' is a number" in run.err
    assert project.compile(PROGRAM, "--var", "encrypted=yes").code == 2
    assert project.compile(PROGRAM, "--var", "novalue").code == 2
    assert project.compile(PROGRAM, "--var-file", "missing.ibvars").code == 2


def test_variable_without_value_is_an_error_at_its_use(project):
    run = project.compile(
        SETTINGS + 'variable owner: string\nimage_recipe "web" {\n  semantic_version = "1.0.0"\n'
        '  parent_image = "ami-0123456789abcdef0", components = [aws_component("update-linux", "1.x.x")]\n'
        "  description = var.owner\n}\n"
    )
    assert run.code == 1
    assert "main.ib:9:17: IB008 error: var.owner has no value: pass --var owner=VALUE" in run.err
    assert "main.ib:5:10: note: declared here" in run.err
    run = project.compile(None, "--var", "owner=me")
    assert run.code == 0 and run.resources["web"]["description"] == "me"


def test_unused_variable_without_value_is_fine(project):
    run = project.compile(SETTINGS + "variable unused: string\n")
    assert run.code == 0, run.err
