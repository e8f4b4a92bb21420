from ...domain.awstoe import facts
from ...language import yamldoc as y
from ..documents import documents, report, steps, where_step
from ..rule import Rule


def check(ctx):
    limits = facts()["step_numbers"]
    for doc in documents(ctx):
        if doc.model is None:
            continue
        for step in steps(doc.model):
            where = where_step(step)
            timeout, attempts = step.field("timeoutSeconds"), step.field("maxAttempts")
            for name, node in (("timeoutSeconds", timeout), ("maxAttempts", attempts)):
                if node is None or "{{" in (y.text_of(node) or ""):
                    continue
                number = y.integer(node)
                if number is None:
                    report(ctx, doc, node, f"{name} of {where} is a whole number")
                elif name == "timeoutSeconds" and number < limits[name]["min"] and number != limits[name]["infinite"]:
                    report(ctx, doc, node, f"timeoutSeconds of {where} is at least 1, or -1 for no limit; got {number}")
                elif name == "maxAttempts" and number < limits[name]["min"]:
                    report(ctx, doc, node, f"maxAttempts of {where} is at least 1; got {number}")
            if step.action == "ExecuteDocument":
                if y.integer(timeout) not in (None, -1):
                    report(
                        ctx,
                        doc,
                        timeout,
                        f"ExecuteDocument runs without a step timeout: remove timeoutSeconds ({where}) or set -1",
                    )
                if y.integer(attempts) not in (None, 1):
                    report(ctx, doc, attempts, f"ExecuteDocument runs once: remove maxAttempts ({where}) or set 1")
            if step.action == "Reboot" and timeout is not None:
                report(ctx, doc, timeout, f"Reboot does not support a step timeout: remove timeoutSeconds ({where})")


RULE = Rule(
    code="IBD015",
    name="step-number",
    summary="A step's timeoutSeconds or maxAttempts out of range, or set where the action refuses it.",
    doc="`timeoutSeconds` is a whole number of seconds, -1 for no limit (0 and other negative "
    "numbers are invalid); `maxAttempts` a whole number from 1 (user guide, toe-use-documents, "
    "step table). ExecuteDocument forces timeoutSeconds -1 and maxAttempts 1 and fails when they "
    "are set otherwise; Reboot does not support a step timeout (action-module reference).",
    bad="""\
component "patch" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Patch
            action: UpdateOS
            timeoutSeconds: 0
            maxAttempts: 0
    EOT
}
""",
    good="""\
component "patch" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Patch
            action: UpdateOS
            timeoutSeconds: 3600
            maxAttempts: 3
    EOT
}
""",
    check=check,
    per_document=True,
)
