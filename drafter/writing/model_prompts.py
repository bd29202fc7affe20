"""The model writer's prompts for one plan: the system rules, a body section, a closing section, the opening.

Each is a Jinja2 file in prompts/ (drafter.writing.prompts renders it with StrictUndefined). Style
examples go in masked (answers.mask_example): they are data, not content.
"""

from __future__ import annotations

from drafter.notes import Fact, Notes

from .answers import mask_example
from .plan import Plan, PlannedSection
from .prompts import render

__all__ = ["system_prompt", "section_prompt", "closing_prompt", "opening_prompt", "fact_rows"]


def _unit(notes: Notes) -> str:
    return "村" if notes.community.endswith("村") else "社区"


def fact_rows(facts: list[Fact]) -> list[dict]:
    return [{"id": f.id, "text": f.text} for f in facts]


def _headings(plan: Plan) -> list[str]:
    return [s.numbered_heading for s in plan.sections]


def system_prompt(plan: Plan) -> str:
    notes = plan.notes
    return render("system", unit=_unit(notes), title=plan.title, kind=notes.kind or "工作总结")


def section_prompt(plan: Plan, section: PlannedSection, examples: list) -> str:
    notes = plan.notes
    return render(
        "section",
        title=plan.title, community=notes.community, period=notes.period, headings=_headings(plan),
        heading=section.numbered_heading, facts=fact_rows(section.facts),
        examples=[{"heading": e.heading or e.title, "text": mask_example(e.text)} for e in examples],
    )


def closing_prompt(plan: Plan, section: PlannedSection) -> str:
    return render(
        "closing", title=plan.title, heading=section.numbered_heading, headings=[s.numbered_heading for s in plan.body],
        facts=fact_rows(section.facts), kind=section.closing or "both",
    )


def opening_prompt(plan: Plan) -> str:
    notes = plan.notes
    return render(
        "opening", title=plan.title, community=notes.community, period=notes.period,
        guideline=notes.guideline, headings=_headings(plan),
    )
