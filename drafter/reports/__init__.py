"""What comes out: drafts exported as Markdown, text and Word, and drafts scored against their
facts (`drafter eval`) with a self-contained HTML report; the draft view and Jinja2 templates that the
report and the page (drafter.web) share, so a number is marked the same way in both."""

from .evaluate import EvalResult, evaluate_pairs, find_pairs, load_thresholds
from .export import FORMATS, format_for, render_docx, sidecar_path, write_outputs
from .gongwen import chinese_date, issuing, parse_date
from .html import render_report
from .templating import TEMPLATES_DIR, template_environment
from .view import DraftView, Piece, changed_pieces, draft_view

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
    "issuing",
    "parse_date",
    "chinese_date",
    "TEMPLATES_DIR",
    "template_environment",
    "DraftView",
    "Piece",
    "draft_view",
    "changed_pieces",
]
