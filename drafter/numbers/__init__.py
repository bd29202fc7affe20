"""The proof: quantities found in Chinese text, set phrases left alone, a draft checked against its notes.

Pure functions of text: no model, no index, no embedding is ever needed here.
"""

from .binding import MisboundItem
from .check import CheckReport, check_text, fact_recall
from .files import check_files, resolve_facts_path
from .provenance import QuantityMark
from .quantities import Name, Quantity, find_names, find_quantities
from .setphrases import SET_PHRASES, SetPhrases, build_set_phrases
from .structure import PROBLEMS as STRUCTURE_PROBLEMS
from .structure import StructureProblem, find_structure_problems

__all__ = [
    "CheckReport",
    "check_text",
    "check_files",
    "resolve_facts_path",
    "MisboundItem",
    "QuantityMark",
    "StructureProblem",
    "find_structure_problems",
    "STRUCTURE_PROBLEMS",
    "fact_recall",
    "Quantity",
    "Name",
    "find_quantities",
    "find_names",
    "SET_PHRASES",
    "SetPhrases",
    "build_set_phrases",
]
