"""The codes of findings reported outside lint rules (by the parser, the loader, evaluation,
composition and lowering), named once. Each code's rule module in lint/rules/ owns its name,
severity, docs and examples and imports its code from here; rules that run as lint checks
write their own code."""

SYNTAX_ERROR = "IB001"  # the text is not the language, or the file is not usable text
UNDEFINED_NAME = "IB002"  # a variable, fragment, resource, function, setting or type not declared or not visible
CYCLE = "IB003"  # fragments, imports, extends or references that lead back to themselves
TYPE_MISMATCH = "IB004"  # a value of the wrong type for what is done with it
DUPLICATE_DECLARATION = "IB005"  # a name declared, a member or a setting set, twice
UNREADABLE_FILE = "IB006"  # an import, file() or var file that cannot be read
LIMIT_EXCEEDED = "IB007"  # a value, depth or amount of work beyond ibdsl's limits
INVALID_REFERENCE = "IB008"  # a reference that is declared but cannot be used here
INVALID_STRUCTURE = "IB009"  # a block or operator where the language does not allow it

# Schema findings: the operation's JSON Schema refuses the payload.
MISSING_MEMBER = "IB101"
UNKNOWN_ENUM_VALUE = "IB102"
TEXT_LENGTH = "IB103"
TEXT_PATTERN = "IB104"
NUMBER_RANGE = "IB105"
ITEM_COUNT = "IB106"
VALUE_TYPE = "IB107"
UNKNOWN_MEMBER = "IB108"

# Semantic versions (domain/versions.py decides; lint rules report).
VERSION_ASSIGNMENT = "IB201"
VERSION_FILTER = "IB202"
VERSION_NODE_LIMIT = "IB203"

DUPLICATE_RESOURCE = "IB702"
UNUSED_SUPPRESSION = "IB901"

# The codes above that no lint rule checks: their rule modules hold only the name, severity,
# docs and examples, so a lint imports one only when such a finding is there to configure.
REPORTED_OUTSIDE_RULES = frozenset(
    {
        SYNTAX_ERROR, UNDEFINED_NAME, CYCLE, TYPE_MISMATCH, DUPLICATE_DECLARATION, UNREADABLE_FILE,
        LIMIT_EXCEEDED, INVALID_REFERENCE, INVALID_STRUCTURE,
        MISSING_MEMBER, UNKNOWN_ENUM_VALUE, TEXT_LENGTH, TEXT_PATTERN, NUMBER_RANGE, ITEM_COUNT,
        VALUE_TYPE, UNKNOWN_MEMBER,
        DUPLICATE_RESOURCE, UNUSED_SUPPRESSION,
    }
)  # fmt: skip
