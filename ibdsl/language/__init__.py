"""The language: source text, the Lark parser, the syntax tree, the formatter."""
