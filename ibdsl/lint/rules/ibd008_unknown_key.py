from ...domain.awstoe import actions, did_you_mean, facts
from ...language import yamldoc as y
from ..documents import documents, input_maps, report, steps, where_step
from ..rule import Rule


def check(ctx):
    known = actions()
    for doc in documents(ctx):
        model = doc.model
        if model is None:
            continue
        _keys(ctx, doc, model.top, facts()["top_keys"], "the document")
        for phase in model.phases:
            _keys(ctx, doc, y.members(phase.node), facts()["phase_keys"], f"phase '{phase.name}'")
        for step in steps(model):
            _keys(ctx, doc, step.fields, facts()["step_keys"], where_step(step))
            action = known.get(step.action)
            if action is None or action.shape == "condition":
                continue
            for mapping in input_maps(step, action):
                _keys(ctx, doc, y.members(mapping), action.inputs, f"{action.name} ({where_step(step)})", "input ")


def _keys(ctx, doc, given, allowed, where, what="key "):
    for name, (key, _) in given.items():
        if name not in allowed:
            hint = did_you_mean(name, allowed, f"; it takes {', '.join(allowed)}")
            report(ctx, doc, key, f"unknown {what}'{name}' in {where}{hint}")


RULE = Rule(
    code="IBD008",
    name="unknown-key",
    summary="A key the AWSTOE documentation does not list: a misspelt input, step field or top-level key.",
    doc="A misspelt input (`destinaton`) or step field (`timeoutSecond`) is usually a mistake "
    "that silently does nothing. Whether AWSTOE refuses keys it does not know is not "
    "documented, and an AWS sample passes `force` to DeleteFile (a DeleteFolder input), so "
    "this is a warning, with the nearest documented key.",
    bad="""\
component "tools" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Download
            action: S3Download
            timeoutSecond: 600
            inputs:
              - source: s3://my-bucket/tools.tar.gz
                destinaton: /tmp/tools.tar.gz
    EOT
}
""",
    good="""\
component "tools" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Download
            action: S3Download
            timeoutSeconds: 600
            inputs:
              - source: s3://my-bucket/tools.tar.gz
                destination: /tmp/tools.tar.gz
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
