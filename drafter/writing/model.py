"""The model writer: notes → plan → style examples → sections (in parallel) → check → repair → files.

Each body section is written by the model from its own facts, checked as it arrives against those
facts, and asked again with the exact discrepancies (at most Settings.max_repairs times). A section
that still fails is kept and reported, never silently. An answer that is no section at all (a
refusal, or text mostly not in Chinese) is never accepted, whatever its numbers: it is asked again
within the same repair budget, and if it persists the run stops with a ModelError naming the
section (the finished sections stay saved for --resume). The closing sections and the opening come
after the body. drafter, not the model, owns every heading line.

Finished sections are saved in a run directory (state_dir/runs/<hash of notes + model>) so that
`--resume` asks only for what is missing; answers are cached (drafter.llm) so that an identical
re-run asks nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from drafter.config import Settings
from drafter.document import Draft, DraftSection, render_markdown
from drafter.errors import ModelError
from drafter.notes import Fact, FactSection, Notes, load_notes
from drafter.textio import atomic_write_text

from .examples import retrieve_examples
from .llm import ChatClient, Endpoint, Message, RetryPolicy, resolve_endpoint
from .outputs import DraftResult, build_sidecar, resolve_output
from .plan import Plan, PlannedSection, plan_draft
from .problems import Problems, check_body
from .prompts import render
from .redact import Redactor, should_redact

__all__ = [
    "make_model_draft",
    "Problems",
    "SectionOutcome",
    "Session",
    "clean_body",
    "judge_answer",
    "cjk_share",
    "mask_example",
    "write_checked",
    "section_notes",
    "estimate_tokens",
]


# -- small pure helpers -------------------------------------------------------------------------

def estimate_tokens(text: str) -> int:
    """Chinese text runs about 1.5 characters a token with common tokenizers; an estimate only."""
    return int(len(text) / 1.5) + 1


_FALLBACK_QUANTITY = re.compile(
    r"[0-9０-９][0-9０-９,.，．%％]*[万亿千百十]?[多余近约]?"
    r"|[零〇一二两三四五六七八九十百千万亿]{2,}[多余]?(?=[个名人次位支家户场期篇块座所元件项条年月日天])"
    r"|[零〇一二两三四五六七八九十百千]+(?=[个名人次位支家户场期篇块座所元件项条])"
)
_QUOTED = re.compile(r"“[^”\n]{1,30}”|《[^》\n]{1,40}》|「[^」\n]{1,30}」")


def mask_example(text: str, limit: int = 400) -> str:
    """A style example with its quantities replaced by X and its quoted names by 某某 (data, not content)."""
    text = text.strip()[: limit * 2]
    spans = _quantity_spans(text)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "X" + text[end:]
    text = _QUOTED.sub(lambda m: m.group(0)[0] + "某某" + m.group(0)[-1], text)
    text = re.sub(r"X(?:[X,.，．、]*X)+", "X", text)
    return text[:limit].rstrip() + ("……" if len(text) > limit else "")


def _quantity_spans(text: str) -> list[tuple[int, int]]:
    try:
        from drafter.numbers import find_quantities
    except ImportError:  # the number module is optional here: a regex does for masking
        find_quantities = None
    spans: list[tuple[int, int]] = []
    if find_quantities is not None:
        try:
            for q in find_quantities(text):
                span = getattr(q, "span", None)
                start, end = span if isinstance(span, tuple) else (getattr(q, "start", None), getattr(q, "end", None))
                if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                    spans.append((start, end))
        except Exception:  # masking must never stop a draft
            spans = []
    if not spans:
        spans = [m.span() for m in _FALLBACK_QUANTITY.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_NUMBERED = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+|\d{1,2})[、.．]\s*")
_PREAMBLE = re.compile(r"^(好的|当然|以下是|下面是|根据您?提供的|按照要求)[^\n]{0,40}[：:]\s*$")
_FENCE = re.compile(r"^```[\w-]*\s*$", re.M)


def clean_body(text: str, heading: str = "") -> tuple[str, str | None]:
    """The model's answer as a section body, and the heading line it wrote first (if any).

    drafter owns headings: a leading heading line is removed (and returned so rewrite can honour a
    requested new heading); any other Markdown heading marks are dropped, so no '## ' line can
    split the section when the draft is parsed again.
    """
    text = _FENCE.sub("", text.replace("\r\n", "\n")).strip()
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    found: str | None = None
    if lines and _PREAMBLE.match(lines[0]):
        lines.pop(0)
    if lines and (_looks_like_heading(lines[0], heading) or (len(lines) > 1 and _short_line(lines[0]))):
        found = _NUMBERED.sub("", lines.pop(0).lstrip("#").strip()).strip("：: ")
    paragraphs = []
    for line in lines:
        line = line.lstrip("#").strip() if line.startswith("#") else line
        line = line.replace("**", "").replace("__", "")
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs), found


_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|第[一二三四五六七八九十]+[，,、])")


def _short_line(line: str) -> bool:
    """A title-like line: short, no sentence punctuation, not a lead-in ending with a colon.

    A first item written without its full stop ("一是开展集中学习两次") is body, not a heading: a model
    that answers one item per line, without a heading, must not lose its first fact.
    """
    return (len(line) <= 40 and not re.search(r"[。；;！？!?]", line) and not line.endswith(("：", ":", "，", ",", "、"))
            and not _ENUMERATED.match(line))


def _looks_like_heading(line: str, heading: str) -> bool:
    bare = _NUMBERED.sub("", line.lstrip("#").strip()).strip("：: ")
    want = _NUMBERED.sub("", heading).strip()
    if line.startswith("#"):
        return True
    if want and bare == want:
        return True
    return bool(_NUMBERED.match(line)) and len(line) <= 40 and "。" not in line and "；" not in line


def section_notes(notes: Notes, facts: list[Fact], title: str = "", closing: str | None = None) -> Notes:
    """The notes as the checker should see them for one section: its facts plus the front matter."""
    return replace(notes, sections=[FactSection(title=title, facts=list(facts), closing=closing)])


# -- answers that are no section at all ----------------------------------------------------------

_REFUSAL_START = re.compile(
    r"^(?:很|非常|十分)?(?:抱歉|对不起|不好意思|遗憾)[^。\n]{0,40}?(?:无法|不能|不便|没法|不可以)"
    r"|^作为(?:一[个名])?(?:AI|人工智能|语言模型|大模型|助手)"
    r"|^(?:I'?m sorry|I am sorry|sorry|I can(?:no|')t|I am unable|I'm unable|As an AI)",
    re.I,
)
_REFUSAL_ANYWHERE = re.compile(r"我(?:无法|不能|没法|不便)(?:协助|帮助|帮您|帮你|完成|提供|回答|处理|满足|生成|撰写)")


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the letters of `text` (1.0 when it has no letters at all)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff")
    return cjk / len(letters)


def judge_answer(body: str) -> str | None:
    """Why a cleaned answer cannot be a section whatever its numbers (a refusal, not Chinese), or None."""
    text = body.strip()
    head = text[:200]
    if _REFUSAL_START.search(head) or (len(text) < 300 and _REFUSAL_ANYWHERE.search(text)):
        snippet = " ".join(text.split())[:30]
        return f"the model refused to write it (\u201c{snippet}\u201d)"
    if not any(ch.isalpha() for ch in text):
        return "the answer has no text, only numbers and punctuation"
    share = cjk_share(text)
    if share < 0.5:
        return f"the answer is mostly not in Chinese ({share:.0%} of its letters are Chinese)"
    return None


_REJECTED_ZH = {"refused": "模型拒绝了写作请求", "Chinese": "回答主要不是中文"}


def rejection_prompt(reason: str, facts: list[dict]) -> str:
    """The repair request after an answer that is no section: ask again, in Chinese, for this section."""
    why = next((zh for key, zh in _REJECTED_ZH.items() if key in reason), "回答不是本部分的正文")
    return render("reject", why=why, facts=facts).strip()


# -- checking -------------------------------------------------------------------------------------

# -- one section, checked and repaired ------------------------------------------------------------

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
    resumed: bool = False

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("resumed")
        return data

    @classmethod
    def from_json(cls, data: dict) -> "SectionOutcome":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "resumed"}
        return cls(**known)


class _Display:
    """A rich progress line per section on stderr; silent when quiet or when stderr is not a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._progress = None

    def __enter__(self) -> "_Display":
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def add(self, label: str) -> int | None:
        if self._progress is None:
            return None
        return self._progress.add_task(label[:40], total=1, status="waiting")

    def update(self, task: int | None, status: str, *, done: bool = False) -> None:
        if self._progress is not None and task is not None:
            self._progress.update(task, status=status, completed=1 if done else 0)


