"""Rewriting one section of a Markdown draft in place; every other byte of the file stays as it was.

The section's facts come from the sidecar (DRAFT.json beside DRAFT.md, its facts path relative to
the sidecar) or from --facts (matched by heading, else by the section's position in the plan).
The new section is checked and repaired like `draft` does; DRAFT.md.bak keeps the old file.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from drafter.config import Settings
from drafter.document import MarkdownSection, find_sidecar, parse_markdown_sections
from drafter.errors import InputError
from drafter.notes import Fact, Notes, load_notes
from drafter.textio import atomic_write_bytes, atomic_write_text

from .plan import Plan, PlannedSection, plan_draft
from .progress import ProgressCallback, ProgressTracker

__all__ = ["RewriteResult", "rewrite_section", "select_section", "splice_section"]

_NUMBERING = re.compile(r"^\s*((?:[一二三四五六七八九十]+|\d{1,2})[、.．])\s*")
_CN_NUMBER = re.compile(r"^[一二三四五六七八九十]+$")


@dataclass
class RewriteResult:
    path: Path
    backup: Path
    number: int  # 1-based position among the draft's sections
    heading: str  # the heading line after the rewrite
    ok: bool  # the rewritten section passed its check
    problems: str  # what still fails, e.g. "missing 300多人; unsupported 500名" ("" when ok)
    repairs: int
    report: object  # the whole draft's check report after the rewrite
    notices: list[str] = field(default_factory=list)


def _bare(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip()


def select_section(sections: list[MarkdownSection], selector: str, *, path: str = "<draft>") -> int:
    """The index of the section named by `selector`: a 1-based number, 三 (its numbering), or heading text."""
    s = selector.strip()
    listing = "; ".join(f"{i} {sec.heading.strip()}" for i, sec in enumerate(sections, 1))
    if s.isdigit():
        n = int(s)
        if 1 <= n <= len(sections):
            return n - 1
        raise InputError(f"{path} has no section {n}; its sections: {listing}")
    if _CN_NUMBER.match(s):
        hits = [i for i, sec in enumerate(sections) if sec.heading.strip().startswith(s + "、")]
        if len(hits) == 1:
            return hits[0]
    exact = [i for i, sec in enumerate(sections) if s in (sec.heading.strip(), _bare(sec.heading))]
    if len(exact) == 1:
        return exact[0]
    hits = [i for i, sec in enumerate(sections) if s and s in sec.heading]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        names = "; ".join(f"{i + 1} {sections[i].heading.strip()}" for i in hits)
        raise InputError(f"--section {s!r} matches {len(hits)} sections ({names}); give its number")
    raise InputError(f"{path} has no section matching {s!r}; its sections: {listing}")


def splice_section(text: str, section: MarkdownSection, body: str, heading: str | None = None) -> str:
    """`text` with one section's body (and, if given, its heading line) replaced; nothing else moves."""
    nl = "\r\n" if "\r\n" in text else "\n"
    region = text[section.body_start : section.end]
    if region.strip():
        lead = region[: len(region) - len(region.lstrip())]
        trail = region[len(region.rstrip()) :]
    else:
        lead, trail = nl, nl
    new_region = lead + body.strip().replace("\n", nl) + trail
    head = text[section.start : section.body_start]
    if heading is not None:
        ending = nl if head.endswith("\n") else ""
        head = f"## {heading}{ending}"
    return text[: section.start] + head + new_region + text[section.end :]


@dataclass
class _Target:
    notes: Notes
    facts: list[Fact]
    planned: PlannedSection
    plan: Plan
    sidecar: dict | None
    sidecar_index: int | None


def _from_plan(notes: Notes, heading: str, index: int, path: str, for_model: bool = False) -> tuple[Plan, PlannedSection]:
    plan = plan_draft(notes, for_model=for_model)
    for s in plan.sections:
        if heading.strip() in (s.numbered_heading, s.heading) or _bare(heading) == s.heading:
            return plan, s
    if index < len(plan.sections):
        return plan, plan.sections[index]
    raise InputError(f"the notes plan {len(plan.sections)} sections; {path} section {index + 1} has no counterpart (check --facts)")


