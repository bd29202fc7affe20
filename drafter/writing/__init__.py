"""Writing a draft: notes → plan → style examples → sections (offline or a model) → check → repair,
and rewriting one section. The only LangChain/OpenAI user (llm); prompts renders the prompt templates."""

from .draft import outline, run_draft
from .offline_rewrite import notice_zh
from .outputs import DraftResult
from .progress import ProgressCallback, SectionProgress
from .rewrite import RewriteResult, rewrite_section
from .word_rewrite import rewrite_word_section

__all__ = ["DraftResult", "run_draft", "outline", "RewriteResult", "rewrite_section", "rewrite_word_section", "SectionProgress", "ProgressCallback", "notice_zh"]
