"""Image Builder semantic versions and the ARNs that carry them.

A version has nodes major.minor.patch (assigned by the user) and a build number (assigned by
the service, written /N in build-version ARNs). Assignments are numeric; filters may use `x`
for any node, but once a node is `x` every node after it is `x` too.
"""

from __future__ import annotations

import re

from ..limits import limit

_ARN = re.compile(
    r"^arn:(?P<partition>[^:]+):imagebuilder:(?P<region>[^:]*):(?P<owner>[^:]*):"
    r"(?P<type>[a-z-]+)/(?P<name>[^/]+)(?:/(?P<version>[^/]+))?(?:/(?P<build>[^/]+))?$"
)


class ImageBuilderArn:
    __slots__ = ("partition", "region", "owner", "type", "name", "version", "build")

    def __init__(
        self, partition: str, region: str, owner: str, type: str, name: str, version: str | None, build: str | None
    ) -> None:
        self.partition, self.region, self.owner, self.type = partition, region, owner, type
        self.name, self.version, self.build = name, version, build


def parse_arn(text: str) -> ImageBuilderArn | None:
    match = _ARN.match(text)
    return ImageBuilderArn(**match.groupdict()) if match else None


def max_node() -> int:
    return limit("semantic_version", "max_node")


def is_auto_version(version: str) -> bool:
    """A version with exactly one x node (1.0.x): the service assigns the number on create."""
    nodes = version.split(".")
    return len(nodes) == 3 and nodes.count("x") == 1 and all(n == "x" or (n.isdigit() and n.isascii()) for n in nodes)


def assignment_problem(version: str, auto: bool = False) -> str | None:
    """What is wrong with the shape of a version being assigned (three numeric nodes, or for a
    kind that auto-versions, one node may be x), if anything."""
    if "/" in version:
        base = version.split("/", 1)[0]
        return f"the build number is assigned by Image Builder; write {base!r}, not {version!r}"
    nodes = version.split(".")
    if len(nodes) != 3 or not all(nodes):
        return f"a semantic version has three nodes, major.minor.patch, such as 1.0.0; got {version!r}"
    wildcards = nodes.count("x")
    if wildcards and auto and wildcards > 1:
        return (
            f"a recipe version may hold one x, which Image Builder fills in on each create (1.0.x gives 1.0.0, "
            f"1.0.1, ...); got {version!r}"
        )
    if wildcards and not auto:
        return (
            f"this version is assigned as written: three numbers such as 1.0.0 (a single x, filled in by Image "
            f"Builder, is for image and container recipes); got {version!r}"
        )
    if not all((node.isdigit() and node.isascii()) or (auto and node == "x") for node in nodes):
        return f"each node of a semantic version is a whole number, such as 1.0.0 or 2021.01.01; got {version!r}"
    return None


def filter_problem(version: str, build: str | None) -> str | None:
    """What is wrong with the shape of a version inside an ARN (a filter, a version, or a
    build version), if anything."""
    nodes = version.split(".")
    if len(nodes) != 3 or not all(node == "x" or (node.isdigit() and node.isascii()) for node in nodes):
        return f"a version in an ARN has three nodes, each a number or x, such as 1.x.x; got {version!r}"
    if "x" in nodes:
        first = nodes.index("x")
        if any(node != "x" for node in nodes[first:]):
            fixed = ".".join(nodes[:first] + ["x"] * (3 - first))
            return f"once a node is x every node after it must be x: {fixed!r}, not {version!r}"
        if build is not None:
            return f"a build version (/{build}) needs a full version, not the filter {version!r}"
    if build is not None and not (build.isdigit() and build.isascii()):
        return f"a build number is a whole number; got /{build}"
    return None


def selects(pattern: str, version: str) -> bool:
    """Whether a version filter in an ARN (1.x.x, x.x.x, 1.2.x) covers a version (1.2.0)."""
    nodes, wanted = version.split("."), pattern.split(".")
    return len(nodes) == len(wanted) and all(w == "x" or w == n for n, w in zip(nodes, wanted, strict=True))


def node_limit_problem(version: str) -> str | None:
    """A numeric node above the service's limit, in a version whose shape is right."""
    highest = max_node()
    nodes = [node for node in version.split(".") if node != "x"]
    # Length first: int() of thousands of digits is refused by the interpreter itself.
    too_big = [node for node in nodes if len(node.lstrip("0")) > len(str(highest)) or int(node) > highest]
    if too_big:
        node = too_big[0] if len(too_big[0]) <= 20 else f"{too_big[0][:12]}... ({len(too_big[0])} digits)"
        shown = version if len(version) <= 60 else version[:40] + "..."
        return f"each version node is at most {highest:,} (2^30-1); {node} in {shown!r} is larger"
    return None


def next_auto_version(pattern: str, covered: list[str]) -> str:
    """The version Image Builder assigns to a recipe created with `pattern` (one x), given the
    versions it already covers in ascending order: the x counts up from the newest, from 0."""
    nodes = pattern.split(".")
    at = nodes.index("x")
    number = int(covered[-1].split(".")[at]) + 1 if covered else 0
    return ".".join(str(number) if i == at else node for i, node in enumerate(nodes))


def matches(version_filter: str, version: str) -> bool:
    wanted = version_filter.split(".")
    have = version.split(".")
    return len(wanted) == len(have) == 3 and all(
        w == "x" or _canonical(w) == _canonical(h) for w, h in zip(wanted, have)
    )


def _canonical(node: str) -> str:
    """A numeric node compared as a number (2021.01.01 is 2021.1.1) without int() of it."""
    return node.lstrip("0") or "0"


def ordering_key(version: str):
    """Versions compared by the semver package, nodes normalised to integers first (2021.01.01)."""
    import semver

    major, minor, patch = (int(node) for node in version.split("."))
    return semver.Version(major, minor, patch)