@dataclass
class Session:
    """What every call of one run shares: the client, the redactor, the concurrency limit, the display."""

    client: ChatClient
    redactor: Redactor
    settings: Settings
    display: _Display
    limit: asyncio.Semaphore

    async def ask(self, messages: list[Message], label: str, task: int | None, status: str,
                  accept: Callable[[str], bool] | None = None) -> str:
        """Send redacted messages; return the answer with personal data put back.

        accept(answer) tells the cache whether an answer may be kept (see ChatClient.complete).
        """
        async with self.limit:
            self.display.update(task, status)
            sent = [(role, self.redactor.redact(text)) for role, text in messages]
            chars = 0

            def progress(n: int) -> None:
                nonlocal chars
                if n - chars >= 20:
                    chars = n
                    self.display.update(task, f"{status} ({n} 字)")

            reply = await self.client.complete(sent, label=label, on_progress=progress, accept=accept)
            return reply.text


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
    task: int | None = None,
) -> SectionOutcome:
    """Ask, check, and repair with the exact discrepancies until the section passes or repairs run out.

    The answer with the fewest problems is kept (the latest on a tie).
    """
    start = time.perf_counter()
    extra = session.settings.extra_set_phrases
    label = heading or key

    def acceptable(answer: str) -> bool:  # a refusal or a non-Chinese answer never enters the cache
        return judge_answer(clean_body(session.redactor.restore(answer), heading)[0]) is None

    def judge(answer: str) -> tuple[str, str | None, Problems]:
        body, found = clean_body(session.redactor.restore(answer), heading)
        rejected = judge_answer(body)
        if rejected:
            return body, found, Problems(rejected=rejected)
        return body, found, check_body(body, check_notes, facts_required=facts_required, extra_set_phrases=extra)

    answer = await session.ask(messages, f"{label}: write", task, "writing", accept=acceptable)
    body, found, problems = judge(answer)
    best = (body, found, problems)
    calls, repairs = 1, 0
    fact_rows = [{"id": f.id, "text": f.text} for f in facts]
    while not problems.ok and repairs < session.settings.max_repairs:
        repairs += 1
        session.display.update(task, f"repair {repairs}")
        if problems.rejected:
            request = rejection_prompt(problems.rejected, fact_rows)
        else:
            request = render("repair", missing=problems.missing, unsupported=problems.unsupported,
                             placeholders=problems.placeholders, facts=fact_rows)
        messages = [*messages, ("assistant", answer), ("user", request)]
        answer = await session.ask(messages, f"{label}: repair {repairs}", task, f"repair {repairs}", accept=acceptable)
        calls += 1
        body, found, problems = judge(answer)
        if problems.count <= best[2].count:
            best = (body, found, problems)
    body, found, problems = best
    if problems.rejected:
        session.display.update(task, "✗ " + problems.rejected, done=True)
        where = f"section {heading}" if heading else "the opening"
        raise ModelError(f"{where}: {problems.rejected}, and again after {repairs} repair request(s)")
    outcome = SectionOutcome(
        key=key, number=number, heading=heading, body=body, fact_ids=[f.id for f in facts], ok=problems.ok,
        repairs=repairs, calls=calls, problems={} if problems.ok else asdict(problems),
        seconds=round(time.perf_counter() - start, 3), new_heading=found,
    )
    mark = "✓ ok" if problems.ok else f"✗ {problems.quantities()}"
    session.display.update(task, mark + (f" after {repairs} repair{'s' if repairs > 1 else ''}" if repairs else ""), done=True)
    return outcome


