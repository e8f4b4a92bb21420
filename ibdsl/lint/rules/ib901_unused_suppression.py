from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.UNUSED_SUPPRESSION,
    name="unused-suppression",
    severity="warning",
    summary="An `# ibdsl: ignore[CODE]` comment that suppresses nothing.",
    doc="A suppression applies to findings that start on its line. One that matches nothing is "
    "stale (the problem was fixed, or the code or line is wrong) and hides the next real finding "
    "there. Findings that stop compilation (the fatal rules: IB001 to IB009, IB107, IB108, IB702) "
    "cannot be suppressed.",
    bad="""\
image_recipe "web" {
  semantic_version = "1.0.0"  # ibdsl: ignore[IB201]
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
    good="""\
image_recipe "web" {
  semantic_version = "1.0.0"
  parent_image = "ami-0123456789abcdef0"
  components = [aws_component("update-linux", "1.x.x")]
}
""",
)
