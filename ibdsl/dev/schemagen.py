"""Generate ibdsl/data/schemas/*.json from botocore's imagebuilder service model.

Run ``python -m ibdsl.dev.schemagen`` after upgrading botocore; tests/test_schemas.py regenerates
the schemas and fails when the committed files differ. This module is the only place that
reads the service model at build time; nothing on the compile or lint path imports it.

Each schema is JSON Schema draft 2020-12 for the keyword arguments of one boto3 create
operation, without ``clientToken`` (the pusher derives it) and ``dryRun`` (a per-call switch,
not resource content). Every botocore shape becomes one entry of ``$defs`` named after the
shape, so diagnostics can name the shape and the validator can look up domain words.

Two annotations beyond the standard vocabulary carry the words diagnostics use:
``x-pattern-words`` says in plain language what a patterned string must look like, and
``x-unit`` names the unit of a number (GiB, IOPS, MiB/s).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..domain.kinds import KINDS


def _pascal(snake: str) -> str:
    return "".join(part.title() for part in snake.split("_"))


# boto3 method -> model operation: every kind's create, and its update where push uses one
# (the update's members are what push sends).
OPERATIONS = {
    method: _pascal(method)
    for kind in KINDS
    for method in (kind.operation, kind.update_operation)
    if method is not None
}

EXCLUDED_MEMBERS = {"clientToken", "dryRun"}

# What each patterned shape allows, in words a user understands. The generator refuses to
# run when a patterned shape has no entry here, so a model upgrade cannot slip a raw regex
# into a diagnostic.
PATTERN_WORDS = {
    "ResourceName": "3 to 128 characters: letters, digits, '-', '_' and spaces, not starting or ending with a space",
    "VersionNumber": "a semantic version of three numbers, such as 1.0.0",
    "WildcardVersionNumber": "a semantic version of three numbers, such as 1.0.0",
    "ComponentVersionArnOrBuildVersionArn": (
        "a component ARN such as arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x "
        "(a version or version filter), or a build-version ARN ending in /N"
    ),
    "DistributionConfigurationArn": (
        "a distribution configuration ARN such as "
        "arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/my-name"
    ),
    "InstanceProfileNameType": "an instance profile name: letters, digits and _ + = , . @ -",
    "SnsTopicArn": "an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:image-builds",
    "HttpTokens": "optional or required",
    "InfrastructureConfigurationArn": (
        "an infrastructure configuration ARN such as "
        "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/my-name"
    ),
    "InlineWorkflowData": "a workflow document without NUL characters",
    "ImageRecipeArn": (
        "an image recipe ARN such as arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/my-name/1.0.0 "
        "(a version node may be x)"
    ),
    "ContainerRecipeArn": (
        "a container recipe ARN such as arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/my-name/1.0.0 "
        "(a version node may be x)"
    ),
    "Timezone": "an IANA time zone such as Etc/UTC or America/Los_Angeles",
    "WorkflowVersionArnOrBuildVersionArn": (
        "a workflow ARN such as arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x "
        "(a version or version filter), or a build-version ARN ending in /N"
    ),
    "WorkflowParameterName": "a parameter name without NUL characters",
    "WorkflowParameterValue": "text without NUL characters",
    "ParallelGroup": "1 to 100 characters: letters, digits and - _ + #, starting with a letter or digit",
    "RoleNameOrArn": "an IAM role name, or a role ARN such as arn:aws:iam::111122223333:role/my-role",
    "LogGroupName": "1 to 512 characters: letters, digits and - _ / .",
    "ImagePipelineArn": (
        "an image pipeline ARN such as arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/my-name"
    ),
    "LifecyclePolicyArn": (
        "a lifecycle policy ARN such as arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/my-name"
    ),
    "ComponentParameterName": "a parameter name without NUL characters",
    "ComponentParameterValue": "text without NUL characters",
    "InlineComponentData": "a component document without NUL characters",
    "InlineDockerFileTemplate": "a Dockerfile template without NUL characters",
    "TagKey": "letters, digits, spaces and _ . : / = + - @, not starting with 'aws:'",
    "UserDataOverride": "base64-encoded text",
    "AmiNameString": (
        "at least 3 characters: letters, digits, spaces and - _ : . { }, starting with a letter, digit, '-', '_' or '{' "
        "and ending with a letter, digit, '-', '_' or '}'"
    ),
    "AmiWatermarkName": "3 to 128 characters: letters, digits, spaces and ( ) [ ] . / ' @ _ -, not starting or ending with a space",
    "AccountId": "a 12-digit AWS account id",
    "OrganizationArn": "an organization ARN such as arn:aws:organizations::111122223333:organization/o-abcd1234ef",
    "OrganizationalUnitArn": (
        "an organizational unit ARN such as arn:aws:organizations::111122223333:ou/o-abcd1234ef/ou-ab12-cdefgh34"
    ),
    "LicenseConfigurationArn": (
        "a License Manager configuration ARN such as "
        "arn:aws:license-manager:us-east-1:111122223333:license-configuration:lic-<32 characters>"
    ),
    "LaunchTemplateId": "a launch template id: 'lt-' followed by 17 lowercase letters, digits, '-' or '_'",
    "SsmParameterName": "letters, digits and _ . - /",
}

UNITS = {
    "EbsVolumeSizeInteger": "GiB",
    "EbsIopsInteger": "IOPS",
    "EbsVolumeThroughput": "MiB/s",
}

JSON_TYPES = {"string": "string", "integer": "integer", "long": "integer", "boolean": "boolean"}


def anchored(pattern: str) -> str:
    """The service matches a pattern against the whole value; JSON Schema searches."""
    return f"^(?:{pattern})$"


class SchemaBuilder:
    def __init__(self) -> None:
        self.defs: dict[str, dict] = {}

    def ref(self, shape) -> dict:
        if shape.name not in self.defs:
            self.defs[shape.name] = {}  # placeholder first: recursive shapes terminate
            self.defs[shape.name] = self.build(shape)
        return {"$ref": f"#/$defs/{shape.name}"}

    def build(self, shape) -> dict:
        meta = shape.metadata
        kind = shape.type_name
        if kind == "structure":
            out: dict = {"type": "object", "properties": {}, "additionalProperties": False}
            for name, member in shape.members.items():
                if name in EXCLUDED_MEMBERS:
                    continue
                out["properties"][name] = self.ref(member)
            required = [r for r in shape.required_members if r not in EXCLUDED_MEMBERS]
            if required:
                out["required"] = required
            return out
        if kind == "list":
            out = {"type": "array", "items": self.ref(shape.member)}
            if "min" in meta:
                out["minItems"] = meta["min"]
            if "max" in meta:
                out["maxItems"] = meta["max"]
            return out
        if kind == "map":
            out = {
                "type": "object",
                "propertyNames": self.ref(shape.key),
                "additionalProperties": self.ref(shape.value),
            }
            if "min" in meta:
                out["minProperties"] = meta["min"]
            if "max" in meta:
                out["maxProperties"] = meta["max"]
            return out
        if kind not in JSON_TYPES:
            raise SystemExit(f"schemagen: shape {shape.name} has unsupported type {kind}")
        out = {"type": JSON_TYPES[kind]}
        if kind == "string":
            if shape.enum:
                out["enum"] = list(shape.enum)
            if "min" in meta:
                out["minLength"] = meta["min"]
            if "max" in meta:
                out["maxLength"] = meta["max"]
            if "pattern" in meta:
                if shape.name not in PATTERN_WORDS:
                    raise SystemExit(
                        f"schemagen: shape {shape.name} has pattern {meta['pattern']!r} but no "
                        "entry in PATTERN_WORDS; describe it in words first"
                    )
                out["pattern"] = anchored(meta["pattern"])
                out["x-pattern-words"] = PATTERN_WORDS[shape.name]
        else:
            if "min" in meta:
                out["minimum"] = meta["min"]
            if "max" in meta:
                out["maximum"] = meta["max"]
            if shape.name in UNITS:
                out["x-unit"] = UNITS[shape.name]
        return out


def operation_schema(model, method: str, operation: str) -> dict:
    builder = SchemaBuilder()
    body = builder.build(model.operation_model(operation).input_shape)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:ibdsl:schema:{method}",
        "title": f"imagebuilder.{method} payload",
        "description": (
            f"Keyword arguments of boto3 imagebuilder.{method} without clientToken. "
            "Generated by 'python -m ibdsl.dev.schemagen' from the botocore service model; do not edit."
        ),
        **body,
        "$defs": dict(sorted(builder.defs.items())),
    }


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generate() -> dict[str, str]:
    """File name -> file text for every schema."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("imagebuilder")
    return {f"{method}.json": render(operation_schema(model, method, op)) for method, op in OPERATIONS.items()}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "data" / "schemas"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (out_dir / name).write_text(text, encoding="utf-8")
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
