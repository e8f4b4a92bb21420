"""The resource kinds: one record per kind holds every fact about it that ibdsl needs.

Most facts follow from the kind's API noun (`output`) by Image Builder's naming conventions:
create_<noun>, get_<noun>, update_<noun>, delete_<noun>, list_<noun>s; the get response holds
the resource under camel(<noun>); the ARN parameter and the create response's ARN are
camel(<noun>) + "Arn"; the ARN resource type is the noun with hyphens; the CloudFormation type
is AWS::ImageBuilder::<PascalNoun>. A record states only where a kind departs from them.
tests/test_kinds.py checks every derived name against botocore's model.
Adding a kind: docs/CONTRIBUTING.md, "Adding a kind".
"""

from __future__ import annotations

# How a kind's versions come about:
UNVERSIONED = "none"
SEMANTIC = "semantic"  # the source assigns major.minor.patch; immutable once created
SEMANTIC_AND_BUILD = "semantic+build"  # as SEMANTIC, and the service numbers builds (.../1.0.0/1)
# As SEMANTIC, or a version with one x that the service fills in on each create (1.0.x: 1.0.0,
# 1.0.1, ...): recipes since the November 2025 release (botocore 1.44.8: WildcardVersionNumber).
SEMANTIC_OR_AUTO = "semantic|auto"

# What push may do when the service has the resource with other content:
NO_UPDATE = "none"  # nothing: it is a conflict (versioned kinds: bump the version)
REPLACE = "replace"  # update_<noun> with the members it takes; tags through tag/untag_resource
TAGS_ONLY = "tags"  # only tags change in place; any other difference is a conflict


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)


class Kind:
    __slots__ = (
        "block", "output", "versioning", "update", "references", "not_returned",
        "operation", "get", "update_operation", "delete", "list", "list_key",
        "response_key", "arn_parameter", "create_arn_key", "arn_type", "cloudformation",
        "arn_segment", "server_defaults", "switch_members",
    )  # fmt: skip

    def __init__(
        self,
        block: str,
        output: str,
        *,
        versioning: str = UNVERSIONED,
        update: str = NO_UPDATE,
        references: tuple[str, ...] = (),
        not_returned: frozenset[str] = frozenset(),
        arn_parameter: str | None = None,
        list_operation: str | None = None,
        list_key: str | None = None,
        arn_segment: str | None = None,
        server_defaults: dict | None = None,
        switch_members: tuple[str, ...] = (),
    ):
        self.block = block  # the keyword in source: image_recipe "web" { ... }; also <block>.NAME
        self.output = output  # the API noun; the kind in compile output and OUTDIR/<kind>/
        self.versioning = versioning
        self.update = update
        self.references = references  # blocks whose <block>.NAME this kind's members may use
        self.not_returned = not_returned  # create members the get response does not echo
        self.operation = f"create_{output}"
        self.get = f"get_{output}"
        self.update_operation = f"update_{output}" if update == REPLACE else None
        self.delete = f"delete_{output}"
        self.list = list_operation or f"list_{output}s"
        self.response_key = _camel(output)
        self.arn_parameter = arn_parameter or f"{self.response_key}Arn"
        self.create_arn_key = self.arn_parameter
        self.list_key = list_key or f"{self.response_key}SummaryList"
        self.arn_type = output.replace("_", "-")
        self.cloudformation = "AWS::ImageBuilder::" + "".join(part.title() for part in output.split("_"))
        # A create member whose value (lowercased) is part of the ARN after its type, as a
        # workflow's type is: .../workflow/build/NAME/1.0.0.
        self.arn_segment = arn_segment
        # What the service stores for a member the create payload leaves out: equal to being
        # absent when push compares (botocore 1.44.8 docs; STACK.md sections 1-3).
        self.server_defaults = server_defaults or {}
        # Members of which a resource has one, and the update cannot trade for another: a
        # pipeline's image or container recipe. Trading one is a delete and a create.
        self.switch_members = switch_members

    def arn(self, partition: str, region: str, owner: str, name: str, version: str | None, segment: str | None) -> str:
        """The ARN of a resource of this kind; `name` as written (the service normalises it),
        `segment` the value of arn_segment (a workflow's type), `version` for versioned kinds."""
        from .arns import arn_name, imagebuilder_arn

        arn_type = f"{self.arn_type}/{segment.lower()}" if self.arn_segment and segment else self.arn_type
        return imagebuilder_arn(partition, region, owner, arn_type, arn_name(name), version if self.versioned else None)

    @property
    def versioned(self) -> bool:
        return self.versioning != UNVERSIONED

    @property
    def auto_versions(self) -> bool:
        """May its source version hold one x that the service fills in?"""
        return self.versioning == SEMANTIC_OR_AUTO

    def __repr__(self) -> str:
        return f"Kind({self.block!r})"


