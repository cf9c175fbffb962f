"""Render the transition tables as text, for `flask --app wsgi workflow` and the docs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.workflow.transitions import CASE_TRANSITIONS, REFERRAL_TRANSITIONS, Transition, find

ISSUE_LABEL = _l("Chuyển hồ sơ đến đơn vị")

HEADER = ("transition", "from", "to", "who", "reason")


def _row(t: Transition) -> tuple[str, ...]:
    who = ", ".join(sorted(r.value for r in t.roles)) or "(engine, from referrals)"
    return (t.name, ", ".join(sorted(s.value for s in t.sources)), t.target.value, who,
            "required" if t.needs_reason else "")


def _table(title: str, transitions: tuple[Transition, ...]) -> str:
    rows = [HEADER, *(_row(t) for t in transitions)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return f"{title}\n\n" + "\n".join(lines)


def describe_tables() -> str:
    """Return both lifecycles as plain-text tables."""
    return "\n\n".join((_table("Case lifecycle", CASE_TRANSITIONS),
                        _table("Referral lifecycle (a new referral starts as 'issued')",
                               REFERRAL_TRANSITIONS)))


def entry_label(entry) -> str:
    """Name what a timeline row records, in the current language."""
    if entry.transition == "issue":
        return str(ISSUE_LABEL)
    transition = find("referral" if entry.referral_id else "case", entry.transition)
    return str(transition.label) if transition else entry.transition
