from ..rule import Rule
from ..walk import components, display


def check(ctx):
    seen: dict[tuple, tuple] = {}
    for part in components(ctx.resources):
        arn = part.value.get("componentArn")
        if not isinstance(arn, str):
            continue
        key = (id(part.resource), arn)
        if key in seen:
            path = part.path + ("componentArn",)
            ctx.report(part.resource, path, f"{display(path)}: {arn} is already {display(seen[key])}; a recipe lists a component once")
        else:
            seen[key] = part.path


RULE = Rule(
    code="IB502",
    name="duplicate-component",
    summary="The same component twice in one recipe.",
    doc="A recipe runs each component once; listing one twice is refused. With extends this happens "
    "when a child appends a component its parent already has: check with `components -= [...]`.",
    bad='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
    '  components = [aws_component("update-linux", "1.x.x"), aws_component("update-linux", "1.x.x")]\n}\n',
    good='image_recipe "web" {\n  semantic_version = "1.0.0"\n  parent_image = "ami-0123456789abcdef0"\n'
    '  components = [aws_component("update-linux", "1.x.x")]\n}\n',
    check=check,
)
