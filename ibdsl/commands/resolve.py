"""`ibdsl resolve`: which catalog version each versioned reference of the project selects."""

from __future__ import annotations

from ..diagnostics import UsageError


def resolve_paths(paths: list[str], options, catalog_path: str | None):
    """(compiled, rows) where rows are (span, lint.resolve.Reference) in source order. Every
    reference that could be compiled is resolved, even when the project has errors."""
    from ..compile.compiler import compile_paths
    from ..domain.catalog import Catalog
    from ..lint.config import config_for_path
    from ..lint.resolve import references

    path = catalog_path or config_for_path(paths[0]).catalog
    if not path:
        raise UsageError('no catalog: pass --catalog FILE or set catalog = "..." in [tool.ibdsl]')
    catalog = Catalog.load(path)
    compiled = compile_paths(paths, options)
    rows = sorted(
        ((r.part.resource.span_of(r.part.path), r) for r in references(compiled.resources, catalog)),
        key=lambda row: (row[0].path, row[0].line, row[0].column),
    )
    return compiled, rows