# A get does not echo the name and version (they are the ARN), nor a URI a document or
# template was read from (the service keeps the text), nor the overrides a container recipe
# was created with: none of these can be compared.
_IN_THE_ARN = frozenset({"name", "semanticVersion"})

# Declaration order is the tie-break of the apply order (which follows references) and the
# order of kinds in listings.
KINDS = (
    Kind(
        "component",
        "component",
        versioning=SEMANTIC_AND_BUILD,
        references=("component",),
        not_returned=_IN_THE_ARN | {"uri"},
        arn_parameter="componentBuildVersionArn",
        list_key="componentVersionList",
    ),
    Kind(
        "image_recipe",
        "image_recipe",
        versioning=SEMANTIC_OR_AUTO,
        references=("component",),
        not_returned=_IN_THE_ARN,
    ),
    Kind(
        "container_recipe",
        "container_recipe",
        versioning=SEMANTIC_OR_AUTO,
        references=("component",),
        not_returned=_IN_THE_ARN | {"dockerfileTemplateUri", "platformOverride", "imageOsVersionOverride"},
    ),
    Kind(
        "distribution",
        "distribution_configuration",
        update=REPLACE,
        references=("component",),
        not_returned=frozenset({"name"}),
    ),
    Kind(
        "infrastructure_configuration",
        "infrastructure_configuration",
        update=REPLACE,
        not_returned=frozenset({"name"}),
        server_defaults={"terminateInstanceOnFailure": True, "terminateInstanceOnCompletion": True},
    ),
    Kind(
        "workflow",
        "workflow",
        versioning=SEMANTIC_AND_BUILD,
        not_returned=_IN_THE_ARN | {"uri"},
        arn_parameter="workflowBuildVersionArn",
        list_key="workflowVersionList",
        arn_segment="type",
    ),
    Kind(
        "image_pipeline",
        "image_pipeline",
        update=REPLACE,
        references=(
            "component",
            "image_recipe",
            "container_recipe",
            "infrastructure_configuration",
            "distribution",
            "workflow",
        ),
        not_returned=frozenset({"name"}),
        list_key="imagePipelineList",
        switch_members=("imageRecipeArn", "containerRecipeArn"),
        server_defaults={
            "enhancedImageMetadataEnabled": True,
            "status": "ENABLED",
            "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": 720},
        },
    ),
    Kind(
        "lifecycle_policy",
        "lifecycle_policy",
        update=REPLACE,
        not_returned=frozenset({"name"}),
        list_operation="list_lifecycle_policies",
        server_defaults={"status": "ENABLED"},
    ),
)

BLOCK_KINDS = {kind.block: kind for kind in KINDS}
OUTPUT_KINDS = {kind.output: kind for kind in KINDS}
RESPONSE_KINDS = {kind.response_key: kind for kind in KINDS}
CLOUDFORMATION_KINDS = {kind.cloudformation: kind for kind in KINDS}

COMPONENT = BLOCK_KINDS["component"]
IMAGE_RECIPE = BLOCK_KINDS["image_recipe"]
CONTAINER_RECIPE = BLOCK_KINDS["container_recipe"]
DISTRIBUTION = BLOCK_KINDS["distribution"]
INFRASTRUCTURE = BLOCK_KINDS["infrastructure_configuration"]
WORKFLOW = BLOCK_KINDS["workflow"]
PIPELINE = BLOCK_KINDS["image_pipeline"]
LIFECYCLE_POLICY = BLOCK_KINDS["lifecycle_policy"]
RECIPES = (IMAGE_RECIPE, CONTAINER_RECIPE)
