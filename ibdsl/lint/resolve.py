"""Which concrete version each version reference in a project selects, from a catalog."""

from __future__ import annotations

from ..compile.payloads import Part, display, version_arns
from ..domain.arns import arn_name
from ..domain.catalog import Catalog, Resolution
from ..domain.kinds import COMPONENT
from ..domain.versions import parse_arn


class Reference:
    __slots__ = ("part", "type", "owner", "name", "wanted", "resolution", "problem")

    def __init__(
        self,
        part: Part,  # where the ARN sits in a payload
        type: str,  # component or image
        owner: str,
        name: str,
        wanted: str,  # the version or filter, with /build when given
        resolution: Resolution | None,
        problem: str | None,  # why nothing was selected
    ) -> None:
        self.part, self.type, self.owner, self.name = part, type, owner, name
        self.wanted, self.resolution, self.problem = wanted, resolution, problem

    @property
    def where(self) -> str:
        return display(self.part.path)


def references(resources, catalog: Catalog) -> list[Reference]:
    """Every component and image version named by an ARN, except this project's own components."""
    own = {arn_name(r.name) for r in resources if r.kind is COMPONENT}
    found = []
    for part in version_arns(resources):
        arn = parse_arn(part.value)
        if arn is None or arn.version is None or arn.type not in ("component", "image"):
            continue
        if arn.type == "component" and arn.owner != "aws" and arn.name in own:
            continue  # created by this project's push, not looked up
        wanted = arn.version if arn.build is None else f"{arn.version}/{arn.build}"
        resolution, problem = None, None
        if not catalog.knows(arn.type, arn.owner, arn.name):
            problem = f"the catalog has no {arn.type} '{arn.name}' owned by {arn.owner}"
        else:
            try:
                resolution = catalog.resolve(arn.type, arn.owner, arn.name, arn.version, arn.build)
            except ValueError:
                resolution = None  # not a well-formed version: IB202 reports it
            if resolution is None:
                newest = ", ".join(catalog.versions(arn.type, arn.owner, arn.name)[-5:])
                problem = (
                    f"no version of {arn.type} '{arn.name}' matches {wanted} in the catalog (newest known: {newest})"
                )
        found.append(Reference(part, arn.type, arn.owner, arn.name, wanted, resolution, problem))
    return found
