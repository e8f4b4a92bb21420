from ..rule import Rule

RULE = Rule(
    code="IB102",
    name="unknown-enum-value",
    summary="A value outside the API's list of allowed values (volume type, platform, ...).",
    doc="Members such as volume_type, platform, container_type or disk_image_format take one of a "
    "fixed list of values (botocore model enums). Case matters: gp3, not GP3.",
    bad='component "tool" {\n  semantic_version = "1.0.0"\n  platform = linux\n  data = "x"\n}\n',
    good='component "tool" {\n  semantic_version = "1.0.0"\n  platform = Linux\n  data = "x"\n}\n',
)
