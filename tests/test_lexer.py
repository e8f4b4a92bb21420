"""The lexer's terminal-by-terminal scanners (ibdsl/language/lexer.py) answer exactly what Lark's
compiled alternations answer, for every parser state's scanner at every position of a corpus;
parses are identical with them on, off, and switching to Lark's scanners mid-file; the first
parse compiles no alternation and a long run does."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import pytest

from ibdsl.language import generated_parser as lark
from ibdsl.language import lexer, parser
from ibdsl.language.parser import ParseError
from ibdsl.lint.registry import RULES

from conftest import EXAMPLES, REPO

NASTY = [
    '"unterminated',
    'x = "escaped \\" quote" "\\',
    'x = "line\nbreak"',
    "x = <<EOT\nno end marker\n",
    "x = <<-'EOT'\n  raw ${x}\n  EOT\n",
    "x = [<<EOT\nbody\nEOT, 1]\n",
    "x = <<EOT\nbody\nEOT // done\n",
    "<<A\nA",
    "<<-A\nx\n A)",
    "<<'A\nA",
    "/* open comment",
    "/* a */ b /* c */ /**/ /***/",
    "# comment at the end",
    "// comment\r\nx = 1\r\n",
    'é = "ü"',
    'name = "日本語" # ✓\n',
    "x = -12 + 3 - -0",
    "\t\f\r\n \v",
    "a-b_c.d.e(f, g,)",
    "abstract extends true false import variable fragment abstractx true_ import-x",
    "x = {a = 1, b += [2], c -= (3)}\n",
    "\x00\x01 ` ~ ! @ $ % ^ & * ; ' ? > <",
    'x = "\\u00e9 ${var.name} $${escaped}"',
    'variable v: string = 1\nfragment f = v\nimport "./a.ib"\n',
    "a { x = " + "[" * 70,  # deeper than the nesting limit: the bracket callback stops the parse
]


FUZZED = 40


def corpus() -> list[str]:
    files = sorted([*EXAMPLES.rglob("*.ib"), *(REPO / "tests").rglob("*.ib")])
    texts = [path.read_text(encoding="utf-8") for path in files]
    texts += [text for rule in RULES for text in (rule.bad, rule.good)]
    texts += NASTY
    whole = "\n".join(texts)
    rng = random.Random(16)
    for _ in range(FUZZED):  # tokens cut anywhere and glued to other text
        start = rng.randrange(len(whole))
        other = rng.randrange(len(whole))
        texts.append(whole[start : start + rng.randrange(1, 300)] + whole[other : other + rng.randrange(0, 60)])
    return texts


CORPUS = corpus()
build = parser._lark.__wrapped__  # a new parser, not the cached one


def lark_scanners():
    """Every distinct scanner of the plain Lark lexer: one per parser state's terminals, and
    the root lexer's (all terminals, used to word a syntax error)."""
    contextual = build(False).parser.lexer
    lexers = {id(basic): basic for basic in [*contextual.lexers.values(), contextual.root_lexer]}
    scanners = [basic.scanner for basic in lexers.values()]
    for basic in lexers.values():  # and the scanners of the keywords a NAME may be
        for callback in basic.callback.values():
            callback = getattr(callback, "callback1", callback)  # under a CallChain
            if isinstance(callback, lark.UnlessCallback):
                scanners.append(callback.scanner)
    assert all(type(scanner) is lark.Scanner for scanner in scanners)
    return scanners


def test_the_grammar_allows_terminal_scanners():
    contextual = build().parser.lexer
    assert isinstance(contextual.root_lexer.scanner, lexer.TerminalScanner)
    assert lexer.terminals_match_alone(contextual.root_lexer.terminals)


