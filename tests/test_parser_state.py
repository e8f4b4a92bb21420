"""The lexer's state (comments, bracket depth) belongs to one parse: parses in other threads,
and the parses of ${...} made while building the tree, neither see nor reset it."""

from __future__ import annotations

import threading

import pytest

from ibdsl.language.parser import ParseError, parse_module, parse_tree


def source(n: int) -> str:
    return "".join(f'# comment {n}.{i}\nfragment f{i} = "${{var.x}}" /* {n} */\n' for i in range(20))


def test_comments_after_interpolations_are_kept():
    module = parse_module("a.ib", source(1))
    assert [c.text for c in module.comments][:2] == ["# comment 1.0", "/* 1 */"]
    assert len(module.comments) == 40


def test_parses_in_threads_keep_their_own_comments():
    failures = []

    def work(n: int) -> None:
        for _ in range(20):
            _tree, comments = parse_tree(f"{n}.ib", source(n))
            if len(comments) != 40 or any(f"{n}" not in t.value for t in comments):
                failures.append((n, [t.value for t in comments]))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_depth_starts_at_zero_after_a_failed_parse():
    with pytest.raises(ParseError):
        parse_module("a.ib", "fragment f = [[[[\n")
    # Near the limit (64): depth left behind by the failed parse would push this over.
    deep = "fragment f = " + "[" * 62 + "]" * 62 + "\n"
    assert parse_module("b.ib", deep).items
