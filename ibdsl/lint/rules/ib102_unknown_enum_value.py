from ... import codes
from ..rule import Rule

RULE = Rule(
    code=codes.UNKNOWN_ENUM_VALUE,
    name="unknown-enum-value",
    summary="A value outside the API's list of allowed values (volume type, platform, ...).",
    doc="Members such as volume_type, platform, container_type or disk_image_format take one of a "
    "fixed list of values (botocore model enums). Case matters: gp3, not GP3.",
    bad="""\
component "tool" {
  semantic_version = "1.0.0"
  platform = linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
    good="""\
component "tool" {
  semantic_version = "1.0.0"
  platform = Linux
  data = "{schemaVersion: 1.0, phases: [{name: build, steps: [{name: S, action: UpdateOS}]}]}"
}
""",
)
