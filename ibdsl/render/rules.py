"""`ibdsl rules`: the list, a family, or one rule's page."""

from __future__ import annotations


def rule_table(rules, aligned: bool = True) -> list[str]:
    width = max((len(rule.name) for rule in rules), default=0) if aligned else 0
    if not aligned:
        return [f"{r.code}  {r.name}  {r.severity}  {r.summary}" for r in rules]
    return [f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}" for rule in rules]


def rule_page(rule) -> str:
    def indent(text: str) -> str:
        return "".join(f"    {line}\n" for line in text.rstrip("\n").split("\n"))

    return (
        f"{rule.code} {rule.name} (default severity: {rule.severity})\n\n{rule.summary}\n\n{rule.doc}\n\n"
        f"Fails:\n\n{indent(rule.bad)}\nPasses:\n\n{indent(rule.good)}"
    )
