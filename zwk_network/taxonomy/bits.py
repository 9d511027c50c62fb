"""The vocabularies as bit sets: one bit per theme, target group and kind of help.

Search engines store an entry's themes, target groups and kinds of help as one integer each, and
matching compares them as arrays over many entries; both use this one encoding.
"""

from . import HELP_KINDS, TARGET_GROUPS, THEMES

THEME_BITS = {slug: 1 << index for index, slug in enumerate(THEMES)}
GROUP_BITS = {slug: 1 << index for index, slug in enumerate(TARGET_GROUPS)}
KIND_BITS = {slug: 1 << index for index, slug in enumerate(HELP_KINDS)}


def bits_of(slugs, table: dict[str, int]) -> int:
    """The bit set of these slugs."""
    value = 0
    for slug in slugs:
        value |= table[slug]
    return value


def slugs_of(bits: int, table: dict[str, int]) -> list[str]:
    """The slugs of a bit set, in vocabulary order."""
    return [slug for slug, bit in table.items() if bits & bit]


assert max(len(THEMES), len(TARGET_GROUPS), len(HELP_KINDS)) <= 32  # the engines store 32 bits
