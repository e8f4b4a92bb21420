from ..documents import report, where_step
from ..rule import Rule
from .ibd005_action_platform import findings


def check(ctx):
    for doc, step, action in findings(ctx, "disputed"):
        report(
            ctx,
            doc,
            step.action_node,
            f"{action.name} on {doc.platform} ({where_step(step)}): the user guide's pages disagree on whether "
            f"{doc.platform} supports it; try the document with awstoe validate on a {doc.platform} instance",
        )


RULE = Rule(
    code="IBD006",
    name="action-platform-unconfirmed",
    summary="A step whose action the sources disagree about on the component's platform.",
    doc="The current action-module cross-reference lists CreateSymlink on Windows while the "
    '2023 text says "not supported on Windows"; ExecutePowerShell on macOS is in neither. '
    "A warning, not an error: the service may accept it.",
    bad="""\
component "links" {
  semantic_version = "1.0.0"
  platform         = Windows
  data             = <<-'EOT'
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Link
            action: CreateSymlink
            inputs:
              - path: C:\\tools\\current
                target: C:\\tools\\v2
    EOT
}
""",
    good="""\
component "links" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-'EOT'
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Link
            action: CreateSymlink
            inputs:
              - path: /opt/tools/current
                target: /opt/tools/v2
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
