"""The offline catalog: known component and image versions, and version-filter resolution.

A catalog is a JSON file:

    {
      "format": "ibdsl-catalog/1",
      "region": "us-east-1",
      "components": [
        {"owner": "aws", "name": "update-linux", "versions": {"1.0.2": [1], "1.3.1": [1, 2]}}
      ],
      "images": [
        {"owner": "aws", "name": "amazon-linux-2023-x86", "versions": {"2024.11.5": [1]}}
      ]
    }

`owner` is what stands in the ARN: `aws` for AWS-managed resources, an account id for your
own, `third-party` for Marketplace components. Each version maps to its build numbers.
`ibdsl catalog refresh` writes one from the service; nothing here talks to AWS.
"""

from __future__ import annotations

from ..diagnostics import UsageError
from .versions import matches, ordering_key

FORMAT = "ibdsl-catalog/1"
KINDS = {"component": "components", "image": "images"}


class Resolution:
    __slots__ = ("version", "build")

    def __init__(self, version: str, build: int | None) -> None:
        self.version, self.build = version, build

    def __str__(self) -> str:
        return self.version if self.build is None else f"{self.version}/{self.build}"


class Catalog:
    def __init__(self, document: dict, path: str = "<catalog>"):
        self.path = path
        self.region = document.get("region")
        self._entries: dict[tuple[str, str, str], dict[str, list[int]]] = {}
        for kind, key in KINDS.items():
            for entry in document.get(key, []):
                versions = self._entries.setdefault((kind, entry["owner"], entry["name"]), {})
                for version, builds in entry["versions"].items():
                    versions.setdefault(version, []).extend(builds)

    @classmethod
    def load(cls, path: str) -> Catalog:
        from ..files import Refused, read_regular
        from ..safejson import JsonProblem, loads

        try:
            document = loads(read_regular(path).decode("utf-8"))
        except Refused as e:
            raise UsageError(f"cannot read catalog {path}: {e}") from None
        except OSError as e:
            raise UsageError(f"cannot read catalog {path}: {e.strerror or e}") from None
        except UnicodeDecodeError:
            raise UsageError(f"catalog {path} is not UTF-8 text") from None
        except JsonProblem as e:
            raise UsageError(f"catalog {path}:{e.line}:{e.column}: {e.message}") from None
        problem = validate_document(document)
        if problem:
            raise UsageError(f"catalog {path}: {problem}")
        return cls(document, path)

    def knows(self, kind: str, owner: str, name: str) -> bool:
        return (kind, owner, name) in self._entries

    def names(self, kind: str, owner: str) -> list[str]:
        """The names the catalog knows of one kind and owner, sorted (editor completion)."""
        return sorted(name for (k, o, name) in self._entries if k == kind and o == owner)

    def versions(self, kind: str, owner: str, name: str) -> list[str]:
        return sorted(self._entries.get((kind, owner, name), {}), key=ordering_key)

    def resolve(self, kind: str, owner: str, name: str, version: str, build: str | None = None) -> Resolution | None:
        """The highest version matching `version` (a filter or exact), with its latest build."""
        known = self._entries.get((kind, owner, name), {})
        candidates = [v for v in known if matches(version, v)]
        if not candidates:
            return None
        best = max(candidates, key=ordering_key)
        builds = sorted(set(known[best]))
        if build is not None:
            if len(build) > 10 or int(build) not in builds:  # no build has a number that long
                return None
            return Resolution(best, int(build))
        return Resolution(best, builds[-1] if builds else None)


def validate_document(document) -> str | None:
    """A sentence saying what is wrong with a catalog document, or None."""
    if not isinstance(document, dict):
        return "the top level must be an object"
    if document.get("format") != FORMAT:
        return f'"format" must be "{FORMAT}"'
    for key in KINDS.values():
        entries = document.get(key, [])
        if not isinstance(entries, list):
            return f'"{key}" must be a list'
        for index, entry in enumerate(entries):
            where = f"{key}[{index}]"
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("owner"), str)
                or not isinstance(entry.get("name"), str)
            ):
                return f"{where} needs string members owner and name"
            versions = entry.get("versions")
            if not isinstance(versions, dict):
                return f"{where}.versions must map versions to lists of build numbers"
            for version, builds in versions.items():
                nodes = version.split(".")
                if len(nodes) != 3 or not all(n.isascii() and n.isdigit() and len(n) <= 10 for n in nodes):
                    return f"{where}.versions: {version!r} is not a version such as 1.0.0"
                if not isinstance(builds, list) or not all(type(b) is int for b in builds):
                    return f"{where}.versions[{version!r}] must be a list of build numbers"
    return None
