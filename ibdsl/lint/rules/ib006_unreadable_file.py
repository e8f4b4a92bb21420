from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.UNREADABLE_FILE,
    name="unreadable-file",
    fatal=True,
    summary="An import, file() or var file that cannot be read: missing, a directory, outside the project, not text.",
    doc="Paths in `import` and `file()` are relative to the file that names them and must stay inside "
    "the project root (the entry files' directories, or --root). The message says what was looked "
    "for and where. Always an error; it cannot be ignored.",
    bad="""\
component "setup" {
  semantic_version = "1.0.0"
  platform = "Linux"
  data = file("missing.yaml")
}
""",
    good="""\
component "setup" {
  semantic_version = "1.0.0"
  platform = "Linux"
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
)