# -- prompts ------------------------------------------------------------------------------------

def _unit(notes: Notes) -> str:
    return "村" if notes.community.endswith("村") else "社区"


def system_prompt(plan: Plan) -> str:
    notes = plan.notes
    return render("system", unit=_unit(notes), title=plan.title, kind=notes.kind or "工作总结")


def _fact_rows(facts: list[Fact]) -> list[dict]:
    return [{"id": f.id, "text": f.text} for f in facts]


def _headings(plan: Plan) -> list[str]:
    return [s.numbered_heading for s in plan.sections]


def section_prompt(plan: Plan, section: PlannedSection, examples: list) -> str:
    notes = plan.notes
    return render(
        "section",
        title=plan.title, community=notes.community, period=notes.period, headings=_headings(plan),
        heading=section.numbered_heading, facts=_fact_rows(section.facts),
        examples=[{"heading": e.heading or e.title, "text": mask_example(e.text)} for e in examples],
    )


def closing_prompt(plan: Plan, section: PlannedSection) -> str:
    return render(
        "closing", title=plan.title, heading=section.numbered_heading, headings=[s.numbered_heading for s in plan.body],
        facts=_fact_rows(section.facts), kind=section.closing or "both",
    )


def opening_prompt(plan: Plan) -> str:
    notes = plan.notes
    return render(
        "opening", title=plan.title, community=notes.community, period=notes.period,
        guideline=notes.guideline, headings=_headings(plan),
    )


