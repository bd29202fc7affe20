"""What the check found in one written section, in the shape the repair prompt needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.notes import Notes

__all__ = ["Problems", "check_body"]


@dataclass
class Problems:
    """What the check found in one section, in the shape the repair prompt needs."""

    # {quantity, fact_id, fact, found, said_of}; a misbound number is one too: said_of names what the draft
    # said it of, quantity is what the notes give for that, found what the draft wrote, carries whose it is
    missing: list[dict] = field(default_factory=list)
    unsupported: list[dict] = field(default_factory=list)  # {quantity, context}
    placeholders: list[dict] = field(default_factory=list)  # {text}
    # named claims (honour, body, medium, name) the notes do not support, or a notes honour left out:
    # {kind, kind_zh, name, context, reason, nearest, missing, fact_id, fact}
    claims: list[dict] = field(default_factory=list)
    rejected: str = ""  # why the answer is no section at all (refusal, not Chinese): never accepted

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unsupported or self.placeholders or self.claims or self.rejected)

    @property
    def count(self) -> int:
        # A rejected answer is worse than any answer with wrong numbers.
        return (10**6 if self.rejected else 0) + len(self.missing) + len(self.unsupported) + len(self.placeholders) + len(self.claims)

    def quantities(self) -> str:
        parts = [self.rejected] if self.rejected else []
        misbound = [m for m in self.missing if m.get("said_of")]
        plain = [m for m in self.missing if not m.get("said_of")]
        if misbound:
            parts.append("misbound " + ", ".join(f"{m['said_of']}{m['found']} (notes: {m['quantity']})" for m in misbound))
        if plain:
            parts.append("missing " + ", ".join(m["quantity"] for m in plain))
        if self.unsupported:
            parts.append("unsupported " + ", ".join(u["quantity"] for u in self.unsupported))
        if self.claims:
            parts.append("claims " + ", ".join(("missing " if c["missing"] else "") + f"{c['kind']} {c['name']}" for c in self.claims))
        if self.placeholders:
            parts.append("placeholders " + ", ".join(p["text"] for p in self.placeholders))
        return "; ".join(parts)


def check_body(body: str, notes: Notes, *, facts_required: bool, extra_set_phrases: tuple[str, ...] = ()) -> Problems:
    """Check a section body. facts_required=False (opening, a closing without facts): only invented numbers count."""
    from drafter.numbers import check_text

    report = check_text(body, notes, extra_set_phrases=extra_set_phrases)
    claims = _claims(report, facts_required)
    missing = [
        {"quantity": str(m.quantity), "fact_id": str(getattr(m, "fact_id", "") or ""), "fact": str(getattr(m, "fact", "") or ""),
         "found": str(getattr(m, "found", "") or ""), "said_of": ""}
        for m in report.missing if m.kind not in _CLAIM_KINDS
    ] if facts_required else []
    # a number said of the wrong thing is wrong wherever it stands: the repair names the right binding
    missing += [
        {"quantity": m.expected["quantity"], "fact_id": m.expected["fact_id"], "fact": m.expected["fact"], "found": m.quantity,
         "said_of": m.said_of, "carries": m.carries, "carries_fact_id": m.fact_id}
        for m in report.misbound
    ]  # fmt: skip
    return Problems(
        missing=missing,
        unsupported=[{"quantity": str(u.quantity), "context": str(getattr(u, "context", "") or ""), **_right_value(u)} for u in report.unsupported if u.kind not in _CLAIM_KINDS],
        placeholders=[{"text": str(getattr(p, "text", p))} for p in report.placeholders],
        claims=claims,
    )


_CLAIM_KINDS = {"honour": "荣誉", "body": "单位", "medium": "媒体", "name": "名称"}


def _claims(report, facts_required: bool) -> list[dict]:
    """Unsupported named claims (and, when the section must state its facts, the notes honours it left out)."""
    out = []
    for u in report.unsupported:
        if u.kind in _CLAIM_KINDS:
            near = u.nearest_fact or {}
            out.append({"kind": u.kind, "kind_zh": _CLAIM_KINDS[u.kind], "name": u.quantity, "context": u.context, "reason": u.reason,
                        "nearest": near.get("claim", "") if u.reason.startswith("级别") or u.kind != "honour" else "",
                        "missing": False, "fact_id": near.get("id", ""), "fact": near.get("text", "")})  # fmt: skip
    if facts_required:
        for m in report.missing:
            if m.kind in _CLAIM_KINDS:
                out.append({"kind": m.kind, "kind_zh": _CLAIM_KINDS[m.kind], "name": m.quantity, "context": "", "reason": "遗漏",
                            "nearest": "", "missing": True, "fact_id": m.fact_id, "fact": m.fact})  # fmt: skip
    return out


def _right_value(u) -> dict:
    """A computed figure with a wrong value ("wrong figure: 14+9+7=30场, not 31场 (应为30场)"): the right
    value and its arithmetic, so the repair corrects the figure instead of dropping a good sentence."""
    reason = str(getattr(u, "reason", "") or "")
    if not reason.startswith("wrong figure:") or "应为" not in reason:
        return {}
    return {"right": reason.rsplit("应为", 1)[1].rstrip(")"), "arithmetic": reason.split(":", 1)[1].split(", not", 1)[0].strip()}
