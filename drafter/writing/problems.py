"""What the check found in one written section, in the shape the repair prompt needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.notes import Notes

__all__ = ["Problems", "check_body"]


@dataclass
class Problems:
    """What the check found in one section, in the shape the repair prompt needs."""

    missing: list[dict] = field(default_factory=list)  # {quantity, fact_id, fact}
    unsupported: list[dict] = field(default_factory=list)  # {quantity, context}
    placeholders: list[dict] = field(default_factory=list)  # {text}
    rejected: str = ""  # why the answer is no section at all (refusal, not Chinese): never accepted

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unsupported or self.placeholders or self.rejected)

    @property
    def count(self) -> int:
        # A rejected answer is worse than any answer with wrong numbers.
        return (10**6 if self.rejected else 0) + len(self.missing) + len(self.unsupported) + len(self.placeholders)

    def quantities(self) -> str:
        parts = [self.rejected] if self.rejected else []
        if self.missing:
            parts.append("missing " + ", ".join(m["quantity"] for m in self.missing))
        if self.unsupported:
            parts.append("unsupported " + ", ".join(u["quantity"] for u in self.unsupported))
        if self.placeholders:
            parts.append("placeholders " + ", ".join(p["text"] for p in self.placeholders))
        return "; ".join(parts)


def check_body(body: str, notes: Notes, *, facts_required: bool, extra_set_phrases: tuple[str, ...] = ()) -> Problems:
    """Check a section body. facts_required=False (opening, a closing without facts): only invented numbers count."""
    from drafter.numbers import check_text

    report = check_text(body, notes, extra_set_phrases=extra_set_phrases)
    return Problems(
        missing=[
            {"quantity": str(m.quantity), "fact_id": str(getattr(m, "fact_id", "") or ""), "fact": str(getattr(m, "fact", "") or ""),
             "found": str(getattr(m, "found", "") or "")}
            for m in report.missing
        ] if facts_required else [],
        unsupported=[{"quantity": str(u.quantity), "context": str(getattr(u, "context", "") or "")} for u in report.unsupported],
        placeholders=[{"text": str(getattr(p, "text", p))} for p in report.placeholders],
    )
