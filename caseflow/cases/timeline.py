"""The case page's timeline: the recorded rows, without the noise a reader does not need."""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.cases import queries
from caseflow.cases.models import Case
from caseflow.workflow.models import EntryKind, TimelineEntry

#: How draft saves were recorded before they carried their own marker (both languages).
OLD_DRAFT_TEXTS = frozenset({"Lưu bản nháp", "Draft saved", "Save draft"})
DRAFT_SAVE = "save_draft"


@dataclass(frozen=True)
class TimelineRow:
    """One row as shown: the entry and the case status change it caused, if any."""

    entry: TimelineEntry
    consequence: TimelineEntry | None = None


def is_draft_save(entry: TimelineEntry) -> bool:
    """Tell whether a row only records that a draft was saved."""
    return entry.kind is EntryKind.EDIT and (entry.transition == DRAFT_SAVE
                                             or entry.text in OLD_DRAFT_TEXTS)


def is_system_echo(entry: TimelineEntry, previous: TimelineEntry | None) -> bool:
    """Tell whether a row is the engine's own case move right after a referral's change."""
    return (entry.kind is EntryKind.TRANSITION and entry.actor_id is None
            and entry.referral_id is None and previous is not None
            and previous.referral_id is not None)


def rows_for_page(case: Case) -> list[TimelineRow]:
    """Return the timeline as the case page shows it.

    Draft saves before the report was sent are dropped (the "sent" row says it; a draft still
    being written keeps its latest save), and the case move the engine takes because of a
    referral (accepted → investigating) is folded into that referral's row instead of being
    shown as a second, unsigned row.
    """
    entries = queries.timeline_of(case)
    drafts = [e for e in entries if is_draft_save(e)]
    keep_draft = drafts[-1] if drafts and not any(e.transition == "submit" for e in entries) \
        else None
    rows: list[TimelineRow] = []
    previous: TimelineEntry | None = None
    for entry in entries:
        if is_draft_save(entry) and entry is not keep_draft:
            continue
        if is_system_echo(entry, previous) and rows:
            rows[-1] = TimelineRow(rows[-1].entry, consequence=entry)
        else:
            rows.append(TimelineRow(entry))
        previous = entry
    return rows
