from ..documents import every_document, report
from ..rule import Rule


def check(ctx):
    for doc in every_document(ctx):
        parsed = doc.parsed
        if parsed.error is not None:
            problem = parsed.error
            message = f"the {doc.kind} document is not valid YAML: {problem.message}"
            if _starts_with_template(doc.text, problem.start):
                message += "; a value that starts with {{ must be quoted: '{{ Name }}/rest'"
            report(ctx, doc, (problem.start, problem.end), message)
        for node in parsed.unquoted_templates:
            written = doc.text[node.start_mark.index : node.end_mark.index].split("\n", 1)[0]
            report(
                ctx,
                doc,
                node,
                f"a value that starts with {{{{ must be quoted: without quotes YAML reads {written} as a mapping, "
                f"not text; write '{written}'",
            )


def _starts_with_template(text: str, offset: int) -> bool:
    """Whether the line of a YAML error has a plain value starting with {{ (the usual cause)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : end if end >= 0 else len(text)]
    stripped = line.lstrip(" -")
    value = stripped.split(": ", 1)[1].lstrip() if ": " in stripped else stripped
    return value.startswith("{{")


RULE = Rule(
    code="IBD002",
    name="document-syntax",
    summary="A component or workflow document that is not valid YAML, at the place YAML stops reading.",
    doc='The service refuses a document that does not parse ("The value supplied for parameter '
    "'data' is not valid\"), and so does `awstoe validate`. Two published components fail this "
    "way (a stray quote; a script given to `commands:` without a list). The commonest cause is "
    "an expression at the start of a value without quotes: `- {{ Dir }}/setup.sh` is a YAML "
    "mapping, not text (the user guide asks for quotes); `{{ }}` in the middle of a value or in "
    "a `|` block is fine. The finding points at the character inside the heredoc, or in the "
    "file that file() read. A second YAML document after the first (`---`) is IBD019's "
    "warning, not an error here.",
    bad="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-'EOT'
    schemaVersion: 1.0
    constants:
      - Greeting:
          type: string
          value: hello
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecuteBash
            inputs:
              commands:
                - {{ Greeting }} world
    EOT
}
""",
    good="""\
component "hello" {
  semantic_version = "1.0.0"
  platform         = Linux
  data             = <<-'EOT'
    schemaVersion: 1.0
    constants:
      - Greeting:
          type: string
          value: hello
    phases:
      - name: build
        steps:
          - name: Hello
            action: ExecuteBash
            inputs:
              commands:
                - echo '{{ Greeting }} world'
    EOT
}
""",
    check=check,
    per_document=True,
)
