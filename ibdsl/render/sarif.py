"""Findings as SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
import os

from .. import __version__

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative URI reference: the file name's bytes, percent-encoded (`#`, `%`, spaces and
    bytes that are not UTF-8 included), with '/' between its parts."""
    from urllib.parse import quote

    return quote(os.fsencode(path.replace(os.sep, "/")), safe="/")


def render(findings, rules) -> str:

    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "ibdsl",
        "version": __version__,
        "informationUri": "https://github.com/ibdsl/ibdsl",
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.doc},
                "help": {"text": f"{rule.doc}\n\nFails:\n{rule.bad}\nPasses:\n{rule.good}"},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
            }
            for rule in rules
        ],
    }
    results = []
    for f in findings:
        s = f.span
        result = {
            "ruleId": f.code,
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(s.path)},
                        "region": {
                            "startLine": s.line,
                            "startColumn": s.column,
                            "endLine": s.end_line,
                            "endColumn": s.end_column,
                        },
                    }
                }
            ],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
