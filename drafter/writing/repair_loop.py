"""One section with a model: ask, check the answer against the section's facts, and ask again with
the exact discrepancies until it passes or the repairs (Settings.max_repairs) run out.

An answer that is no section at all (a refusal, mostly not Chinese) is never accepted whatever its
numbers: it is asked again within the same budget, and if it persists a ModelError names the section.
When the repairs run out with invented numbers left, the whole sentences carrying them are dropped
if the section then checks better (the model was asked to delete them and did not).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace

from drafter.config import Settings
from drafter.errors import ModelError
from drafter.notes import Fact, FactSection, Notes

from .answers import clean_body, judge_answer, rejection_prompt
from .llm import ChatClient, Message
from .model_prompts import fact_rows
from .problems import Problems, check_body
from .progress import ProgressTracker
from .prompts import render
from .redact import Redactor

__all__ = ["SectionOutcome", "Session", "write_checked", "section_notes"]


def section_notes(notes: Notes, facts: list[Fact], title: str = "", closing: str | None = None) -> Notes:
    """The notes as the checker should see them for one section: its facts plus the front matter."""
    return replace(notes, sections=[FactSection(title=title, facts=list(facts), closing=closing)])


@dataclass
class SectionOutcome:
    key: str  # "opening" or "section-NN"
    number: int  # 0 for the opening
    heading: str  # numbered heading line text (the opening has none)
    body: str
    fact_ids: list[str]
    ok: bool
    repairs: int = 0
    calls: int = 0
    problems: dict = field(default_factory=dict)  # Problems as JSON (empty when ok)
    seconds: float = 0.0
    new_heading: str | None = None  # a heading the model wrote (used only when asked for one)
    trimmed: list[str] = field(default_factory=list)  # sentences with invented numbers drafter removed after the repairs
    resumed: bool = False

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("resumed")
        return data

    @classmethod
    def from_json(cls, data: dict) -> "SectionOutcome":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "resumed"}
        return cls(**known)


@dataclass
class Session:
    """What every call of one run shares: the client, the redactor, the concurrency limit, the progress."""

    client: ChatClient
    redactor: Redactor
    settings: Settings
    limit: asyncio.Semaphore
    progress: ProgressTracker

    async def ask(self, messages: list[Message], label: str, accept: Callable[[str], bool] | None = None,
                  on_send: Callable[[], None] | None = None) -> str:
        """Send redacted messages; return the answer with personal data put back.

        accept(answer) tells the cache whether an answer may be kept (see ChatClient.complete);
        on_send runs when the call gets its turn under the concurrency limit.
        """
        sent = [(role, self.redactor.redact(text)) for role, text in messages]  # before the wait: nothing stands before the send
        async with self.limit:
            if on_send is not None:
                on_send()
            reply = await self.client.complete(sent, label=label, accept=accept)
            return reply.text


def _repair_request(problems: Problems, facts: list[dict]) -> str:
    if problems.rejected:
        return rejection_prompt(problems.rejected, facts)
    # Every field of Problems goes to the template, so a kind of problem added there (and named in
    # repair.j2) reaches the prompt without a change here.
    found = {f.name: getattr(problems, f.name) for f in fields(problems)}
    return render("repair", **found, facts=facts).strip()


async def write_checked(
    session: Session,
    messages: list[Message],
    *,
    key: str,
    number: int,
    heading: str,
    facts: list[Fact],
    check_notes: Notes,
    facts_required: bool,
) -> SectionOutcome:
    """Ask, check, and repair with the exact discrepancies until the section passes or repairs run out.

    The answer with the fewest problems is kept (the latest on a tie).
    """
    start = time.perf_counter()
    extra = session.settings.extra_set_phrases
    label = heading or key
    progress = session.progress

    def acceptable(answer: str) -> bool:  # a refusal or a non-Chinese answer never enters the cache
        return judge_answer(clean_body(session.redactor.restore(answer), heading)[0]) is None

    def judge(answer: str) -> tuple[str, str | None, Problems]:
        body, found = clean_body(session.redactor.restore(answer), heading)
        rejected = judge_answer(body)
        if rejected:
            return body, found, Problems(rejected=rejected)
        return body, found, check_body(body, check_notes, facts_required=facts_required, extra_set_phrases=extra)

    answer = await session.ask(messages, f"{label}: write", accept=acceptable, on_send=lambda: progress.started(key, heading))
    body, found, problems = judge(answer)
    best = (body, found, problems)
    calls, repairs = 1, 0
    rows = fact_rows(facts)
    while not problems.ok and repairs < session.settings.max_repairs:
        repairs += 1
        progress.repairing(key, heading)
        messages = [*messages, ("assistant", answer), ("user", _repair_request(problems, rows))]
        answer = await session.ask(messages, f"{label}: repair {repairs}", accept=acceptable)
        calls += 1
        body, found, problems = judge(answer)
        if problems.count <= best[2].count:
            best = (body, found, problems)
    body, found, problems = best
    if not problems.ok and not problems.rejected:
        trimmed_body, trimmed = _without_invented_sentences(body, problems)
        if trimmed:
            again = check_body(trimmed_body, check_notes, facts_required=facts_required, extra_set_phrases=extra)
            if again.count < problems.count and len(again.missing) <= len(problems.missing):
                body, problems = trimmed_body, again
            else:
                trimmed = []
    else:
        trimmed = []
    if problems.rejected:
        progress.finished(key, heading, ok=False, reason=str(problems.rejected))
        where = f"section {heading}" if heading else "the opening"
        raise ModelError(f"{where}: {problems.rejected}, and again after {repairs} repair request(s)")
    progress.finished(key, heading, ok=problems.ok, text=body)
    return SectionOutcome(
        key=key, number=number, heading=heading, body=body, fact_ids=[f.id for f in facts], ok=problems.ok,
        repairs=repairs, calls=calls, problems={} if problems.ok else asdict(problems),
        seconds=round(time.perf_counter() - start, 3), new_heading=found, trimmed=trimmed,
    )


_SENTENCE = re.compile(r"[^。！？\n]*[。！？]|[^。！？\n]+$")


def _without_invented_sentences(body: str, problems: Problems) -> tuple[str, list[str]]:
    """The body without the whole sentences that carry a number (or an honour) no fact supports, and those sentences.

    The last resort once the repairs have run out: the repair prompt asked the model to delete
    them. Only whole sentences (to a full stop) go, never a clause of an enumeration; the caller
    re-checks, so a sentence that also states a fact's number is never lost.
    """
    invented = [u["quantity"] for u in problems.unsupported if u.get("quantity")]
    invented += [c["name"] for c in problems.claims if c["kind"] == "honour" and not c["missing"] and not c["nearest"]]  # invented honours
    if not invented:
        return body, []
    kept_paragraphs, removed = [], []
    for paragraph in body.split("\n\n"):
        sentences = _SENTENCE.findall(paragraph)
        keep = [x for x in sentences if not any(q in x for q in invented)]
        removed += [x.strip() for x in sentences if x not in keep]
        if "".join(keep).strip():
            kept_paragraphs.append("".join(keep).strip())
    return "\n\n".join(kept_paragraphs), removed
