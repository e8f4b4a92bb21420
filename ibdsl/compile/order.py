"""Apply order: what a resource refers to is created before it.

The order is a topological order of the reference graph (`<kind>.NAME` uses, inherited ones
included). Ties are broken by the kinds' own order (a kind after the kinds its records say it
may refer to, then declaration order in domain/kinds.py) and then by name, so the order is the
same on every run. A cycle is reported at the reference that closes it.
"""

from __future__ import annotations

import heapq

from ..codes import CYCLE
from ..diagnostics import Diagnostics
from ..domain.kinds import BLOCK_KINDS, KINDS


def kind_order() -> dict[str, int]:
    """Block keyword -> position: each kind after the kinds it may refer to."""
    placed: list[str] = []
    waiting = [kind.block for kind in KINDS]
    while waiting:
        ready = next(
            (b for b in waiting if all(r in placed or r == b for r in BLOCK_KINDS[b].references)),
            waiting[0],  # kinds that may refer to each other: declaration order decides
        )
        placed.append(ready)
        waiting.remove(ready)
    return {block: i for i, block in enumerate(placed)}


def apply_order(resources: list, diagnostics: Diagnostics) -> list:
    """The compiled resources, dependencies first; reference cycles reported."""
    rank = kind_order()
    by_key = {(r.kind.block, r.name): r for r in resources}
    needs: dict[tuple, list] = {key: [] for key in by_key}  # key -> [(dependency, span)]
    users: dict[tuple, list] = {key: [] for key in by_key}
    for key, resource in by_key.items():
        seen = set()
        for kind, name, span in resource.resolved.references:
            target = (kind.block, name)
            # A resource naming its own ARN needs nothing created first.
            if target in by_key and target != key and target not in seen:
                seen.add(target)
                needs[key].append((target, span))
                users[target].append(key)
    waiting = {key: len(needs[key]) for key in by_key}
    ready = [(rank[key[0]], key[1], key) for key, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    ordered = []
    while ready:
        *_, key = heapq.heappop(ready)
        ordered.append(by_key[key])
        for user in users[key]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, (rank[user[0]], user[1], user))
    left = sorted((key for key, n in waiting.items() if n > 0), key=lambda k: (rank[k[0]], k[1]))
    if left:
        _report_cycles(left, needs, diagnostics)
        ordered += [by_key[key] for key in left]
    return ordered


def _report_cycles(left: list, needs: dict, diagnostics: Diagnostics) -> None:
    """One error per cycle, at the reference that closes it."""
    reported: set = set()
    for start in left:
        if start in reported:
            continue
        path, spans, on_path = [start], [], {start: 0}
        key = start
        while True:
            step = next(((t, s) for t, s in needs[key] if t in left or t in on_path), None)
            if step is None:
                break
            target, span = step
            if target in on_path:
                cycle = path[on_path[target] :] + [target]
                if not reported & set(cycle):
                    shown = " -> ".join(f"{kind}.{name}" for kind, name in cycle)
                    diagnostics.error(span, f"reference cycle: {shown}; each must exist before the other", code=CYCLE)
                reported.update(cycle)
                break
            on_path[target] = len(path)
            path.append(target)
            spans.append(span)
            key = target
