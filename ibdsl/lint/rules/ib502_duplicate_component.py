from ...compile.payloads import components, display, repeats
from ..rule import Rule


def check(ctx):
    def arn(part):
        value = part.value.get("componentArn")
        return value if isinstance(value, str) else None

    for part, first in repeats(components(ctx.resources), arn):
        path = part.path + ("componentArn",)
        ctx.report(
            part.resource,
            path,
            f"{display(path)}: {arn(part)} is already {display(first)}; a recipe lists a component once",
        )


RULE = Rule(
    code="IB502",
    name="duplicate-component",
    summary="The same component twice in one recipe.",
    doc="A recipe runs each component once; listing one twice is refused. With extends this happens "
    "when a child appends a component its parent already has: check with `components -= [...]`.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x"), aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    check=check,
)
