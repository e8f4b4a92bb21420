"""Hypothesis strategies for ibdsl programs: random valid resources, rendered as source in
varied layouts, paired with the payload they must compile to."""

from __future__ import annotations

import base64
import json
import re

from hypothesis import strategies as st

from ibdsl.compile.schema import resolve_ref
from ibdsl.data import schema_text
from ibdsl.domain.kinds import KINDS
from ibdsl.naming import snake

# A valid value for every patterned shape (patterns cannot be sampled blindly).
PATTERN_SAMPLES = {
    "ResourceName": ["sample-name", "Web Server_2", "a-b"],
    "VersionNumber": ["1.0.0", "2021.01.01", "0.0.1073741823"],
    "WildcardVersionNumber": ["1.0.0", "10.20.30"],
    "ComponentVersionArnOrBuildVersionArn": [
        "arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.x.x",
        "arn:aws:imagebuilder:eu-west-1:123456789012:component/my-tool/1.2.3/4",
    ],
    "ComponentParameterName": ["Port", "param name"],
    "ComponentParameterValue": ["8080", "", "a value"],
    "InlineComponentData": ["name: doc\nschemaVersion: 1.0\n"],
    "InlineDockerFileTemplate": ["FROM {{{ imagebuilder:parentImage }}}\n"],
    "TagKey": ["Team", "cost center", "a:b/c=d+e-f@g"],
    "UserDataOverride": ["#!/bin/bash\necho hello\n", "echo ${HOME}"],
    "AmiWatermarkName": ["golden watermark", "(prod)/v1.2@team_a-b"],
    "AmiNameString": ["golden-{{ imagebuilder:buildDate }}", "ami.name:1"],
    "AccountId": ["123456789012"],
    "OrganizationArn": ["arn:aws:organizations::123456789012:organization/o-abcd1234ef"],
    "OrganizationalUnitArn": ["arn:aws:organizations::123456789012:ou/o-abcd1234ef/ou-ab12-cdefgh34"],
    "LicenseConfigurationArn": [
        "arn:aws:license-manager:us-east-1:123456789012:license-configuration:lic-0123456789abcdef0123456789abcdef"
    ],
    "LaunchTemplateId": ["lt-0abc123def4567890"],
    "SsmParameterName": ["/golden/ami", "name.with-dots_1"],
    "InstanceProfileNameType": ["EC2InstanceProfileForImageBuilder", "role+name=a,b.c@d-e"],
    "SnsTopicArn": ["arn:aws:sns:us-east-1:123456789012:image-builds"],
    "HttpTokens": ["optional", "required"],
    "InfrastructureConfigurationArn": [
        "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build"
    ],
    "InlineWorkflowData": ["name: flow\nschemaVersion: 1.0\nsteps: []\n"],
    "ImageRecipeArn": ["arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.x"],
    "ContainerRecipeArn": ["arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/api/2.0.0"],
    "Timezone": ["Etc/UTC", "America/Los_Angeles"],
    "WorkflowVersionArnOrBuildVersionArn": [
        "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x",
        "arn:aws:imagebuilder:eu-west-1:123456789012:workflow/test/my-tests/1.0.0/2",
    ],
    "WorkflowParameterName": ["waitForActionAtEnd", "param name"],
    "WorkflowParameterValue": ["true", "", "a value"],
    "ParallelGroup": ["group-a", "A1+#_-"],
    "RoleNameOrArn": ["ImageBuilderRole", "arn:aws:iam::123456789012:role/path/Role_1"],
    "LogGroupName": ["/aws/imagebuilder/web", "group.name_1"],
    "ImagePipelineArn": ["arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/nightly"],
    "DistributionConfigurationArn": ["arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/copies"],
    "LifecyclePolicyArn": ["arn:aws:imagebuilder:us-east-1:123456789012:lifecycle-policy/cleanup"],
}

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
KEYWORDS = {"true", "false", "import", "variable", "fragment", "abstract", "extends"}


def load_schema(operation: str) -> dict:
    return json.loads(schema_text(operation))


class Word(str):
    """An enum value: rendered as a bare word when the layout asks for it and it can be."""


class Text(str):
    """A string rendered as a heredoc when it is multi-line and the layout allows."""


# --- values ------------------------------------------------------------------------------

plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=24,
)