@pytest.mark.slow
def test_a_terminal_scanner_matches_as_the_alternation_at_every_position(monkeypatch):
    monkeypatch.setattr(lexer, "SWITCH_AFTER", float("inf"))
    scanners = {tuple(scanner.terminals): scanner for scanner in lark_scanners()}.values()
    assert len(scanners) > 25 and any(len(scanner.allowed_types & {"TRUE", "FALSE"}) == 2 for scanner in scanners)
    cut = set(CORPUS[-len(NASTY) - FUZZED :])  # these also end early (the lexer stops at the end it is given)
    for scanner in scanners:
        terminals = lexer.TerminalScanner(scanner.terminals, 0, re, False)
        assert terminals.allowed_types == scanner.allowed_types
        for text in CORPUS:
            for end in (len(text), len(text) // 2) if text in cut else (len(text),):
                piece = lark.TextSlice(text, 0, end)
                for pos in range(end):
                    expected = scanner.match(piece, pos)
                    assert terminals.match(piece, pos) == expected, (scanner.allowed_types, text, pos)
            values = [text[start : start + 9] for start in range(0, len(text), 7)] + re.findall(r"[\w-]+", text)
            for value in values:
                assert terminals.fullmatch(value) == scanner.fullmatch(value), (value, scanner.allowed_types)
        assert not hasattr(terminals, "alternation")


TOKEN_FIELDS = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")


def dump(node):
    """A tree or token with everything a parse gives it: types, values, positions."""
    if node is None:
        return None
    if isinstance(node, lark.Token):
        return (str(node), *(getattr(node, name) for name in TOKEN_FIELDS))
    return (node.data, sorted(vars(node.meta).items()), [dump(child) for child in node.children])


def outcome(text: str, start: str):
    try:
        if start == "start":
            tree, comments = parser.parse_tree("x.ib", text)
            return dump(tree), [dump(comment) for comment in comments]
        return dump(parser._parse("x.ib", text, start, 4, 7)[0])
    except ParseError as e:
        return "error", e.diagnostic


def outcomes(monkeypatch, terminal_scanners: bool, switch_after: float):
    monkeypatch.setattr(lexer, "SWITCH_AFTER", switch_after)
    built = build(terminal_scanners)
    monkeypatch.setattr(parser, "_lark", lambda: built)
    results = [outcome(text, "start") for text in CORPUS]
    results += [outcome(text, "interpolation") for text in CORPUS[-len(NASTY) - FUZZED :]]
    return results, built.parser.lexer


def test_parses_are_identical_with_terminal_scanners_on_off_and_switching(monkeypatch):
    plain, _ = outcomes(monkeypatch, False, 0)
    assert sum(result[0] == "error" for result in plain) > 20  # the corpus has syntax errors too
    never_switching, contextual = outcomes(monkeypatch, True, float("inf"))
    assert never_switching == plain
    assert not any(type(basic._scanner) is lark.Scanner for basic in contextual.lexers.values())
    switching, contextual = outcomes(monkeypatch, True, 25)  # mid-file, in every busy state
    assert switching == plain
    # after the switch the lexers (and their keyword callbacks) call Lark's scanners directly
    switched = [basic for basic in set(contextual.lexers.values()) if type(basic._scanner) is lark.Scanner]
    assert len(switched) > 10
    assert any(type(basic.callback["NAME"].scanner) is lark.Scanner for basic in switched if "NAME" in basic.callback)


def alternations_built(monkeypatch, terminal_scanners: bool, texts) -> list:
    """The terminal lists of the Lark alternations compiled while `texts` are parsed by a new
    parser."""
    built = []
    real = lark.Scanner._build_mres

    def spy(self, terminals, max_size):
        built.append({t.name for t in terminals})
        return real(self, terminals, max_size)

    monkeypatch.setattr(lark.Scanner, "_build_mres", spy)
    fresh = build(terminal_scanners)
    monkeypatch.setattr(parser, "_lark", lambda: fresh)
    for text in texts:
        parser.parse_tree("x.ib", text)
    return built


def test_the_first_parse_compiles_no_alternation_and_a_long_run_does(monkeypatch):
    recipe = (EXAMPLES / "ami-web-server" / "main.ib").read_text(encoding="utf-8")
    plain = alternations_built(monkeypatch, False, [recipe])  # what Lark alone does
    assert sum("WS" in terminals for terminals in plain) > 5 and {"TRUE", "FALSE"} in plain
    assert alternations_built(monkeypatch, True, [recipe]) == []
    many = alternations_built(monkeypatch, True, [recipe] * 60)
    assert sum("WS" in terminals for terminals in many) > 5
    states = set(parser._lark().parser.lexer.lexers.values())
    assert sum("WS" in terminals for terminals in many) == sum(type(basic._scanner) is lark.Scanner for basic in states)


def terminal(name: str, pattern: str):
    return lark.TerminalDef(name, lark.PatternRE(pattern), priority=2 if name == "A" else 1)  # A first


@pytest.mark.parametrize(
    "patterns",
    [
        {"A": r"x", "B": r"(b)\1"},  # a numbered reference means another group inside the alternation
        {"A": r"(?:(x))?(?(1)y|z)"},  # so does a numbered condition
        {"A": r"(?P<q>')x(?P=q)", "B": r'(?P<q>")y(?P=q)'},  # one group name twice
        {"A": r"(?P<B>a)", "B": r"b"},  # a group named as a terminal
    ],
)
def test_terminals_that_change_meaning_in_an_alternation_keep_lark_scanners(patterns):
    terminals = [terminal(name, pattern) for name, pattern in patterns.items()]
    assert not lexer.terminals_match_alone(terminals)
    conf = lark.LexerConf(terminals, re, skip_validation=True)
    contextual = lexer.ContextualLexer(conf, {0: list(patterns)})
    assert contextual.root_lexer.Scanner is lark.Scanner  # (Lark cannot even compile some of these)


def test_a_numbered_reference_is_what_the_check_guards_against():
    terminals = [terminal("A", r"x"), terminal("B", r"(b)\1")]
    alone = lexer.TerminalScanner(terminals, 0, re, False)
    together = lark.Scanner(terminals, 0, re, False)
    text = lark.TextSlice("bb", 0, 2)
    assert alone.match(text, 0) == ("bb", "B")
    assert together.match(text, 0) is None


def test_text_slice_behaves_as_larks_dataclass():
    from lark.utils import TextSlice as LarkTextSlice

    for args in [("abc", 0, 3), ("abcdef", -4, -1), ("abc", 1, None), (b"ab", 0, 2)]:
        ours, theirs = lark.TextSlice(*args), LarkTextSlice(*args)
        assert (repr(ours), ours.start, ours.end, len(ours)) == (repr(theirs), theirs.start, theirs.end, len(theirs))
        assert ours == lark.TextSlice(*args) and hash(ours) == hash(theirs)
        assert ours != lark.TextSlice(args[0] * 2, 0, 1) and ours != args
        with pytest.raises(AttributeError):
            ours.start = 0
    with pytest.raises(TypeError):
        lark.TextSlice(1, 0, 1)


def test_the_generated_parser_imports_nothing_it_does_not_use():
    code = (
        "import sys; from ibdsl.language import lexer\n"
        "from ibdsl.language.generated_parser import Lark_StandAlone\n"
        "built = Lark_StandAlone(_plugins={'ContextualLexer': lexer.ContextualLexer})\n"
        "built.parse('a \"b\" { c = [1, <<EOT\\nd\\nEOT\\n] }', start='start')\n"
        "print(sorted({'dataclasses', 'inspect', 'logging', 'pickle', 'zlib', 'base64'} & set(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert run.stdout.strip() == "[]", run.stdout
