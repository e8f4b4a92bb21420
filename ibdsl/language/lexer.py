"""Lark's contextual lexer without its start-up cost: one regex per terminal, compiled once.

Lark's lexer has one scanner per set of terminals a parser state accepts (37 sets, 101 states),
and each scanner compiles one alternation `(?P<T1>re1)|(?P<T2>re2)|...` of its terminals with
Python's `re`, whose parser and compiler are pure Python: a first parse paid ~15 such compiles
(about 5 ms, more than the parse itself) before its first token.

An alternation matches at a position with the first of its branches that matches there alone,
and a scanner's branches are its terminals in Lark's order. So a `TerminalScanner` tries the
terminals one by one, in that order, with each terminal's own regex compiled once for all
states (a plain string is compared, not compiled), and answers exactly what the alternation
would: the same text and terminal. It also stands in for Lark's scanners of the keywords a NAME
may be. After `SWITCH_AFTER` tokens it has paid for the alternation: it builds Lark's own
scanner and hands every later call to it, so a large project lexes at Lark's speed.

That equivalence needs each terminal to mean the same alone as inside the alternation: no
numbered group references (the alternation renumbers groups) and group names that do not
collide. `ContextualLexer` checks that for the grammar's terminals and, when it does not hold,
keeps Lark's scanners.
"""

from __future__ import annotations

from . import generated_parser as lark

# Tokens a scanner matches terminal by terminal before it compiles its alternation. Measured
# per scanner on the examples: a compile costs 0.1-0.4 ms, matching terminal by terminal about
# 0.6 us more per token, so a compile pays for itself after 250-830 tokens (median about 420).
SWITCH_AFTER = 400


class TerminalScanner:
    """Lark's `Scanner` (same constructor, `match` and `fullmatch` answers), matching terminal
    by terminal until it has matched `SWITCH_AFTER` tokens."""

    def __init__(self, terminals, g_regex_flags, re_, use_bytes):
        self.terminals = terminals
        self.allowed_types = {t.name for t in terminals}
        self._arguments = (terminals, g_regex_flags, re_, use_bytes)
        # (literal, None, name) for a plain string terminal, compared without a regex;
        # (None, regex, name) for the others.
        self._matchers = [
            (t.pattern.value, None, t.name)
            if t.pattern.type == "str" and not t.pattern.flags and not g_regex_flags
            else (None, _regex(re_, t.pattern.to_regexp(), g_regex_flags), t.name)
            for t in terminals
        ]
        self._left = SWITCH_AFTER
        self.holders: list = []  # (object, attribute) holding this scanner, given Lark's at the switch

    def match(self, text, pos):
        self._left -= 1
        if self._left <= 0:
            self._switch()
        string, end = text.text, text.end
        for literal, regex, name in self._matchers:
            if literal is None:
                m = regex.match(string, pos, end)
                if m:
                    return m.group(0), name
            elif string.startswith(literal, pos, end):
                return literal, name
        return None

    def fullmatch(self, text):
        self._left -= 1
        if self._left <= 0:
            self._switch()
        for literal, regex, name in self._matchers:
            if text == literal if literal is not None else regex.fullmatch(text):
                return name
        return None

    def _switch(self):
        # Lark's scanner answers every later call: its holders call it directly, as they do
        # without this module, and a call through this object goes to it (instance attributes
        # win over these methods). This call is still answered here.
        alternation = lark.Scanner(*self._arguments)
        self.match = alternation.match
        self.fullmatch = alternation.fullmatch
        self.alternation = alternation
        for holder, attribute in self.holders:
            setattr(holder, attribute, alternation)


# One compiled regex per terminal, shared by every state's scanner.
_regexes: dict = {}


def _regex(re_, pattern: str, flags: int):
    key = (re_, pattern, flags)
    regex = _regexes.get(key)
    if regex is None:
        regex = _regexes[key] = re_.compile(pattern, flags)
    return regex


def terminals_match_alone(terminals) -> bool:
    """Whether each terminal's regex means inside an alternation what it means alone: no
    numbered reference (a group's number shifts there) and group names unique in it. Read from
    the patterns' text, without compiling them: text that only looks like a group or a reference
    (escaped, in a class) makes the answer no, never a wrong yes."""
    names = {t.name for t in terminals}
    for t in terminals:
        pattern = t.pattern.to_regexp()
        if any(f"\\{digit}" in pattern or f"(?({digit}" in pattern for digit in "0123456789"):
            return False
        groups = {part.partition(">")[0] for part in pattern.split("(?P<")[1:]}
        if groups & names:
            return False
        names |= groups
    return True


class _BasicLexer(lark.BasicLexer):
    Scanner = TerminalScanner

    def _build_scanner(self):
        scanner = super()._build_scanner()
        scanner.holders.append((self, "_scanner"))
        for callback in self.callback.values():
            callback = getattr(callback, "callback1", callback)  # a user's callback chained after it
            if isinstance(callback, lark.UnlessCallback) and isinstance(callback.scanner, TerminalScanner):
                callback.scanner.holders.append((callback, "scanner"))
        return scanner


class ContextualLexer(lark.ContextualLexer):
    """Lark's contextual lexer with `TerminalScanner`s (given to Lark as its ContextualLexer
    plugin), or with Lark's own scanners when the grammar's terminals do not allow it."""

    def __init__(self, conf, states, always_accept=()):
        if not conf.use_bytes and terminals_match_alone(conf.terminals):
            self.BasicLexer = _BasicLexer
        super().__init__(conf, states, always_accept)
