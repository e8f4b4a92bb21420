from ..documents import every_document, report
from ..rule import Rule


def check(ctx):
    for doc in every_document(ctx):
        for key, first in doc.parsed.duplicates:
            line = doc.resource.origin_at(("data",)).position(first.start_mark.index)[0]
            report(
                ctx,
                doc,
                key,
                f"'{key.value}' is given twice in this mapping (first on line {line} of the document); "
                "YAML readers differ on which one counts",
            )


RULE = Rule(
    code="IBD004",
    name="duplicate-key",
    summary="A key written twice in one mapping of a component or workflow document.",
    doc="PyYAML keeps the last of two equal keys, Go's YAML readers (AWSTOE is written in Go) "
    "refuse them or keep one of them: what runs is not what the reader of the document sees, "
    "typically a second `inputs:` or `commands:` that silently replaces the first. How AWSTOE "
    "treats them is not documented, so this is a warning.",
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
            action: ExecuteBash
            inputs:
              commands: [echo hello]
            inputs:
              commands: [echo world]
    EOT
}
""",
    good="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecuteBash
            inputs:
              commands: [echo hello, echo world]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
