from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.DUPLICATE_RESOURCE,
    name="duplicate-resource",
    fatal=True,
    summary="Two resources of the same kind and name in one project, as the service compares names.",
    doc="A resource's name is its block label; the service keeps one resource per kind, name and "
    "version, and ibdsl one block per kind and name. The service compares names in lowercase with "
    "spaces and underscores as hyphens (botocore model, CreateComponentRequest.name), so 'Tool', "
    "'tool' and 'my tool' / 'my_tool' / 'my-tool' are one resource each: the second is reported. "
    "Abstract blocks never reach the service and are left out. Rename one, or extend the other.",
    bad="""\
component "tool" {
  semantic_version = "1.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
component "tool" {
  semantic_version = "2.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
    good="""\
component "tool" {
  semantic_version = "1.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
component "tool-v2" {
  semantic_version = "2.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
)
