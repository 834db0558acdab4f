"""Blank organisation names out of a text before other fields are read from it.

"Ministry of Labour, Social Affairs and Family" names no target group "families", "European
Social Fund Agency" funds nothing with the ESF, and "Slovenian Government Office" says where
the office is, not where the initiative runs: lexicons and country finders must not read
inside names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def mask_organisations(text: str, names: Iterable[str]) -> str:
    """The text with every occurrence of each name (any run of spaces between its words)
    replaced by as many spaces, so offsets and lengths stay as they were."""
    patterns = [
        r"\s+".join(map(re.escape, name.split()))
        for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True)
    ]
    if not patterns:
        return text
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])")
    return pattern.sub(lambda match: re.sub(r"\S", " ", match.group(0)), text)
