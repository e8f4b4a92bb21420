"""The resource kinds of the language and the boto3 operations they compile to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    block: str  # the keyword in source: image_recipe "web" { ... }
    output: str  # the kind in compile output and in OUTDIR/<kind>/
    operation: str  # the boto3 imagebuilder method
    rank: int  # apply order: components before the recipes that use them
    versioned: bool  # has a semanticVersion (immutable once created)


KINDS = (
    Kind("component", "component", "create_component", 0, True),
    Kind("image_recipe", "image_recipe", "create_image_recipe", 1, True),
    Kind("container_recipe", "container_recipe", "create_container_recipe", 2, True),
    Kind("distribution", "distribution_configuration", "create_distribution_configuration", 3, False),
)

BLOCK_KINDS = {kind.block: kind for kind in KINDS}
OUTPUT_KINDS = {kind.output: kind for kind in KINDS}
