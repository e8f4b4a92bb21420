from ...domain.awstoe import actions
from ...language import yamldoc as y
from ..documents import documents, input_maps, report, steps, where_step
from ..rule import Rule


def findings(ctx, verdict: str):
    """(doc, step, action) for each step whose action the component's platform `verdict`s."""
    known = actions()
    for doc in documents(ctx):
        if doc.model is None or doc.platform is None:
            continue
        for step in steps(doc.model):
            action = known.get(step.action)
            if action is not None and action.platforms.get(doc.platform) == verdict:
                yield doc, step, action


def check(ctx):
    for doc, step, action in findings(ctx, "no"):
        runs_on = " and ".join(p for p, v in action.platforms.items() if v == "yes") or "no platform"
        report(
            ctx,
            doc,
            step.action_node,
            f"{action.name} does not run on {doc.platform} ({where_step(step)}); it runs on {runs_on}",
        )
    for doc, step, action in findings(ctx, "yes"):
        refused = (action.not_on or {}).get(doc.platform, ())
        for mapping in input_maps(step, action) if refused else ():
            for name, (key, _) in y.members(mapping).items():
                if name in refused:
                    report(
                        ctx, doc, key, f"{action.name} does not support {name} on {doc.platform} ({where_step(step)})"
                    )


RULE = Rule(
    code="IBD005",
    name="action-platform",
    summary="A step whose action module the component's platform cannot run (ExecutePowerShell on Linux, ...).",
    doc="Each AWSTOE action module runs on some platforms only, and the service refuses the "
    'component: "Unsupported action ExecutePowerShell for os platform linux" '
    "(aws-samples/cdk-image-pipeline#135). Reported where the user guide's current "
    "cross-reference and its 2023 text agree: ExecuteBash not on Windows; ExecutePowerShell, "
    "InstallMSI, UninstallMSI and SetRegistry only on Windows; SetFileOwner, SetFolderOwner, "
    "SetFilePermissions and SetFolderPermissions not on Windows; UpdateOS not on macOS; and "
    "CreateFile and CreateFolder take no owner, group or permissions on Windows. Where they "
    "disagree, IBD006 warns.",
    bad="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecutePowerShell
            inputs:
              commands: [Write-Host hello]
    EOT
}
""",
    good="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Windows
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecutePowerShell
            inputs:
              commands: [Write-Host hello]
    EOT
}
""",
    check=check,
    per_document=True,
)