def _read_sidecar(sidecar_file: Path, *, required: bool, notices: list[str]) -> dict | None:
    """The sidecar beside the draft; with --facts given a broken one is only noted, not fatal."""
    if not sidecar_file.is_file():
        return None
    problem = None
    try:
        sidecar = json.loads(sidecar_file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        sidecar, problem = None, f"cannot read the sidecar {sidecar_file}: {exc}"
    if problem is None and (not isinstance(sidecar, dict) or not isinstance(sidecar.get("sections"), list)):
        sidecar, problem = None, f"{sidecar_file} is not a drafter sidecar"
    if problem and required:
        raise InputError(f"{problem}; pass --facts NOTES instead")
    if problem:
        notices.append(f"{problem}; it is left as it is")
    return sidecar


def _target(draft_path: Path, heading: str, index: int, facts_path: Path | None, notices: list[str], for_model: bool = False) -> _Target:
    sidecar_file = find_sidecar(draft_path)
    sidecar = _read_sidecar(sidecar_file, required=facts_path is None, notices=notices)
    if facts_path is not None:
        notes = load_notes(facts_path)
        plan, planned = _from_plan(notes, heading, index, str(draft_path), for_model)
        entry = _sidecar_entry(sidecar, heading, index) if sidecar else None
        return _Target(notes, list(planned.facts), planned, plan, sidecar, entry)
    if sidecar is None:
        raise InputError(f"no sidecar {sidecar_file.name} beside {draft_path.name}; pass --facts NOTES to say where the facts are")
    ref = sidecar.get("facts")
    if not isinstance(ref, str) or not ref:
        raise InputError(f"{sidecar_file} names no facts file; pass --facts NOTES")
    notes_path = Path(ref) if Path(ref).is_absolute() else sidecar_file.parent / ref
    notes = load_notes(notes_path)
    entry = _sidecar_entry(sidecar, heading, index)
    if entry is None:
        raise InputError(f"{sidecar_file} has no entry for section {index + 1} ({heading.strip()}); pass --facts NOTES")
    plan = plan_draft(notes, for_model=for_model)
    info = sidecar["sections"][entry]
    if sidecar.get("facts_sha256") and sidecar["facts_sha256"] != notes.sha256:
        # Ids given by position shift when a line is added, so the stored ids may name other facts now:
        # take the section that carries the same heading of the notes instead.
        title = str(info.get("title") or "")
        planned = next((s for s in plan.sections if (title and s.title == title) or s.numbered_heading == heading.strip()), None)
        if planned is None:
            raise InputError(f"{notes_path} changed since the draft was written and has no section {title or heading.strip()!r} now; pass --facts NOTES")
        notices.append(f"{notes_path} changed since the draft was written; using the facts now under {planned.title or planned.heading!r}")
        return _Target(notes, list(planned.facts), planned, plan, sidecar, entry)
    ids = [str(i) for i in info.get("fact_ids") or []]
    known = {f.id for f in notes.facts}
    gone = [i for i in ids if i not in known]
    if gone:
        raise InputError(f"fact id(s) {', '.join(gone)} from {sidecar_file.name} are not in {notes_path}; pass --facts NOTES")
    facts = [notes.fact(i) for i in ids]
    planned = next((s for s in plan.sections if [f.id for f in s.facts] == ids), None)
    if planned is None:
        planned = PlannedSection(index + 1, str(info.get("title") or ""), _bare(heading), str(info.get("topic") or ""),
                                 facts, closing=info.get("closing"))
    return _Target(notes, facts, planned, plan, sidecar, entry)


def _sidecar_entry(sidecar: dict, heading: str, index: int) -> int | None:
    sections = sidecar.get("sections") or []
    for i, s in enumerate(sections):
        if isinstance(s, dict) and str(s.get("heading", "")).strip() == heading.strip():
            return i
    for i, s in enumerate(sections):
        if isinstance(s, dict) and s.get("number") == index + 1:
            return i
    return index if index < len(sections) else None


def _read_draft(path: Path) -> tuple[bytes, str]:
    if path.suffix.lower() not in (".md", ".markdown"):
        raise InputError(f"rewrite works on the Markdown draft (.md), not {path.name}")
    if not path.is_file():
        raise InputError(f"draft not found: {path}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8; rewrite edits the Markdown file drafter wrote") from None


def rewrite_section(
    draft_path: Path,
    selector: str,
    settings: Settings,
    *,
    instruction: str | None = None,
    facts_path: Path | None = None,
    quiet: bool = False,  # kept for callers; the display is the caller's (progress=)
    redact: bool | None = None,
    progress: ProgressCallback | None = None,
) -> RewriteResult:
    """Rewrite one section in place; progress hears of it as it starts, is repaired and finishes."""
    from drafter.numbers import check_text

    raw, text = _read_draft(draft_path)
    sections = parse_markdown_sections(text, path=str(draft_path))
    index = select_section(sections, selector, path=str(draft_path))
    section = sections[index]
    heading = section.heading.strip()
    notices: list[str] = []
    target = _target(draft_path, heading, index, facts_path, notices, for_model=settings.model != "offline")
    instruction = (instruction or "").strip() or None

    new_heading: str | None = None
    if settings.model == "offline":
        from .offline_rewrite import rewrite_offline

        old_body = text[section.body_start : section.end]
        rest = text[: section.start] + text[section.end :]
        others = [_bare(s.heading.strip()) for i, s in enumerate(sections) if i != index]
        done = rewrite_offline(target.plan, target.planned, old_body, rest, others, instruction)
        body = done.body
        notices.extend(done.notices)
        if done.heading:
            m = _NUMBERING.match(heading)
            new_heading = (m.group(1) if m else "") + done.heading
        ProgressTracker(progress, total=1).finished(f"section-{index + 1:02d}", heading, ok=True)
        ok, problems, repairs = True, "", 0
        outcome_json: dict = {}
    else:
        outcome = _rewrite_with_model(text, sections, index, target, settings, instruction, redact, progress)
        body, ok, repairs = outcome.body, outcome.ok, outcome.repairs
        from .problems import Problems

        problems = "" if ok else Problems(**outcome.problems).quantities()
        outcome_json = outcome.to_json()
        if instruction and "标题" in instruction and outcome.new_heading:
            m = _NUMBERING.match(heading)
            new_heading = (m.group(1) if m else "") + _bare(outcome.new_heading)
        if not ok:
            notices.append(f"section {heading} still fails its check after {repairs} repair(s): {problems}")
        if outcome.trimmed:
            notices.append(f"section {heading}: removed the sentence(s) with numbers no fact supports: {' '.join(outcome.trimmed)}")

    new_text = splice_section(text, section, body, new_heading)
    backup = draft_path.with_name(draft_path.name + ".bak")
    atomic_write_bytes(backup, raw)
    atomic_write_bytes(draft_path, new_text.encode("utf-8"))
    final_heading = new_heading or heading
    report = check_text(new_text, target.notes, extra_set_phrases=settings.extra_set_phrases)

    if target.sidecar is not None and target.sidecar_index is not None:
        data = target.sidecar
        entry = data["sections"][target.sidecar_index]
        entry["heading"] = final_heading
        entry["fact_ids"] = [f.id for f in target.facts]
        data["check"] = report.to_json()
        data.setdefault("rewrites", []).append({
            "section": index + 1, "heading": final_heading, "model": settings.model, "ok": ok, "repairs": repairs,
            "instruction": instruction, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), "outcome": outcome_json,
        })
        atomic_write_text(find_sidecar(draft_path), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        notices.append(f"no sidecar entry for this section beside {draft_path.name}; only the draft was updated")

    return RewriteResult(path=draft_path, backup=backup, number=index + 1, heading=final_heading, ok=ok,
                         problems=problems, repairs=repairs, report=report, notices=notices)


def _rewrite_with_model(text, sections, index, target: _Target, settings: Settings, instruction, redact,
                        progress: ProgressCallback | None):
    from .llm import ChatClient, RetryPolicy, resolve_endpoint
    from .model_prompts import system_prompt
    from .prompts import render
    from .redact import Redactor, should_redact
    from .repair_loop import Session, section_notes, write_checked

    endpoint = resolve_endpoint(settings.model)
    section = sections[index]
    heading = section.heading.strip()
    title_match = re.search(r"^# +(.+?)\s*$", text, re.M)
    title = title_match.group(1) if title_match else target.plan.title
    old_body = text[section.body_start : section.end].strip()
    wants_heading = bool(instruction and "标题" in instruction)
    prompt = render(
        "rewrite", title=title, headings=[s.heading.strip() for s in sections], heading=heading, body=old_body,
        facts=[{"id": f.id, "text": f.text} for f in target.facts], instruction=instruction or "", new_heading=wants_heading,
    )
    plan = target.plan
    plan.title = title
    system = system_prompt(plan)
    if wants_heading:
        system += "\n例外：本次按修改要求，先单独一行写出新的标题（不带编号），空一行后再写正文。\n"
    redactor = Redactor.for_names(target.notes.redact, enabled=should_redact(redact, endpoint.is_loopback))
    redactor.redact("\n".join(f.text for f in target.notes.facts))  # the same placeholders as `draft` used
    facts = target.facts
    if facts:
        check_notes, required = section_notes(target.notes, facts, target.planned.title, target.planned.closing), True
    else:
        check_notes, required = target.notes, False

    async def run():
        async with ChatClient(
            endpoint, timeout=settings.timeout, retry=RetryPolicy.from_settings(settings), cache_path=settings.state_dir / "llm_cache.sqlite"
        ) as client:
            session = Session(client, redactor, settings, asyncio.Semaphore(1), ProgressTracker(progress, total=1))
            return await write_checked(
                session, [("system", system), ("user", prompt)], key=f"section-{index + 1:02d}", number=index + 1,
                heading=heading, facts=facts, check_notes=check_notes, facts_required=required,
            )

    return asyncio.run(run())
