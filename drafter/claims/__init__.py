"""Named claims: honours with their level, bodies, media, quoted names and documents, proven both ways.

A chat model writing a 工作总结 likes to add an honour, promote its level, or name another body, medium
or project. The number check (drafter.numbers) calls this room: each claim of the draft must be in the
notes, at the same level; each honour of the notes must be in the draft. The genre's stock lines
(stock_lines.txt, extendable in drafter.toml) are no claims. Pure functions of text, regexes only.
"""

from .extract import STOCK_LINES, Claim, find_claims, is_stock_name, stock_set
from .prove import KIND_NAMES, ClaimMark, ClaimMissing, ClaimProblem, ClaimReport, prove_claims

__all__ = [
    "Claim",
    "ClaimMark",
    "ClaimMissing",
    "ClaimProblem",
    "ClaimReport",
    "KIND_NAMES",
    "STOCK_LINES",
    "find_claims",
    "is_stock_name",
    "prove_claims",
    "stock_set",
]
