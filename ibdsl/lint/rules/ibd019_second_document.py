from ..documents import every_document, report
from ..rule import Rule


def check(ctx):
    for doc in every_document(ctx):
        start = doc.parsed.second_document
        if start is not None:
            report(
                ctx,
                doc,
                (start, start + 3),
                f"a second YAML document starts here; the {doc.kind} document is the first, and whether "
                "AWSTOE ignores or refuses the rest is not documented: remove this --- and what follows",
            )


RULE = Rule(
    code="IBD019",
    name="second-document",
    summary="A component or workflow document holding more than one YAML document (a --- after the first).",
    doc="A component document is one YAML document. A `---` after it starts another: Go's "
    "`yaml.Unmarshal` (AWSTOE is written in Go) reads the first document and ignores the rest, "
    "but what AWSTOE does is not documented, so this is a warning, and only the first "
    "document is checked. A trailing `---` left by an editor or a template is the usual case; "
    "a `---` before the first document is fine. This was IBD002's error at first.",
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
              commands: ["echo hello"]
    ---
    EOT
}
""",
    good="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-EOT
    ---
    schemaVersion: 1.0
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecuteBash
            inputs:
              commands: ["echo hello"]
    EOT
}
""",
    severity="warning",
    check=check,
    per_document=True,
)