# -- style examples -------------------------------------------------------------------------------

# -- the run --------------------------------------------------------------------------------------

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


async def _write_all(plan: Plan, endpoint: Endpoint, settings: Settings, *, examples: dict[int, list], redactor: Redactor,
                     run_dir: Path, resume: bool, display: _Display) -> tuple[dict[str, SectionOutcome], ChatClient]:
    notes = plan.notes
    system = system_prompt(plan)
    outcomes: dict[str, SectionOutcome] = {}
    if not resume and run_dir.is_dir():
        for stale in run_dir.glob("*.json"):
            stale.unlink(missing_ok=True)

    async with ChatClient(
            endpoint, timeout=settings.timeout, retry=RetryPolicy.from_settings(settings), cache_path=settings.state_dir / "llm_cache.sqlite"
        ) as client:
        session = Session(client, redactor, settings, display, asyncio.Semaphore(settings.concurrency))

        async def one(job: _Job) -> SectionOutcome:
            s = job.section
            heading = s.numbered_heading if s else ""
            facts = s.facts if s else []
            task = display.add(heading or "开头")
            if resume:
                old = _load(run_dir, job.key, heading, [f.id for f in facts])
                if old is not None:
                    display.update(task, "✓ resumed", done=True)
                    return old
            if s is not None and s.facts:
                check_notes, required = section_notes(notes, s.facts, s.title, s.closing), True
            else:
                check_notes, required = notes, False  # no facts of its own: only invented numbers count
            outcome = await write_checked(
                session, [("system", system), ("user", job.user_prompt)], key=job.key, number=s.number if s else 0,
                heading=heading, facts=facts, check_notes=check_notes, facts_required=required, task=task,
            )
            _save(run_dir, outcome)
            return outcome

        async def stage(jobs: list[_Job]) -> None:
            results = await asyncio.gather(*(one(j) for j in jobs), return_exceptions=True)
            errors = [r for r in results if isinstance(r, BaseException)]
            for r in results:
                if isinstance(r, SectionOutcome):
                    outcomes[r.key] = r
            if errors:
                first = next((e for e in errors if isinstance(e, ModelError)), errors[0])
                if not isinstance(first, ModelError):
                    raise first
                done = len(outcomes)
                raise ModelError(f"{first}; {done} section(s) finished and saved, run again with --resume to ask only for the rest")

        await stage([_Job(_key(s), s, section_prompt(plan, s, examples.get(s.number, []))) for s in plan.body])
        # The closing and the opening come after the body, written to fit it.
        await stage([_Job(_key(s), s, closing_prompt(plan, s)) for s in plan.closing] + [_Job("opening", None, opening_prompt(plan))])
    return outcomes, client


