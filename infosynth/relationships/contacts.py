"""The relationship side of informational interviews: who is where in the pipeline, what is due, and drafts.

Three parts:

* **Contacts and follow-ups** (:func:`read_contact_notes`, :func:`contacts`, :func:`due_followups`,
  :func:`pipeline_counts`) read front matter only, so the ``contacts`` and ``followups`` commands start fast and
  never load spaCy, scikit-learn or pandas.
* **Thank-you drafts** (:func:`draft_thank_you`) pick the most distinctive takeaways of one note against the
  other notes of the folder (TF-IDF), and find follow-ups the interviewee suggested and projects of theirs the
  writer can offer help with (spaCy ``Matcher`` and regular-expression rules, documented in
  ``docs/relationships.md``).
* **Outreach requests** (:func:`render_outreach`): a short, time-boxed request from a template.

Front-matter keys (all optional)::

    status: requested          # planned | requested | scheduled | done | thanked
    status_date: 2026-11-06    # when the current status was reached
    requested: 2026-11-02      # ...or one date per status (planned/requested/scheduled/done/thanked)
    date: 2026-11-20           # the interview (past or upcoming)
    next_followup: 2027-01-12  # alias: followup
    last_contact: 2026-10-01
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import BuildWarning, Note
from ..text import current_date

if TYPE_CHECKING:
    from ..config import Config

STAGES: tuple[str, ...] = ("planned", "requested", "scheduled", "done", "thanked")
UNKNOWN = "unknown"  # a note without a status: infosynth cannot tell where the relationship stands

# Words people write in a status field, mapped to the pipeline stage they mean.
STATUS_ALIASES: dict[str, str] = {
    **{s: s for s in STAGES},
    "idea": "planned", "todo": "planned", "to do": "planned", "to contact": "planned", "prospect": "planned",
    "asked": "requested", "emailed": "requested", "contacted": "requested", "reached out": "requested",
    "request sent": "requested", "sent": "requested", "pending": "requested", "awaiting reply": "requested",
    "booked": "scheduled", "confirmed": "scheduled", "accepted": "scheduled",
    "interviewed": "done", "met": "done", "completed": "done", "complete": "done", "held": "done",
    "thank-you sent": "thanked", "thank you sent": "thanked", "thanks sent": "thanked", "followed up": "thanked",
    "in touch": "thanked",
}

KIND_THANK_YOU = "thank-you"
KIND_NUDGE = "nudge"
KIND_FOLLOW_UP = "follow-up"
KIND_KEEP_IN_TOUCH = "keep in touch"
_KIND_ORDER = {KIND_THANK_YOU: 0, KIND_NUDGE: 1, KIND_FOLLOW_UP: 2, KIND_KEEP_IN_TOUCH: 3}



# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Contact:
    """One person and where the relationship stands on ``today``."""

    person: str
    role: str
    organization: str
    email: str
    status: str  # as written (normalised to a stage), "" when the note has none
    stage: str  # the stage used for counting: ``status``, or "unknown" when the note has none
    status_date: dt.date | None  # when the current stage was reached, when known
    interview_date: dt.date | None
    last_contact: dt.date | None
    next_followup: dt.date | None
    next_step: str
    next_step_date: dt.date | None
    path: str
    paths: tuple[str, ...] = ()  # every note about this person, oldest first
    overdue_days: int = 0  # how long the next step has been due (0: not due yet, or due today)


@dataclass(frozen=True)
class FollowUp:
    """Something due on ``today``: a thank-you, a nudge, a planned follow-up or a keep-in-touch message."""

    person: str
    kind: str  # thank-you | nudge | follow-up | keep in touch
    what: str  # e.g. "thank-you not sent after the interview on 2026-11-20"
    since: dt.date  # the event the clock runs from
    due: dt.date
    days_overdue: int  # 0 = due today
    next_step: str
    path: str
    email: str = ""
    untracked: bool = False  # the note has no status: the reminder rests on its date alone


# ------------------------------------------------------------------------------------ reading front matter


def note_header(text: str, path: str, remarks: list[str] | None = None) -> Note:
    """A :class:`Note` built from front matter, the first ``#`` heading and the file name; no snippets.

    Much cheaper than :func:`infosynth.ingest.notes.parse_note` (no markdown parsing), and enough to know who a
    note is about and where the relationship stands. Problems are appended to ``remarks``.

    >>> n = note_header("---\\nperson: Ana Ruiz\\nstatus: Requested\\n---\\n", "ana.md")
    >>> n.person, n.status
    ('Ana Ruiz', 'requested')
    """
    from ..ingest.frontmatter import split_front_matter
    from ..ingest.notes import note_from_front_matter

    remarks = remarks if remarks is not None else []
    meta, body_start, problem = split_front_matter(text)
    if problem:
        remarks.append(problem)
    h1 = ""
    for line in text.split("\n")[body_start:]:
        if line.strip():
            h1 = line[2:].strip() if line.startswith("# ") else ""
            break
    return note_from_front_matter(meta, path, h1, warn=lambda w: remarks.append(w.message))


def read_contact_notes(
    notes_dir: Path, exclude: Iterable[Path] = (), warn: Callable[[BuildWarning], None] | None = None
) -> list[Note]:
    """Every note of ``notes_dir`` as a header-only :class:`Note` (see :func:`note_header`).

    Problems with a file (decoding, front matter) are reported as one warning naming it.
    """
    from ..ingest.discover import discover, read_text, relative_path

    warn = warn or (lambda w: None)
    notes: list[Note] = []
    for path in discover(notes_dir, exclude, warn=warn):
        rel = relative_path(path, notes_dir)
        result = read_text(path)
        remarks = list(result.notes)
        if result.text is not None:
            notes.append(note_header(result.text, rel, remarks))
        if remarks:
            warn(BuildWarning(rel, "; ".join(remarks)))
    return notes


# ------------------------------------------------------------------------------------------ contact state


@dataclass
class _State:
    """Relationship facts of one note, dates validated."""

    note: Note
    status: str  # normalised stage or ""
    stage: str
    stage_dates: dict[str, dt.date] = field(default_factory=dict)
    status_date: dt.date | None = None
    next_followup: dt.date | None = None
    last_contact_key: dt.date | None = None


def _parse_date(value: Any) -> dt.date | None:
    """A date from a YAML value; ``None`` when empty; ``ValueError`` when it is not a date."""
    from ..text import parse_date

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"date {value!r} is not a date like 2026-05-14")
    return parse_date(value)


def _date_field(meta: dict[str, Any], keys: Sequence[str], problems: list[str]) -> dt.date | None:
    for key in keys:
        if key in meta and meta[key] not in (None, ""):
            try:
                return _parse_date(meta[key])
            except ValueError:
                problems.append(f"{key} {meta[key]!r} is not a date like 2026-05-14")
                return None
    return None


def _state(note: Note, problems: list[str]) -> _State:
    meta = note.meta or {}
    raw_status = (note.status or str(meta.get("status") or "")).strip().lower()
    status = STATUS_ALIASES.get(raw_status, "")
    if raw_status and not status:
        problems.append(f"status {raw_status!r} is not one of {', '.join(STAGES)}; ignored")
    stage_dates: dict[str, dt.date] = {}
    for stage in STAGES:
        value = _date_field(meta, (stage, f"{stage}_date", f"{stage}_on"), problems)
        if value:
            stage_dates[stage] = value
    if not status and stage_dates:  # a log of dates without a status: the furthest stage reached
        status = max(stage_dates, key=STAGES.index)
    status_date = _date_field(meta, ("status_date", "status_updated", "updated"), problems)
    if status and status_date and status not in stage_dates:
        stage_dates[status] = status_date
    if status == "done" and "done" not in stage_dates and note.date:
        stage_dates["done"] = note.date
    stage = status or UNKNOWN
    if status == "requested" and "requested" not in stage_dates:
        problems.append("status 'requested' has no date (add status_date or requested:); no nudge reminder")
    if status == "done" and "done" not in stage_dates:
        problems.append("status 'done' has no interview date (add date:); no thank-you reminder")
    return _State(
        note=note,
        status=status,
        stage=stage,
        stage_dates=stage_dates,
        status_date=stage_dates.get(status) if status else None,
        next_followup=_date_field(meta, ("next_followup", "followup", "follow_up", "next_follow_up"), problems),
        last_contact_key=_date_field(meta, ("last_contact", "last_contacted"), problems),
    )


def _last_contact(state: _State, today: dt.date) -> dt.date | None:
    """The latest date on which the two of you were in touch (never in the future)."""
    candidates = [d for s, d in state.stage_dates.items() if s != "planned"]
    if state.last_contact_key:
        candidates.append(state.last_contact_key)
    if state.note.date and state.stage not in ("planned", "requested"):
        candidates.append(state.note.date)  # the interview itself, once it has happened
    past = [d for d in candidates if d <= today]
    return max(past) if past else None


def _states(notes: Iterable[Note], warn: Callable[[BuildWarning], None] | None) -> list[list[_State]]:
    """Validated states grouped by person (a person with two interviews is one contact), oldest note first."""
    groups: dict[str, list[_State]] = {}
    for note in notes:
        problems: list[str] = []
        state = _state(note, problems)
        if problems and warn:
            warn(BuildWarning(note.path, "; ".join(problems)))
        key = re.sub(r"\s+", " ", (note.person or Path(note.path).stem).strip().lower())
        groups.setdefault(key, []).append(state)
    ordered = []
    for group in groups.values():
        group.sort(key=lambda s: (s.note.date or s.status_date or dt.date.min, s.note.path))
        ordered.append(group)
    return ordered


def _config_days(cfg: "Config | None") -> tuple[int, int, int]:
    if cfg is None:
        return 2, 7, 90
    return cfg.thank_you_days, cfg.request_days, cfg.cadence_days


def _display_name(note: Note) -> str:
    from ..ingest.people import display_name

    return display_name(note) or Path(note.path).stem


# --------------------------------------------------------------------------------------------- due rules


def _due_for(group: list[_State], today: dt.date, cfg: "Config | None") -> list[FollowUp]:
    """The rules of docs/relationships.md applied to one person."""
    thank_you_days, request_days, cadence_days = _config_days(cfg)
    current = group[-1]
    note = current.note
    name = _display_name(note)
    due: list[FollowUp] = []

    def add(kind: str, what: str, since: dt.date, when: dt.date, step: str) -> None:
        due.append(
            FollowUp(name, kind, what, since, when, (today - when).days, step, note.path, note.email, not current.status)
        )

    interview = current.stage_dates.get("done") or note.date
    if current.status == "done" or (current.status == "scheduled" and note.date and note.date < today):
        if interview is None:
            pass  # reported as a problem by contacts(): nothing to count from
        elif interview + dt.timedelta(days=thank_you_days) <= today:
            stale = " (status still 'scheduled')" if current.status == "scheduled" else ""
            add(
                KIND_THANK_YOU,
                f"thank-you not sent after the interview on {interview.isoformat()}{stale}",
                interview,
                interview + dt.timedelta(days=thank_you_days),
                f"send thanks citing 2-3 takeaways: infosynth thank-you \"{note.path}\"",
            )
    elif current.stage == UNKNOWN and note.date and thank_you_days <= (today - note.date).days < cadence_days:
        # No status: whether thanks went out is unknown, so ask while a thank-you still makes sense; after the
        # cadence the keep-in-touch reminder below takes over.
        add(
            KIND_THANK_YOU,
            f"no status: was a thank-you sent after the interview on {note.date.isoformat()}?",
            note.date,
            note.date + dt.timedelta(days=thank_you_days),
            f"send thanks if not yet (infosynth thank-you \"{note.path}\"), then add `status: thanked`",
        )
    if current.status == "requested":
        asked = current.stage_dates.get("requested")
        if asked and asked + dt.timedelta(days=request_days) <= today:
            add(
                KIND_NUDGE,
                f"no reply to the request sent {asked.isoformat()}",
                asked,
                asked + dt.timedelta(days=request_days),
                "send one short, friendly nudge; if still no reply in a week, let it go",
            )
    if current.next_followup and current.next_followup <= today:
        add(
            KIND_FOLLOW_UP,
            f"follow-up planned for {current.next_followup.isoformat()}",
            current.next_followup,
            current.next_followup,
            "follow up as planned: share what you did with their advice, then set next_followup",
        )
    already = {f.kind for f in due}
    quiet_stage = (current.stage in ("done", "thanked") or current.stage == UNKNOWN and note.date is not None) \
        and KIND_THANK_YOU not in already
    planned_ahead = current.next_followup is not None  # a follow-up date replaces the cadence reminder
    last = max((d for s in group if (d := _last_contact(s, today))), default=None)
    if quiet_stage and not planned_ahead and last and last + dt.timedelta(days=cadence_days) <= today:
        add(
            KIND_KEEP_IN_TOUCH,
            f"no contact for {(today - last).days} days (since {last.isoformat()})",
            last,
            last + dt.timedelta(days=cadence_days),
            "send a short update on what you did with their advice; no ask",
        )
    return due


def due_followups(
    notes: Iterable[Note],
    today: dt.date | None = None,
    cfg: "Config | None" = None,
    warn: Callable[[BuildWarning], None] | None = None,
) -> list[FollowUp]:
    """What is due on ``today``, most overdue first.

    * **thank-you**: status ``done`` (or ``scheduled`` with the interview date past) and ``thank_you_days``
      (2) days gone since the interview;
    * **nudge**: status ``requested`` and ``request_days`` (7) without an answer;
    * **follow-up**: ``next_followup`` has come;
    * **keep in touch**: done/thanked, no ``next_followup`` set, and no contact for ``cadence_days`` (90).

    A note without a status (``untracked``) gets the thank-you reminder while its interview is less than
    ``cadence_days`` old, and the keep-in-touch reminder after that.

    >>> n = Note(path="a.md", person="Ana Ruiz", status="done", date=dt.date(2026, 11, 20))
    >>> [(f.kind, f.days_overdue) for f in due_followups([n], dt.date(2026, 11, 26))]
    [('thank-you', 4)]
    """
    today = today or current_date()
    rows = [f for group in _states(notes, warn) for f in _due_for(group, today, cfg)]
    rows.sort(key=lambda f: (-f.days_overdue, _KIND_ORDER[f.kind], f.person.lower()))
    return rows


def contacts(
    notes: Iterable[Note],
    today: dt.date | None = None,
    cfg: "Config | None" = None,
    warn: Callable[[BuildWarning], None] | None = None,
) -> list[Contact]:
    """One record per person (notes about the same person merged), in pipeline order then by name.

    Notes without ``status`` are at stage ``unknown``: a date alone does not say whether thanks went out.
    A next step whose date has passed says so: "send thanks (overdue since 2026-11-22)".

    >>> n = Note(path="b.md", person="Bo Li", meta={"status": "requested", "status_date": "2026-11-01"})
    >>> c = contacts([n], dt.date(2026, 11, 3))[0]
    >>> c.stage, c.last_contact, c.next_step
    ('requested', datetime.date(2026, 11, 1), 'wait for a reply (nudge on 2026-11-08)')
    """
    today = today or current_date()
    thank_you_days, request_days, cadence_days = _config_days(cfg)
    records: list[Contact] = []

    for group in _states(notes, warn):
        current = group[-1]
        note = current.note
        last = max((d for s in group if (d := _last_contact(s, today))), default=None)
        action, step_date = _next_step(current, last, today, thank_you_days, request_days, cadence_days)
        step = _when(action, step_date, today)
        records.append(
            Contact(
                person=_display_name(note),
                role=note.role or next((s.note.role for s in reversed(group) if s.note.role), ""),
                organization=note.organization
                or next((s.note.organization for s in reversed(group) if s.note.organization), ""),
                email=note.email or next((s.note.email for s in reversed(group) if s.note.email), ""),
                status=current.status,
                stage=current.stage,
                status_date=current.status_date,
                interview_date=note.date,
                last_contact=last,
                next_followup=current.next_followup,
                next_step=step,
                next_step_date=step_date,
                path=note.path,
                paths=tuple(s.note.path for s in group),
                overdue_days=max(0, (today - step_date).days) if step_date else 0,
            )
        )
    records.sort(key=lambda c: (_stage_order(c.stage), c.person.lower()))
    return records


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def _next_step(
    state: _State, last: dt.date | None, today: dt.date, thank_you_days: int, request_days: int, cadence_days: int
) -> tuple[str, dt.date | None]:
    """What to do next with this person, and the day it is due (None: no date to it)."""
    note = state.note
    days = dt.timedelta
    if state.stage == "planned":
        return "send a request (infosynth outreach)", None
    if state.stage == "requested":
        asked = state.stage_dates.get("requested")
        if not asked:
            return "wait for a reply", None
        nudge = asked + days(days=request_days)
        return ("send a friendly nudge" if nudge <= today else f"wait for a reply (nudge on {nudge})"), nudge
    if state.stage in ("scheduled", UNKNOWN) and note.date and note.date >= today:
        return f"interview on {note.date}: prepare questions", note.date
    if state.stage == "scheduled":
        if note.date is None:
            return "confirm a date", None
        return f"mark done and send thanks (interview was {note.date})", note.date + days(days=thank_you_days)
    if state.stage == UNKNOWN:
        if note.date is None:
            return "add a status (and date) to this note", None
        if (today - note.date).days < cadence_days:
            return "send thanks if not yet, then add a status", note.date + days(days=thank_you_days)
    if state.status == "done":
        interview = state.stage_dates.get("done") or note.date
        if interview:
            return "send thanks", interview + days(days=thank_you_days)
        return "send thanks", None
    if state.next_followup:
        return "follow up", state.next_followup
    if last:
        return "keep in touch", last + days(days=cadence_days)
    return "keep in touch", None


def _when(action: str, due: dt.date | None, today: dt.date) -> str:
    """The next step with its date: "send thanks (by 2026-11-24)", "(due today)", "(overdue since 2026-11-22)".

    >>> _when("send thanks", dt.date(2026, 11, 22), dt.date(2026, 11, 26))
    'send thanks (overdue since 2026-11-22)'
    """
    if due is None or str(due) in action:  # "interview on 2026-12-03: prepare questions" says its date already
        return action
    if due < today:
        return f"{action} (overdue since {due})"
    if due == today:
        return f"{action} (due today)"
    return f"{action} (by {due})"


def pipeline_counts(notes: Iterable[Note]) -> dict[str, int]:
    """How many people are at each stage, in pipeline order, then ``unknown`` (no status); each person counted
    once, at their latest note.

    >>> pipeline_counts([Note(path="a.md", person="A", status="thanked"), Note(path="b.md", person="B")])
    {'planned': 0, 'requested': 0, 'scheduled': 0, 'done': 0, 'thanked': 1, 'unknown': 1}
    """
    counts = dict.fromkeys((*STAGES, UNKNOWN), 0)
    for group in _states(notes, None):
        counts[group[-1].stage] += 1
    return counts


# --------------------------------------------------------------------------------------------- templates


# ------------------------------------------------------------------------------------- thank-you drafting


# ------------------------------------------------------------------------------------------------- export


CONTACT_COLUMNS = (
    "person", "role", "organization", "email", "status", "last_contact", "next_step", "next_step_date",
    "interview_date", "next_followup", "path",
)
FOLLOW_UP_COLUMNS = (
    "person", "kind", "what", "since", "due", "days_overdue", "next_step", "email", "path", "untracked",
)


def as_rows(records: Iterable[Contact | FollowUp], columns: Sequence[str]) -> list[dict[str, str]]:
    """Records as spreadsheet-safe string rows (dates ISO, empty for missing, formulas neutralised)."""
    from ..report.export import neutralise_cell

    rows = []
    for record in records:
        row = {}
        for column in columns:
            value = getattr(record, column)
            if column == "status" and isinstance(record, Contact) and not value:
                value = f"({record.stage})"
            text = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
            row[column] = neutralise_cell(text)
        rows.append(row)
    return rows
