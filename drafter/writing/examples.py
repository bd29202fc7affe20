"""Style examples for a plan: the nearest past-summary sections per body section, from the index."""

from __future__ import annotations

from drafter.config import Settings
from drafter.corpus import OTHER
from drafter.errors import IndexStateError

from .plan import Plan

__all__ = ["retrieve_examples", "attach_examples"]


def retrieve_examples(plan: Plan, settings: Settings, k: int = 3) -> tuple[dict[int, list], list[str]]:
    """Style examples per body section (by section number): on the section's topic first, topped up
    from any topic when fewer than two match; and notices for the user.

    Without an index the draft is still written: the notice says how to get examples.
    """
    from drafter.corpus import search_many

    body = plan.body
    queries = [(s.title or s.heading) + "：" + "；".join(f.text for f in s.facts[:3]) for s in body]
    try:
        found = search_many(settings, queries, k, topics=[s.topic if s.topic != OTHER else None for s in body])
        short = [i for i, hits in enumerate(found) if len(hits) < 2]
        if short:
            extra = search_many(settings, [queries[i] for i in short], k)
            for i, more in zip(short, extra):
                seen = {h.id for h in found[i]}
                found[i] += [h for h in more if h.id not in seen][: k - len(found[i])]
    except IndexStateError as exc:
        return {}, [f"no style examples: {exc}"]
    return {s.number: hits for s, hits in zip(body, found)}, []


def attach_examples(plan: Plan, settings: Settings, k: int = 3) -> list[str]:
    """Record the ids of each body section's style examples in the plan; return notices."""
    examples, notices = retrieve_examples(plan, settings, k)
    for section in plan.body:
        section.examples = [e.id for e in examples.get(section.number, [])]
        section.example_texts = [e.text for e in examples.get(section.number, [])]  # framing for the offline writer
    return notices
