"""What comes out: drafts exported as Markdown, text and Word, and drafts scored against their
facts (`drafter eval`) with a self-contained HTML report."""

from .evaluate import EvalResult, evaluate_pairs, find_pairs, load_thresholds
from .export import FORMATS, format_for, render_docx, sidecar_path, write_outputs
from .html import render_report

__all__ = [
    "FORMATS",
    "format_for",
    "render_docx",
    "sidecar_path",
    "write_outputs",
    "EvalResult",
    "evaluate_pairs",
    "find_pairs",
    "load_thresholds",
    "render_report",
]
