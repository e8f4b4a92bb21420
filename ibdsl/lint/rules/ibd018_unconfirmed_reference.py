from ..documents import report
from ..rule import Rule
from .ibd012_document_reference import INFERRED, problems


def check(ctx):
    for doc, start, end, message, kind in problems(ctx):
        if kind == INFERRED:
            report(ctx, doc, (start, end), message)


RULE = Rule(
    code="IBD018",
    name="unconfirmed-reference",
    summary="A {{ phase.step... }} chain to the same or a later step, or to an input that step does not set.",
    doc="The user guide describes a step's outputs and inputs feeding a subsequent step "
    "(toe-use-documents, chaining); a chain to the step itself or to one that runs later has "
    "nothing to give yet, and `inputs[0].key` names an input of that step. That these fail is "
    "inferred, not stated, so this is a warning (IBD012 reports what the guide states).",
    bad="""\
component "tools" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Run
            action: ExecuteBash
            inputs:
              commands: ["bash {{ build.Download.inputs[0].destination }}"]
          - name: Download
            action: S3Download
            inputs:
              - source: s3://my-bucket/setup.sh
                destination: /tmp/setup.sh
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
            inputs:
              - source: s3://my-bucket/setup.sh
                destination: /tmp/setup.sh
          - name: Run
            action: ExecuteBash
            inputs:
              commands: ["bash {{ build.Download.inputs[0].destination }}"]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