def _dry_run(plan: Plan, examples: dict[int, list], redactor: Redactor, endpoint: Endpoint, notices: list[str]) -> None:
    system = redactor.redact(system_prompt(plan))
    prompts = [(s.numbered_heading, section_prompt(plan, s, examples.get(s.number, []))) for s in plan.body]
    prompts += [(s.numbered_heading, closing_prompt(plan, s)) for s in plan.closing]
    prompts.append(("开头", opening_prompt(plan)))
    out = sys.stdout
    out.write(f"# dry run: {len(prompts)} calls to {endpoint.spec} at {endpoint.describe()['base_url']}"
              f"{' (redacted)' if redactor.enabled else ''}; nothing is sent\n")
    for note in notices:
        out.write(f"# note: {note}\n")
    out.write("\n===== system =====\n" + system + "\n")
    total = 0
    for label, prompt in prompts:
        text = redactor.redact(prompt)
        tokens = estimate_tokens(system) + estimate_tokens(text)
        total += tokens
        out.write(f"===== {label} (about {tokens} input tokens) =====\n{text}\n")
    out.write(f"# estimate: about {total} input tokens in {len(prompts)} calls, before any repair "
              f"(each repair resends its section's conversation)\n")


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
    quiet: bool = False,
    redact: bool | None = None,
    comments: bool = False,
):
    """Draft with a model. Returns a DraftResult, or None for a dry run (which prints the prompts)."""
    from drafter.numbers import check_text
    from drafter.reports import write_outputs

    endpoint = resolve_endpoint(settings.model, require_key=not dry_run)
    if not dry_run:
        out, fmt = resolve_output(notes_path, out, fmt, force)
    notes = load_notes(notes_path)
    plan = plan_draft(notes)
    redactor = Redactor.for_names(notes.redact, enabled=should_redact(redact, endpoint.is_loopback))
    redactor.redact("\n".join(f.text for f in notes.facts))  # fixes the placeholders' order, so prompts (and cache keys) repeat
    examples, notices = retrieve_examples(plan, settings) if use_examples else ({}, [])
    for section in plan.body:
        section.examples = [e.id for e in examples.get(section.number, [])]
    if dry_run:
        _dry_run(plan, examples, redactor, endpoint, notices)
        return None

    run_dir = run_dir_for(settings, notes, settings.model)
    start = time.perf_counter()
    display = _Display(enabled=not quiet and sys.stderr.isatty())
    with display:
        outcomes, client = asyncio.run(_write_all(plan, endpoint, settings, examples=examples, redactor=redactor,
                                                  run_dir=run_dir, resume=resume, display=display))
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
            "wall_seconds": round(wall, 3),
            "tokens": {"input": sum(r.input_tokens for r in records), "output": sum(r.output_tokens for r in records)},
            "calls": [r.to_json() for r in records],
            "sections": [
                {"key": o.key, "number": o.number, "heading": o.heading, "ok": o.ok, "repairs": o.repairs, "calls": o.calls,
                 "seconds": o.seconds, "resumed": o.resumed, "problems": o.problems}
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
