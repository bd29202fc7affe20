"""The model writer's run: notes → plan → style examples → every section at once → check → repair → files.

All first-attempt calls of a draft (every body section, the closing sections, the opening) go out
in one wave, bounded by Settings.concurrency; the opening and the closing are written from the notes
and the headings, not from the body's text, so nothing makes them wait. Each answer is checked as it
arrives and a failing section is repaired at once (drafter.writing.repair_loop). Every prompt is
rendered before the first one is sent, so the wave leaves together.

Finished sections are saved in a run directory (state_dir/runs/<hash of notes + model>) so that
`--resume` asks only for what is missing; answers are cached (drafter.writing.cache) so that an
identical re-run asks nothing. Progress goes to a callback (drafter.writing.progress), never to a
terminal: the CLI and the web page show it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from drafter.config import Settings
from drafter.document import Draft, DraftSection, render_markdown
from drafter.errors import ModelError
from drafter.notes import Notes, ignored_number_warnings, load_notes
from drafter.textio import atomic_write_text

from .answers import estimate_tokens
from .examples import retrieve_examples
from .llm import ChatClient, Endpoint, RetryPolicy, import_client_modules, resolve_endpoint
from .model_prompts import closing_prompt, opening_prompt, section_prompt, system_prompt
from .outputs import DraftResult, build_sidecar, resolve_output
from .plan import Plan, PlannedSection, plan_draft
from .problems import Problems
from .progress import ProgressCallback, ProgressTracker
from .redact import Redactor, should_redact
from .repair_loop import SectionOutcome, Session, section_notes, write_checked

__all__ = ["make_model_draft", "run_dir_for"]


def run_dir_for(settings: Settings, notes: Notes, model: str) -> Path:
    digest = hashlib.sha256(f"{notes.sha256}\0{model}".encode("utf-8")).hexdigest()[:16]
    return settings.state_dir / "runs" / digest


def _save(run_dir: Path, outcome: SectionOutcome) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(run_dir / f"{outcome.key}.json", json.dumps(outcome.to_json(), ensure_ascii=False, indent=1) + "\n")


def _load(run_dir: Path, key: str, heading: str, fact_ids: list[str]) -> SectionOutcome | None:
    """A section an earlier run finished and passed, if it is still the same section."""
    try:
        data = json.loads((run_dir / f"{key}.json").read_text("utf-8"))
        outcome = SectionOutcome.from_json(data)
    except (OSError, ValueError, TypeError):
        return None
    if not outcome.ok or outcome.heading != heading or outcome.fact_ids != fact_ids or not outcome.body.strip():
        return None
    outcome.resumed = True
    return outcome


def _key(section: PlannedSection) -> str:
    return f"section-{section.number:02d}"


@dataclass
class _Job:
    key: str
    section: PlannedSection | None  # None for the opening
    user_prompt: str

    @property
    def heading(self) -> str:
        return self.section.numbered_heading if self.section else ""


def _jobs(plan: Plan, examples: dict[int, list]) -> list[_Job]:
    """Every call of the wave, in the order they are sent: the body, the closing, the opening."""
    jobs = [_Job(_key(s), s, section_prompt(plan, s, examples.get(s.number, []))) for s in plan.body]
    jobs += [_Job(_key(s), s, closing_prompt(plan, s)) for s in plan.closing]
    return [*jobs, _Job("opening", None, opening_prompt(plan))]


async def _write_all(plan: Plan, jobs: list[_Job], endpoint: Endpoint, settings: Settings, *, redactor: Redactor,
                     run_dir: Path, resume: bool, tracker: ProgressTracker) -> tuple[dict[str, SectionOutcome], ChatClient]:
    notes = plan.notes
    system = system_prompt(plan)
    outcomes: dict[str, SectionOutcome] = {}
    if not resume and run_dir.is_dir():
        for stale in run_dir.glob("*.json"):
            stale.unlink(missing_ok=True)

    async with ChatClient(
            endpoint, timeout=settings.timeout, retry=RetryPolicy.from_settings(settings), cache_path=settings.state_dir / "llm_cache.sqlite"
        ) as client:
        session = Session(client, redactor, settings, asyncio.Semaphore(settings.concurrency), tracker)

        async def one(job: _Job) -> SectionOutcome:
            s = job.section
            facts = s.facts if s else []
            if resume:
                old = _load(run_dir, job.key, job.heading, [f.id for f in facts])
                if old is not None:
                    tracker.finished(job.key, job.heading, ok=True, text=old.body)
                    return old
            if s is not None and s.facts:
                check_notes, required = section_notes(notes, s.facts, s.title, s.closing), True
            else:
                check_notes, required = notes, False  # no facts of its own: only invented numbers count
            outcome = await write_checked(
                session, [("system", system), ("user", job.user_prompt)], key=job.key, number=s.number if s else 0,
                heading=job.heading, facts=facts, check_notes=check_notes, facts_required=required,
            )
            _save(run_dir, outcome)
            return outcome

        results = await asyncio.gather(*(one(j) for j in jobs), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        for r in results:
            if isinstance(r, SectionOutcome):
                outcomes[r.key] = r
        if errors:
            first = next((e for e in errors if isinstance(e, ModelError)), errors[0])
            if not isinstance(first, ModelError):
                raise first
            raise ModelError(f"{first}; {len(outcomes)} section(s) finished and saved, run again with --resume to ask only for the rest")
    return outcomes, client


def _dry_run(plan: Plan, jobs: list[_Job], redactor: Redactor, endpoint: Endpoint, notices: list[str]) -> None:
    system = redactor.redact(system_prompt(plan))
    out = sys.stdout
    out.write(f"# dry run: {len(jobs)} calls to {endpoint.spec} at {endpoint.describe()['base_url']}"
              f"{' (redacted)' if redactor.enabled else ''}; nothing is sent\n")
    for note in notices:
        out.write(f"# note: {note}\n")
    out.write("\n===== system =====\n" + system + "\n")
    total = 0
    for job in jobs:
        text = redactor.redact(job.user_prompt)
        tokens = estimate_tokens(system) + estimate_tokens(text)
        total += tokens
        out.write(f"===== {job.heading or '开头'} (about {tokens} input tokens) =====\n{text}\n")
    out.write(f"# estimate: about {total} input tokens in {len(jobs)} calls, before any repair "
              f"(each repair resends its section's conversation)\n")


def _examples_while_importing(plan: Plan, settings: Settings) -> tuple[dict[int, list], list[str]]:
    """Retrieve the style examples in a thread while this one imports the chat client, so the first
    request waits for the longer of the two, not for both in turn.

    Two threads importing at once can meet Python's import-deadlock guard where packages import
    each other in a circle; openai (pydantic, httpx), which both sides use, loads first, and should
    the guard still fire, the loser is simply run again once the other side is done.
    """
    import openai  # noqa: F401

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafter-examples")
    future = pool.submit(retrieve_examples, plan, settings)
    try:
        try:
            import_client_modules()
        except RuntimeError:  # importlib's _DeadlockError: try again without company
            future.exception()
            import_client_modules()
        try:
            return future.result()
        except RuntimeError:
            return retrieve_examples(plan, settings)
    finally:
        pool.shutdown(wait=True)


def make_model_draft(
    notes_path: Path,
    settings: Settings,
    *,
    out: Path | None = None,
    fmt: str | None = None,
    force: bool = False,
    use_examples: bool = True,
    dry_run: bool = False,
    resume: bool = False,
    quiet: bool = False,  # kept for callers; the display is the caller's (progress=)
    redact: bool | None = None,
    comments: bool = False,
    progress: ProgressCallback | None = None,
):
    """Draft with a model. Returns a DraftResult, or None for a dry run (which prints the prompts)."""
    from drafter.numbers import check_text
    from drafter.reports import write_outputs

    endpoint = resolve_endpoint(settings.model, require_key=not dry_run)
    if not dry_run:
        out, fmt = resolve_output(notes_path, out, fmt, force)
    notes = load_notes(notes_path)
    plan = plan_draft(notes, for_model=True)
    redactor = Redactor.for_names(notes.redact, enabled=should_redact(redact, endpoint.is_loopback))
    redactor.redact("\n".join(f.text for f in notes.facts))  # fixes the placeholders' order, so prompts (and cache keys) repeat
    if not use_examples:
        examples, notices = {}, []
    elif dry_run:  # nothing is sent: no client to import
        examples, notices = retrieve_examples(plan, settings)
    else:
        examples, notices = _examples_while_importing(plan, settings)
    notices = ignored_number_warnings(notes) + notices  # a figure left out of the facts is never silent
    for section in plan.body:
        section.examples = [e.id for e in examples.get(section.number, [])]
    jobs = _jobs(plan, examples)
    if dry_run:
        _dry_run(plan, jobs, redactor, endpoint, notices)
        return None

    run_dir = run_dir_for(settings, notes, settings.model)
    start = time.perf_counter()
    tracker = ProgressTracker(progress, total=len(jobs))
    outcomes, client = asyncio.run(_write_all(plan, jobs, endpoint, settings, redactor=redactor,
                                              run_dir=run_dir, resume=resume, tracker=tracker))
    wall = time.perf_counter() - start

    sections = []
    for s in plan.sections:
        o = outcomes[_key(s)]
        sections.append(DraftSection(number=s.number, heading=s.numbered_heading, body=o.body, title=s.title, topic=s.topic,
                                     fact_ids=[f.id for f in s.facts], examples=list(s.examples), closing=s.closing))
    draft = Draft(title=plan.title, opening=outcomes["opening"].body, sections=sections, model=settings.model)
    report = check_text(render_markdown(draft), notes, extra_set_phrases=settings.extra_set_phrases)

    ordered = [outcomes["opening"], *(outcomes[_key(s)] for s in plan.sections)]
    failed = [o for o in ordered if not o.ok]
    for o in failed:
        where = o.heading or "the opening"
        what = Problems(**o.problems).quantities()
        notices.append(f"section {where} still fails its check after {o.repairs} repair(s): {what}")
    for o in ordered:
        if o.trimmed:
            where = o.heading or "the opening"
            notices.append(f"section {where}: the model kept numbers no fact supports after {o.repairs} repair(s); "
                           f"removed the sentence(s): {' '.join(o.trimmed)}")
    records = client.records
    notices.append(  # no "name:" right after the spec: rich would read ":m:" as an emoji code
        f"{sum(r.attempts for r in records)} requests to {endpoint.spec} for {len(records)} calls "
        f"({sum(r.cached for r in records)} from cache, {sum(o.resumed for o in ordered)} sections resumed), "
        f"{sum(r.input_tokens for r in records)} input + {sum(r.output_tokens for r in records)} output tokens, {wall:.1f} s"
    )
    extra = {
        "model_run": {
            "endpoint": endpoint.describe(),
            "redacted": redactor.enabled,
            "examples": use_examples,
            "concurrency": settings.concurrency,
            "wall_seconds": round(wall, 3),
            "tokens": {"input": sum(r.input_tokens for r in records), "output": sum(r.output_tokens for r in records)},
            "calls": [r.to_json() for r in records],
            "sections": [
                {"key": o.key, "number": o.number, "heading": o.heading, "ok": o.ok, "repairs": o.repairs, "calls": o.calls,
                 "seconds": o.seconds, "resumed": o.resumed, "problems": o.problems, "trimmed": o.trimmed}
                for o in ordered
            ],
            "failed_sections": [o.heading or "opening" for o in failed],
            "run_dir": str(run_dir),
        }
    }
    sidecar = build_sidecar(draft, notes, report, out, extra=extra)
    outputs = write_outputs(draft, out, fmt, sidecar, force=force, comments=comments)
    return DraftResult(draft=draft, plan=plan, report=report, outputs=outputs, notices=notices,
                       failed=[f"{o.heading or 'opening'}: {Problems(**o.problems).quantities()}" for o in failed])
