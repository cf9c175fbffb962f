"""Render the transition tables as text, for `flask --app wsgi workflow` and the docs."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.workflow.lifecycles import LIFECYCLES, named
from caseflow.workflow.transitions import Transition

ISSUE_LABEL = _l("Chuyển hồ sơ đến đơn vị")

HEADER = ("transition", "from", "to", "who", "reason", "form")


def _row(t: Transition) -> tuple[str, ...]:
    who = ", ".join(sorted(r.value for r in t.roles)) or "(engine)"
    return (t.name, ", ".join(sorted(s.value for s in t.sources)), t.target.value, who,
            "required" if t.needs_reason else "", t.form)


def _table(title: str, transitions: tuple[Transition, ...]) -> str:
    rows = [HEADER, *(_row(t) for t in transitions)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return f"{title}\n\n" + "\n".join(lines)


def describe_tables() -> str:
    """Return every lifecycle the engine runs as a plain-text table."""
    return "\n\n".join(_table(life.title, life.transitions) for life in LIFECYCLES)


def entry_label(entry) -> str:
    """Name what a timeline row records, in the current language."""
    if entry.transition == "issue":
        return str(ISSUE_LABEL)
    transition = named("referral" if entry.referral_id else "case").find(entry.transition)
    return str(transition.label) if transition else entry.transition