@st.composite
def value_for(draw, schema, node, depth=0):
    """(source value with snake keys, expected payload value)."""
    shape, node = resolve_ref(schema, node)
    kind = node["type"]
    if kind == "object" and "properties" in node:
        required = set(node.get("required", ()))
        optional = [n for n in node["properties"] if n not in required]
        chosen = (
            required | set(draw(st.lists(st.sampled_from(optional), unique=True, max_size=4))) if optional else required
        )
        source, payload = {}, {}
        for name in node["properties"]:
            if name in chosen:
                source[snake(name)], payload[name] = draw(value_for(schema, node["properties"][name], depth + 1))
        return source, payload
    if kind == "object":
        keys = draw(
            st.lists(
                st.text(alphabet="abcXYZ019_.:/=+-@ ", min_size=1, max_size=10).filter(
                    lambda k: not k.startswith("aws:")
                ),
                min_size=node.get("minProperties", 0),
                max_size=3,
                unique=True,
            )
        )
        source, payload = {}, {}
        for key in keys:
            source[key], payload[key] = draw(value_for(schema, node["additionalProperties"], depth + 1))
        return source, dict(sorted(payload.items()))
    if kind == "array":
        low = node.get("minItems", 0)
        high = min(node.get("maxItems", 3), 3 if depth < 3 else 1)
        items = draw(st.lists(value_for(schema, node["items"], depth + 1), min_size=low, max_size=max(low, high)))
        return [s for s, _ in items], [p for _, p in items]
    if kind == "boolean":
        flag = draw(st.booleans())
        return flag, flag
    if kind == "integer":
        number = draw(st.integers(min_value=node.get("minimum", 0), max_value=node.get("maximum", 10**6)))
        return number, number
    if "enum" in node:
        choice = draw(st.sampled_from(node["enum"]))
        return Word(choice), choice
    if shape in PATTERN_SAMPLES:
        text = draw(st.sampled_from(PATTERN_SAMPLES[shape]))
    elif node.get("maxLength") == 0:
        text = ""
    else:
        text = draw(plain_text.filter(lambda t: len(t) <= node.get("maxLength", 1024)))
    if shape == "UserDataOverride":
        return Text(text), base64.b64encode(text.encode()).decode()
    return Text(text), text


# --- rendering ---------------------------------------------------------------------------


def quote(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\u2028\u2029\x85":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out).replace("${", "$${") + '"'


def key_text(key: str) -> str:
    return key if NAME.fullmatch(key) and key not in KEYWORDS else quote(key)


class Layout:
    def __init__(
        self,
        indent: int = 2,
        commas: bool = False,
        blocks: bool = True,
        bare: bool = True,
        heredocs: bool = True,
        comments: bool = False,
    ):
        self.indent, self.commas, self.blocks, self.bare, self.heredocs, self.comments = (
            indent,
            commas,
            blocks,
            bare,
            heredocs,
            comments,
        )

    def value(self, value, level: int) -> str:
        if isinstance(value, Word) and self.bare and NAME.fullmatch(value) and value not in KEYWORDS:
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            if (
                self.heredocs
                and isinstance(value, Text)
                and value.endswith("\n")
                and "\r" not in value
                and _heredoc_safe(value)
            ):
                return "<<'EOT'\n" + value + "EOT"
            return quote(value)
        if isinstance(value, list):
            return "[" + ", ".join(self.value(item, level) for item in value) + "]"
        return self.body(value, level)

    def body(self, mapping: dict, level: int) -> str:
        if not mapping:
            return "{}"
        pad = " " * (self.indent * (level + 1))
        lines = []
        for key, item in mapping.items():
            comment = "  # note" if self.comments else ""
            if self.blocks and isinstance(item, dict) and item and NAME.fullmatch(key) and key not in KEYWORDS:
                lines.append(f"{pad}{key_text(key)} {self.body(item, level + 1)}{comment}")
            else:
                lines.append(
                    f"{pad}{key_text(key)} = {self.value(item, level + 1)}{',' if self.commas else ''}{comment}"
                )
        return "{\n" + "\n".join(lines) + "\n" + " " * (self.indent * level) + "}"


def _heredoc_safe(text: str) -> bool:
    lines = text.split("\n")[:-1]
    return all(line.strip() != "EOT" for line in lines)


layouts = st.builds(
    Layout,
    indent=st.sampled_from([2, 4]),
    commas=st.booleans(),
    blocks=st.booleans(),
    bare=st.booleans(),
    heredocs=st.booleans(),
    comments=st.booleans(),
)


@st.composite
def resources(draw, kind=None):
    """(kind, name, source text of one block, expected payload)."""
    kind = kind or draw(st.sampled_from(KINDS))
    schema = load_schema(kind.operation)
    source, payload = draw(value_for(schema, schema))
    name = payload["name"]
    del source["name"]
    layout = draw(layouts)
    text = f"{kind.block} {quote(name)} {layout.body(source, 0)}\n"
    return kind, name, text, payload


@st.composite
def programs(draw):
    """(source text, {(kind, name): payload}) for one to three resources with distinct names."""
    items = draw(st.lists(resources(), min_size=1, max_size=3, unique_by=lambda r: (r[0].block, r[1])))
    text = "".join(item[2] for item in items)
    return text, {(kind.output, name): payload for kind, name, _, payload in items}
