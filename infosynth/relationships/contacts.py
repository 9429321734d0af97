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
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import BuildWarning, Note, is_takeaway
from ..resources import DATA_DIR, TEMPLATE_DIR as PACKAGE_TEMPLATES

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

TEMPLATE_DIR = PACKAGE_TEMPLATES


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
    from ..ingest.notes import note_from_front_matter, split_front_matter

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
    from ..ingest.notes import _relative, discover, read_text

    warn = warn or (lambda w: None)
    notes: list[Note] = []
    for path in discover(notes_dir, exclude, warn=warn):
        rel = _relative(path, notes_dir)
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
    from ..ingest.notes import _as_date

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f"date {value!r} is not a date like 2026-05-14")
    return _as_date(value)


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
    today = today or dt.date.today()
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
    today = today or dt.date.today()
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


def template_environment(templates: Path | None = None):
    """Jinja environment for the message templates: the user's folder first, the built-in ones behind it.

    Missing fields render as empty text (never "None"): these templates are filled from optional front matter.
    Like the report's, they run in Jinja's sandbox: a templates folder may come with a synced notes folder.
    """
    from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(TEMPLATE_DIR)))
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=False,  # plain-text / markdown messages, not HTML
        undefined=ChainableUndefined,
        finalize=lambda value: "" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(name: str, context: dict[str, Any], templates: Path | None) -> str:
    text = template_environment(templates).get_template(name).render(**context)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def greeting_name(person: str) -> str:
    """How to address someone: first name, or "Dr. Okafor" for a titled name.

    >>> greeting_name("Dr. Ama Okafor"), greeting_name("Priya Natarajan"), greeting_name("")
    ('Dr. Okafor', 'Priya', '')
    """
    parts = person.split()
    if not parts:
        return ""
    if parts[0].rstrip(".").lower() in ("dr", "prof", "professor", "mr", "mrs", "ms", "mx") and len(parts) > 1:
        return f"{parts[0]} {parts[-1]}"
    return parts[0]


def _lower_role(role: str) -> str:
    """A job title as it reads mid-sentence: "Staff UX Researcher" → "staff UX researcher"."""
    return " ".join(w if re.search(r"[A-Z].*[A-Z]", w) else w.lower() for w in role.split())


def _with_article(role: str) -> str:
    return ("an " if role[:1].lower() in "aeiou" else "a ") + role


def render_outreach(
    name: str = "",
    role: str = "",
    organization: str = "",
    reference: str = "",
    purpose: str = "",
    sender: str = "",
    minutes: int = 20,
    templates: Path | None = None,
) -> str:
    """A request for an informational interview from ``outreach.md.j2``.

    >>> text = render_outreach("Ana Ruiz", "Staff Nurse", "Mercy Hospital", sender="Sam Rivera")
    >>> "Hi Ana," in text and "20-minute" in text and text.rstrip().endswith("Sam Rivera")
    True
    """
    role_lower = _lower_role(role)
    context = {
        "name": name,
        "first_name": greeting_name(name),
        "role": role,
        "role_lower": role_lower,
        "role_with_article": _with_article(role_lower) if role else "",
        "organization": organization,
        "reference": _sentence(reference),
        "purpose": _sentence(purpose),
        "sender": sender,
        "minutes": minutes,
    }
    return _render("outreach.md.j2", context, templates)


def _sentence(text: str) -> str:
    """``text`` as a sentence: first letter capitalised, final punctuation added."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    first = re.search(r"\w", text)
    if first:
        text = text[: first.start()] + text[first.start()].upper() + text[first.start() + 1:]
    end = text.rstrip("\"”’')")
    return text if end[-1:] in (".", "!", "?", "…") else text + "."


# ------------------------------------------------------------------------------------- thank-you drafting


@dataclass(frozen=True)
class Takeaway:
    """A snippet worth citing back to the interviewee: its own words (``text``) and the wording used."""

    text: str
    line: int
    heading: str
    phrasing: str
    is_quote: bool
    score: float


@dataclass(frozen=True)
class Mention:
    """A follow-up the interviewee suggested, or a project of theirs; ``sentence`` goes into the message."""

    kind: str  # send | expect | introduce | offered | suggested | invite | timing | project
    sentence: str
    text: str  # the snippet it came from
    line: int
    again: str = ""  # the sentence to use when one of the same kind came just before ("I'll also ...")


@dataclass
class ThankYouDraft:
    text: str
    note: Note
    takeaways: list[Takeaway]
    follow_ups: list[Mention]
    offers: list[Mention]


# Headings whose snippets are logistics or the writer's own reflections rather than what the person said.
_NOT_TAKEAWAY_HEADING = re.compile(
    r"follow[- ]?up|next step|to[- ]?do|action|my (?:own )?(?:thoughts|notes|reflection)|thoughts after|"
    r"reflection|questions? (?:to ask|for)|logistics|prep",
    re.I,
)
_ADVICE_HEADING = re.compile(r"advice|tips?\b|recommend|lesson|learn|gaps?|what .* want|hiring|look for", re.I)
_WRITER_OPINION = re.compile(r"(?<!if )(?<!when )\bI (?:want|think|feel|guess|wonder|need|should|love|like|hate)\b")
_BACKGROUND_HEADING = re.compile(r"background|path|how (?:s?he|they) got|history|bio|career so far|journey", re.I)
_ADVICE_CUE = re.compile(
    r"\b(?:should|must|need(?:s)? to|don'?t|never|always|wish(?:es|ed)?|would do differently|the one thing|"
    r"matters?|key is|worse than|better than|more than|instead of|make sure|focus on|non-negotiable|"
    r"the (?:hard|easy|best|worst) part|nobody (?:tells|warns)|half the (?:job|interview))\b",
    re.I,
)
_IMPERATIVE_START = re.compile(
    r"^(?:learn|take|put|find|know|use|start|show|ask|write|lead|build|read|get|keep|focus|avoid|never|don'?t|"
    r"make|practi[cs]e|apply|talk|be|treat|say|bring|join|volunteer|track|prepare|shadow|watch|spend|go)\b",
    re.I,
)
_WRITER_VOICE = re.compile(r"^(?:i|i'm|i'd|i've|im|my|me|honestly|need to|todo|note to self|so i|maybe i)\b", re.I)
_LOGISTICS = re.compile(
    r"\b(?:thank[- ]?you|thanks|sent|emailed|replied|todo|note to self|video call|zoom call|\d+ ?min(?:ute)?s?\b|"
    r"intro|introduced|suggested (?:him|her|them)|connected us)",
    re.I,
)
_BACKGROUND_CUE = re.compile(
    r"\b(?:was an? |started (?:in|as|out)|moved (?:into|from)|worked as|before (?:moving|becoming|joining)|studied|"
    r"degree in|grew up|came (?:straight )?from|for \d+ (?:years|yrs))\b",
    re.I,
)
# Things people share in confidence or that read awkwardly when quoted back in a thank-you.
_SENSITIVE = re.compile(
    r"\b(?:pay|paid|salary|salaries|money|raise|burn(?:ed|t)?[- ]?out|imposter|impostor|fraud|guilt\w*|grief|"
    r"fired|layoffs?|laid off|divorce|sick|illness|therapy|anxiety|depress\w*|quota)\b",
    re.I,
)
_IMPLICIT_SUBJECT_VERBS = {
    "says", "said", "thinks", "thought", "believes", "feels", "felt", "writes", "wrote", "uses", "used", "builds",
    "built", "runs", "ran", "wants", "wanted", "likes", "liked", "loves", "loved", "hates", "works", "worked",
    "spends", "spent", "tags", "tracks", "reads", "sees", "gets", "got", "has", "had", "does", "did", "is", "was",
    "started", "moved", "learned", "learnt", "switched", "left", "joined", "took", "studied", "came", "went",
    "became", "hires", "hired", "manages", "managed", "leads", "led", "suggests", "suggested", "recommends",
    "recommended", "warned", "admits", "admitted", "calls", "wishes", "wished", "prefers", "blocks", "protects",
    "rehearses", "checks", "sits", "tweaks", "meets", "teaches", "taught", "mentioned", "mentions", "knows",
    "knew", "misses", "missed", "applied", "gives", "gave", "tests", "designs", "presents", "pulls", "reviews",
    "sends", "keeps", "kept", "made", "makes", "insists", "stressed", "emphasised", "emphasized", "swears",
}
# The note's own privacy remarks ("asked me not to quote him", "keep this between us") are never cited back.
_CONFIDENTIAL = re.compile(
    r"\b(?:not to (?:quote|share|name)|between us|off the record|confidential|not for sharing|don'?t share|"
    r"asked me to keep)\b",
    re.I,
)
_ANAPHORIC_START = re.compile(r"^(?:then|which|that|this|these|those|it|they|there)\b", re.I)
_DESCRIPTOR = re.compile(r"^[\w/&' -]{2,60}\s(?:at|@)\s[A-Z][\w&' -]*(?:\s*\([^)]*\))?\.?$")
_MONTHS_AND_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


# First names that are also everyday words; a name only when a surname follows.
_NAME_LIKE_WORDS = {
    "will", "may", "mark", "bill", "grace", "hope", "joy", "rose", "page", "dawn", "art", "sunny", "summer",
    "autumn", "april", "june", "august", "guy", "max", "ray", "chase", "faith", "drew", "pat", "sue", "rich",
    "young", "chip", "jack", "frank", "gene", "penny", "ruby", "amber", "crystal", "sky", "river", "storm",
    "miles", "lane", "chance", "hunter", "price", "king", "rusty", "buck", "bob", "skip", "sandy", "holly",
}


@functools.lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    path = DATA_DIR / "names" / "first_names.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def other_people(text: str, note: Note) -> list[str]:
    """Names in ``text`` of people other than the interviewee ("Tom Becker", "Carla").

    >>> other_people("Her manager, Tom Becker, hires ex-teachers", Note(path="e.md", person="Elena Brooks"))
    ['Tom Becker']
    """
    own = {w.lower() for w in note.person.split()}
    found = []
    for match in re.finditer(r"\b([A-Z][a-z]+)((?:\s+[A-Z][\w'’-]+)?)", text):
        first = match.group(1).lower()
        if first in own or first in _MONTHS_AND_DAYS or first not in _first_names():
            continue
        if not match.group(2) and first in _NAME_LIKE_WORDS:
            continue
        found.append((match.group(1) + match.group(2)).strip())
    return found


def _other_pronouns(text: str, pronouns: Sequence[str]) -> bool:
    """Whether ``text`` speaks of someone with pronouns other than the interviewee's."""
    other = ("he", "him", "his", "himself") if pronouns[0] == "she" else ("she", "her", "hers", "herself")
    return re.search(r"\b(?:" + "|".join(other) + r")\b", text, re.I) is not None


_CONCRETE = re.compile(r"\d|\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z]{2,}\b|%")


def _tidy(text: str) -> str:
    """Note shorthand made readable for a message: hashtags, emoji and "!!" dropped, common abbreviations spelled out."""
    text = re.sub(r"(?<![\w/&#])#[A-Za-z][\w-]*", "", text)
    text = re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", lambda m: m.group(2) or m.group(1), text)
    text = re.sub(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?", "", text)
    text = re.sub(r"\s*\blol\b|\s*\blmao\b", "", text, flags=re.I)
    text = re.sub(r"([!?])\1+", r"\1", text)
    text = re.sub(r"\(!+\)", "", text)
    for short, long in _SHORTHAND:
        text = re.sub(short, long, text)
    text = re.sub(
        r"\b(mid|early|late|in|by)([- ])(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?",
        lambda m: m.group(1) + m.group(2) + _MONTHS[m.group(3)[:3]],
        text,
    )
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip(" -–—,;:")
    return text


_SHORTHAND = (
    (r"\bw/o\b", "without"), (r"\bw/(?=\s)", "with"), (r"\bb/c\b", "because"), (r"\bbc\b", "because"),
    (r"\bmtgs\b", "meetings"), (r"\bmtg\b", "meeting"), (r"\byrs\b", "years"), (r"\byr\b", "year"),
    (r"\bhrs\b", "hours"), (r"\bwks\b", "weeks"), (r"\bwk\b", "week"), (r"\bppl\b", "people"),
    (r"\besp\.", "especially"), (r"\bthru\b", "through"), (r"\bimo\b", "in my view"), (r"\btbh\b", ""),
    (r"(?<=\w) \+ (?=\w)", " and "), (r"(?<=\w) = (?=\w)", " is "), (r"(?<=\w) ≈ (?=\w)", " is like "),
    (r"(?<=\w) ?→ ?(?=\w)", " then "), (r"\s+->\s+", " then "),
)

_MONTHS = {
    "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
    "Aug": "August", "Sep": "September", "Oct": "October", "Nov": "November", "Dec": "December",
}

# Third-person verb forms that do not follow the add-an-s rule.
_IRREGULAR_2ND = {
    "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't",
    "wasn't": "weren't", "hasn't": "haven't", "goes": "go", "says": "say",
}
_ADVERBS = {"also", "really", "still", "always", "never", "even", "just", "only", "actually", "mostly", "often",
            "usually", "now", "then", "basically", "honestly", "clearly", "definitely", "apparently", "sometimes"}


def interviewee_pronouns(note: Note) -> tuple[str, ...]:
    """The third-person pronouns that refer to the interviewee, judged by which the note uses most.

    Empty when the note is ambiguous (both used about as often), so nothing is rewritten.
    """
    text = " ".join(s.text for s in note.snippets).lower()
    she = len(re.findall(r"\b(?:she|her|hers|herself)\b|\bshe'", text))
    he = len(re.findall(r"\b(?:he|him|his|himself)\b|\bhe'", text))
    if she >= 2 * max(he, 1) or (she and not he):
        return ("she", "her", "hers", "herself")
    if he >= 2 * max(she, 1) or (he and not she):
        return ("he", "him", "his", "himself")
    return ()


def to_second_person(text: str, pronouns: Sequence[str], names: Sequence[str] = ()) -> str:
    """Rewrite what a note says about the interviewee as if speaking to them.

    ``pronouns`` is (subject, object, possessive, reflexive), e.g. from :func:`interviewee_pronouns`;
    ``names`` are the interviewee's first name, then fuller forms of it. Other people's pronouns are left alone.

    >>> to_second_person("she says half the job is writing", ("she", "her", "hers", "herself"))
    'you say half the job is writing'
    >>> to_second_person("Marcus's manager asked for his spreadsheet", ("he", "him", "his", "himself"), ["Marcus"])
    'Your manager asked for your spreadsheet'
    """
    if not pronouns and not names:
        return text
    subject, obj, possessive, reflexive = pronouns if pronouns else ("", "", "", "")
    names = [n for n in names if n]
    if len(names) > 1:  # the full name collapses to the first name, which is then replaced as one word
        for full in names[1:]:
            text = re.sub(re.escape(full), names[0], text)
    name_set = {n.lower() for n in names[:1]}
    tokens = re.findall(r"[\w'’]+|[^\w\s]+|\s+", text)
    out: list[str] = []
    expect_verb = False  # a "you" subject was just written: the next verb loses its third-person -s
    you_subject = False  # ... and later "and says" / "but thinks" share that subject
    for i, tok in enumerate(tokens):
        if tok.isspace():
            out.append(tok)
            continue
        low = tok.lower().replace("’", "'")
        nxt = next((t for t in tokens[i + 1:] if not t.isspace()), "").lower()
        if expect_verb:
            if low in _ADVERBS:
                out.append(tok)
                continue
            expect_verb = False
            out.append(_verb_for_you(tok))
            continue
        if you_subject and low in ("and", "but", "or") and nxt in _IMPLICIT_SUBJECT_VERBS and nxt.endswith("s"):
            out.append(tok)
            expect_verb = True
            continue
        if low in (".", "!", "?", ";"):
            you_subject = False
        replacement = None
        if subject and low == subject:
            replacement, expect_verb, you_subject = "you", True, True
        elif subject and low in (subject + "'s", subject + "'ll", subject + "'d"):
            rest = low[len(subject):]
            if rest == "'s":
                replacement = "you've" if nxt in ("been", "got", "had", "done", "seen", "worked") else "you're"
            else:
                replacement = "you" + rest
        elif low in name_set:
            replacement, expect_verb, you_subject = "you", True, True
        elif low.endswith(("'s", "'")) and re.sub(r"'s?$", "", low) in name_set:
            replacement = "your"
        elif obj and low == obj:
            # "her" before a noun is possessive; at a clause end or before a preposition it is the object.
            if obj == "her":
                prev = next((t for t in reversed(out) if not t.isspace()), "").lower()
                is_possessive = nxt[:1].isalpha() and nxt not in _NOT_AFTER_POSSESSIVE and prev not in _GIVING_VERBS
                replacement = "your" if is_possessive else "you"
            else:
                replacement = "you"
        elif possessive and low == possessive:
            replacement = "your" if possessive == "his" and nxt[:1].isalpha() else "yours"
        elif reflexive and low == reflexive:
            replacement = "yourself"
        if replacement is None:
            out.append(tok)
        else:
            out.append(replacement[0].upper() + replacement[1:] if tok[:1].isupper() else replacement)
    return "".join(out)


# After these verbs "her" is the person ("gave her a chance"), not a possessive.
_GIVING_VERBS = {
    "gave", "give", "gives", "giving", "told", "tell", "tells", "asked", "ask", "asks", "sent", "send", "sends",
    "showed", "show", "shows", "offered", "offer", "offers", "taught", "teach", "teaches", "let", "lets", "paid",
    "pay", "pays", "emailed", "messaged", "invited", "thanked", "helped", "help", "helps", "bought", "owe", "owed",
}
_NOT_AFTER_POSSESSIVE = {
    "a", "an", "the", "to", "for", "in", "on", "at", "about", "with", "and", "or", "but", "that", "if", "when",
    "because", "so", "as", "from", "into", "of", "up", "out", "back", "down", "off", "over", "again", "know",
    "my", "our", "some", "this", "what", "how", "why", "every", "each", "all", "twice", "once", "weekly",
    "monthly", "later", "yesterday", "today", "first", "last", "next", "regularly", "afterwards", "too",
}


_NOT_VERBS = {"this", "its", "as", "yes", "plus", "thus", "always", "sometimes", "perhaps", "news", "series",
              "towards", "afterwards", "years", "months", "weeks", "days", "hours", "times", "others", "ones"}


def _verb_for_you(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR_2ND:
        new = _IRREGULAR_2ND[low]
    elif re.fullmatch(r"[a-z]+ies", low) and len(low) > 4:
        new = low[:-3] + "y"
    elif re.fullmatch(r"[a-z]+(?:ches|shes|sses|xes|zes|oes)", low):
        new = low[:-2]
    elif re.fullmatch(r"[a-z]{2,}[^s'u]s", low) and low not in _NOT_VERBS:
        new = low[:-1]
    else:
        return word
    return new[0].upper() + new[1:] if word[:1].isupper() else new


def _units(note: Note) -> list[Any]:
    """Snippets, with the sentences of one block quote joined back into one quote."""
    from dataclasses import replace

    units: list[Any] = []
    for snippet in note.snippets:
        prev = units[-1] if units else None
        if (
            prev is not None and snippet.kind == "quote" and prev.kind == "quote"
            and snippet.heading == prev.heading and 0 <= snippet.line - prev.line <= 1
        ):
            units[-1] = replace(prev, text=f"{prev.text} {snippet.text}")
        else:
            units.append(snippet)
    return units


def pick_takeaways(
    note: Note, other_texts: Sequence[str], k: int = 3, avoid: Sequence[str] = (), skip_lines: Iterable[int] = ()
) -> list[Takeaway]:
    """The ``k`` most distinctive, advice-like snippets of ``note``, in note order.

    Distinctiveness is the TF-IDF weight of a snippet's words with document frequencies counted over
    ``other_texts`` plus this note, so words every interview uses ("SQL", "culture") count little and what
    only this person said counts a lot. Advice (imperatives, "should", an Advice heading), concrete detail
    (numbers, named tools) and direct quotes score higher; logistics, the writer's own reflections and
    sensitive topics (pay, burnout) score lower or are left out. Snippets containing any ``avoid`` term
    (e.g. ``never_share``) are skipped, and so are snippets on ``skip_lines`` (already used for follow-ups).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    skip = set(skip_lines)
    candidates = [
        s for s in _units(note)
        if s.kind not in ("table", "code")
        and is_takeaway(s)  # never the note-taker's questions or the interview's logistics
        and s.line not in skip
        and not _NOT_TAKEAWAY_HEADING.search(s.heading)
        and 4 <= len(s.text.split()) <= 70
        and not s.text.rstrip().endswith(":")  # a lead-in to a list, not a point
        and not _CONFIDENTIAL.search(s.text)
        and not re.match(r"(?:then|which|and then|also)\b", s.text, re.I)  # continues the line before
        and not any(term.lower() in s.text.lower() for term in avoid if term)
    ]
    if not candidates:
        return []
    this_text = " ".join(s.text for s in note.snippets)
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, norm=None, token_pattern=r"(?u)\b[a-zA-Z][\w-]+\b"
    )
    vectorizer.fit([this_text, *other_texts])
    weights = vectorizer.transform([s.text for s in candidates])
    raw = []
    for row in range(weights.shape[0]):
        values = weights[row].data
        raw.append(float(values.sum()) / max(1.0, len(values)) ** 0.5 if len(values) else 0.0)
    top = max(raw) or 1.0
    pronouns = interviewee_pronouns(note)
    scored: list[tuple[float, Any]] = []
    for snippet, distinct in zip(candidates, raw, strict=True):
        text = snippet.text
        score = distinct / top
        if _ADVICE_HEADING.search(snippet.heading) or _ADVICE_CUE.search(text) or _IMPERATIVE_START.match(text):
            score += 0.35
        if _CONCRETE.search(text):
            score += 0.1
        if snippet.kind == "quote" or re.search(r"[\"“][^\"”]{12,}[\"”]", text):
            score += 0.25
        if _BACKGROUND_HEADING.search(snippet.heading) or _BACKGROUND_CUE.search(text):
            score -= 0.15
        if _SENSITIVE.search(text) or _SENSITIVE.search(snippet.heading):
            score -= 0.3
        if _WRITER_VOICE.match(text) or _LOGISTICS.search(text) or snippet.links:
            score -= 0.6
        if _ANAPHORIC_START.match(text):
            score -= 0.35  # leans on the sentence before it
        if text.count("(") != text.count(")") or text.count('"') % 2 or text.count("“") != text.count("”"):
            score -= 0.4  # a sentence split inside brackets or a quotation
        if _WRITER_OPINION.search(text):
            score -= 0.25
        if len(text.split()) > 40:
            score -= 0.2  # too long to cite in a message
        if _DESCRIPTOR.match(text):
            score -= 0.4  # "UX designer at Parcel & Pine (agency)": who they are, not what they said
        if other_people(text, note) or (pronouns and _other_pronouns(text, pronouns)):
            score -= 0.3  # about someone else: the context a reader needs is elsewhere in the note
        scored.append((score, snippet))
    scored.sort(key=lambda pair: (-pair[0], pair[1].line))
    chosen: list[tuple[float, Any]] = []
    for score, snippet in scored:
        words = _content_words(snippet.text)
        if any(len(words & _content_words(c.text)) > 0.5 * max(1, len(words)) for _, c in chosen):
            continue  # same point twice (a bullet and its sub-bullet)
        chosen.append((score, snippet))
        if len(chosen) == k:
            break
    chosen.sort(key=lambda pair: pair[1].line)
    return [
        Takeaway(s.text, s.line, s.heading, _phrase_takeaway(s, note), s.kind == "quote", round(score, 3))
        for score, s in chosen
    ]


def _phrase_takeaway(snippet, note: Note) -> str:
    """The snippet in words fit for a message to the interviewee: quotes verbatim, the rest in second person."""
    tidy = _tidy(snippet.text)
    if snippet.kind == "quote":
        return f"“{tidy}”"
    whole_quote = re.fullmatch(r"[\"“]([^\"“”]+)[\"”]\.?", tidy)
    if whole_quote:
        inner = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), whole_quote.group(1))
        return f"“{inner[0].upper()}{inner[1:]}”"
    tidy = re.sub(r"^(?:but|and|so|also|plus),?\s+", "", tidy, flags=re.I)
    if not tidy:
        return _sentence(snippet.text)
    pronouns = interviewee_pronouns(note)
    names = [note.person.split()[0], note.person] if note.person else []
    if other_people(tidy, note):
        # Keep the sentences about the interviewee; when none, keep the note's wording rather than guess who
        # "she" is.
        own = [x for x in re.split(r"(?<=[.!?])\s+", tidy) if not other_people(x, note) and len(x.split()) >= 4]
        if own:
            tidy = " ".join(own)
        else:
            pronouns, names = (), []
    first = tidy.split(" ", 1)[0].lower()
    if pronouns and first in _IMPLICIT_SUBJECT_VERBS:  # "Thinks my teaching is an asset": the subject is them
        tidy = f"{pronouns[0]} {tidy[0].lower()}{tidy[1:]}"
    elif len(tidy.split()) < 8 and snippet.heading and not re.search(r"[.!?:]", tidy):
        tidy = f"{snippet.heading.split(' > ')[-1]}: {tidy[0].lower()}{tidy[1:]}"  # a fragment needs its heading
    text = to_second_person(tidy, pronouns, names)
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return _sentence(text)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower())}


# Rules for follow-ups the interviewee suggested. The trigger words are case-insensitive; each rule captures
# the phrase ``x`` that is reused, in second person, in the message.
_CLAUSE = r"[^.;!?()\[\]→,]+"  # up to the end of the clause
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SEASON = r"(?:spring|summer|fall|autumn|winter|year|month|quarter|q[1-4]|week)\b"
_RELATION = r"(?:colleague|friend|manager|boss|mentor|former colleague|coworker|co-worker|contact|teammate|partner)"


def _rule(kind: str, trigger: str, phrase: str, form: str) -> tuple[str, re.Pattern[str], str]:
    return kind, re.compile(f"(?i:{trigger})(?P<x>{phrase})"), form


_FOLLOW_UP_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # "send her my portfolio when I have one case study done" → I'll send you my portfolio when ...
    _rule("send", r"\b(?:send|email|e-mail|share with|show|forward)\s+(?:her|him|them)\s+",
          rf"(?i:my|the|a|an|some|any)\b{_CLAUSE}", "I'll send you {x}."),
    # "she wants the article I mentioned" → I'll send you the article I mentioned.
    _rule("send", r"\b(?:she|he|they)\s+(?:wants|asked for|asked me for|would like|'d like)\s+",
          rf"(?i:my|the|a|an|that|some)\b{_CLAUSE}", "I'll send you {x}."),
    # "she'll email me her storyboard template" → I'm looking forward to your storyboard template.
    _rule("expect", r"\b(?:she|he|they)(?:'ll|’ll| will)\s+(?:email|send|share|forward|mail)\s+(?:me\s+|it\s+)?",
          rf"(?i:her|his|their|the|a|an|some)\b{_CLAUSE}", "I'm looking forward to {x}."),
    # "offered to intro me to Camila Ortiz" → Thank you for offering to intro me to Camila Ortiz.
    _rule("offered", r"\b(?:offered|offers|volunteered)\s+to\s+", _CLAUSE, "Thank you for offering to {x}."),
    # "talk to her colleague Sofia Delgado" → I'll reach out to your colleague Sofia Delgado, as you suggested.
    _rule("introduce", r"\b(?:talk|speak|reach out|write|get in touch|connect)\s+(?:to|with)\s+",
          rf"(?:(?i:her|his|their)\s+(?i:{_RELATION})\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}",
          "I'll reach out to {x}, as you suggested."),
    # "he suggested I shadow one of their review meetings" / "said to watch the careers page in January"
    _rule("suggested", r"\b(?:suggested|recommended|advised)\s+(?:that\s+)?I\s+|\b(?:said|told me)\s+(?:I\s+should\s+|to\s+)",
          _CLAUSE, "As you suggested, I'll {x}."),
    _rule("suggested", r"\bsaid\s+", rf"(?i:apply|reach out|check|look|watch|send|email|join|try|read|contact|ping)\b{_CLAUSE}",
          "As you suggested, I'll {x}."),
    # "asked if I'd read a chapter draft" / "invited me to join" → I'd love to read a chapter draft.
    _rule("invite", r"\b(?:asked|invited)\s+(?:me\s+)?(?:if\s+I(?:'d|’d| would)?\s+(?:want|like)?\s*(?:to\s+)?|me\s+to\s+|to\s+)",
          _CLAUSE, "I'd love to {x}."),
    # "next check-in in January", "ping her when I start applying" → I'll be in touch again in January.
    _rule("timing",
          r"\b(?:check[- ]in|check back|reach out|get (?:back )?in touch|touch base|follow up|ping (?:her|him|them)|"
          r"circle back|catch up)\b[^.;!?]*?",
          rf"(?i:(?:in|by|around|after|before|early|mid|late|next)[- ]+{_MONTH}"
          rf"|(?:in|by|around|after|early|mid|late|next)[- ]+{_SEASON}|when I\b[^.;,!?()]+)",
          "I'll be in touch again {x}."),
)
_KIND_PRIORITY = {"send": 0, "expect": 1, "introduce": 2, "offered": 3, "suggested": 4, "invite": 5, "timing": 6}

_PROJECT_VERBS = [
    "run", "organize", "organise", "host", "co-host", "cohost", "write", "start", "found", "lead", "teach",
    "volunteer", "build", "maintain", "edit", "publish", "coach", "mentor", "chair", "coordinate", "record",
    "produce", "curate", "launch", "create", "moderate", "present",
]
_EVENT_NOUNS = [
    "meetup", "meet-up", "group", "club", "community", "circle", "network", "webinar", "workshop", "class",
    "course", "conference", "event", "series", "hackathon", "chapter", "association", "camp", "festival",
    "clinic", "league", "choir", "panel", "forum",
]
_JOINABLE_NOUNS = {"group", "club", "community", "circle", "network", "association", "chapter", "league", "choir"}
_WRITING_NOUNS = ["newsletter", "blog", "podcast", "book", "column", "channel", "journal", "zine", "substack", "guide"]
_BUILDING_NOUNS = [
    "dataset", "project", "app", "website", "tool", "startup", "nonprofit", "non-profit", "charity", "program",
    "programme", "initiative", "campaign", "fund", "business", "studio", "garden", "archive", "library",
]
_ALL_PROJECT_NOUNS = frozenset(_EVENT_NOUNS + _WRITING_NOUNS + _BUILDING_NOUNS)
_NOT_PROJECT_HEADING = re.compile(r"typical|day|week|work\b|what (?:s?he|they) does|job|role|tools?|skills?|process|team", re.I)
_PROJECT_HEADING = re.compile(r"project|stuff|side|follow|for me|her |his |their |own", re.I)
_PERSONAL_CUE = re.compile(
    r"\b(?:free|volunteer\w*|own|side|monthly|weekly|on (?:weekends|saturdays|sundays)|started|co-?hosts?|founded)\b",
    re.I,
)


_PROJECT_AUXILIARIES = ["'s", "’s", "is", "also", "now", "still", "currently", "has", "been", "co", "-", "recently", "just"]


def _project_matcher(nlp, person: str):
    from spacy.matcher import Matcher

    subjects = ["she", "he", "they"] + [w.lower() for w in person.split() if w]
    matcher = Matcher(nlp.vocab)
    nouns = _EVENT_NOUNS + _WRITING_NOUNS + _BUILDING_NOUNS
    # "she runs a monthly meetup", "he's writing a book on ...", "Dana writes a small newsletter",
    # "she co-hosts a podcast", "he volunteers teaching a free intro SQL class".
    matcher.add("PROJECT", [[
        {"LOWER": {"IN": subjects}},
        {"LOWER": {"IN": _PROJECT_AUXILIARIES}, "OP": "*"},
        {"LEMMA": {"IN": _PROJECT_VERBS}},
        {"IS_SENT_START": False, "IS_PUNCT": False, "OP": "{0,7}"},
        {"LEMMA": {"IN": nouns}},
    ]])
    return matcher


def find_projects(note: Note, nlp) -> list[Mention]:
    """Projects and interests of the interviewee the writer could offer help with, best first."""
    matcher = _project_matcher(nlp, note.person)
    found: list[tuple[float, Mention]] = []
    for snippet in note.snippets:
        doc = nlp.make_doc(snippet.text)
        for component in ("lemmatizer", "attribute_ruler", "tagger"):
            if component in nlp.pipe_names:
                doc = nlp.get_pipe(component)(doc)
        matches = matcher(doc)
        if not matches:
            continue
        _, start, end = min(matches, key=lambda m: (m[2] - m[1], m[1]))  # the tightest span
        while end < len(doc) and doc[end].lemma_.lower() in _ALL_PROJECT_NOUNS:
            end += 1  # "journal club": the compound's head decides what kind of thing it is
        span = doc[start:end]
        noun = span[-1].lemma_.lower()
        score = 1.0
        if _PROJECT_HEADING.search(snippet.heading):
            score += 1.0
        if _NOT_PROJECT_HEADING.search(snippet.heading) and not _PROJECT_HEADING.search(snippet.heading):
            score -= 1.5
        if _PERSONAL_CUE.search(snippet.text):
            score += 0.5
        name = _project_name(snippet.text, span.end_char)
        if name:
            score += 0.5
        if score < 1.0:
            continue
        thing = _project_phrase(snippet.text, span, noun, name)
        found.append((score, Mention("project", _offer_sentence(noun, thing), snippet.text, snippet.line)))
    found.sort(key=lambda pair: (-pair[0], pair[1].line))
    return [m for _, m in found]


def _project_name(text: str, after: int) -> str:
    """A proper name or quoted title given to the project right after it is mentioned."""
    rest = text[after:after + 120]
    quoted = re.search(r"[\"“]([^\"”]{3,60})[\"”]", rest)
    # An appositive: "a meetup, Research & Coffee," / "a journal club for new grads, Night Owls."
    named = re.match(
        r"[^.;:!?,]{0,40}?,\s*((?:[A-Z][\w&'’-]*)(?:\s+(?:[A-Z][\w&'’-]*|&|of|for|and|the|on|in))*\s*[A-Z&][\w'’-]*"
        r"|[A-Z][\w'’-]+)(?=\s*(?:[,.;()]|$))",
        rest,
    )
    if named:
        return named.group(1).strip()
    if quoted and quoted.start() < 40:
        return quoted.group(1).strip(" ,.")
    return ""


def _project_phrase(text: str, span, noun: str, name: str) -> str:
    if name and noun in _EVENT_NOUNS:
        return name
    # From the first word after the verb through the noun, plus an "on/about/for ..." tail.
    verb_index = next(i for i, t in enumerate(span) if t.lemma_.lower() in _PROJECT_VERBS)
    words = [t.text for t in span[verb_index + 1:]]
    while words and words[0].lower() in ("a", "an", "the", "her", "his", "their", "teaching", "running", "on"):
        words = words[1:]
    phrase = " ".join(words)
    tail = re.match(
        r"\s+((?:on|about|for|of)\s+[^.;,!?()\[\]→]{3,60}?)(?=\s+(?:and|but|that|which|who)\b|[.;,!?()\[\]→]|$)",
        text[span.end_char:],
    )
    if tail and len(tail.group(1).split()) <= 8:
        phrase += " " + tail.group(1).strip()
    phrase = re.sub(r"\s+([-–])\s+", r"\1", phrase)
    return "your " + _tidy(phrase)


def _offer_sentence(noun: str, thing: str) -> str:
    if noun in _WRITING_NOUNS:
        if noun == "book":
            return f"If it would help, I'd be glad to read a draft chapter of {thing} and give you honest feedback."
        return f"I'm looking forward to following {thing}, and I'd be happy to pass it on to people who'd enjoy it."
    if noun in _EVENT_NOUNS:
        verb = "join" if noun in _JOINABLE_NOUNS else "come to"
        return f"I'd love to {verb} {thing}, and I'm happy to lend a hand if you ever need one."
    return f"If it would be useful, I'd be glad to give feedback on {thing} from my side."


_AGAIN_FORMS = {
    "send": "I'll also send you {x}.",
    "suggested": "I'll also {x}, as you suggested.",
    "offered": "And thank you for offering to {x}.",
    "invite": "I'd also love to {x}.",
    "introduce": "I'll also reach out to {x}.",
}


def find_follow_ups(note: Note, avoid: Sequence[str] = ()) -> list[Mention]:
    """Follow-ups the interviewee suggested (send something, meet someone, get back in touch), in note order.

    Each rule of ``_FOLLOW_UP_RULES`` captures a phrase that is reused, in second person, in the message.
    Snippets that carry privacy remarks or any ``avoid`` term give nothing.
    """
    pronouns = interviewee_pronouns(note)
    names = [note.person.split()[0], note.person] if note.person else []
    found: list[Mention] = []
    for snippet in note.snippets:
        text = _tidy(snippet.text)
        if _CONFIDENTIAL.search(text):
            continue
        for kind, pattern, form in _FOLLOW_UP_RULES:
            match = pattern.search(text)
            if not match:
                continue
            phrase = match.group("x").strip(" ,.;:-–—")
            if len(phrase.split()) < 2 and kind not in ("introduce", "timing"):
                continue  # "said I should come": too little to say something specific
            if kind == "invite" and re.match(r"(?:keep|not|don'?t|stop|avoid)\b", phrase, re.I):
                continue  # "asked me to keep this between us" is a request, not an invitation
            if kind in ("send", "offered", "suggested", "invite", "introduce"):
                phrase = to_second_person(phrase, pronouns, names)
            if kind == "expect":
                phrase = re.sub(r"^(?:her|his|their)\b", "your", phrase)
            if kind == "timing":
                phrase = re.sub(r"^(mid|early|late)[- ]", r"in \1-", phrase)
            sentence = form.format(x=phrase)
            if any(term.lower() in sentence.lower() for term in avoid if term):
                continue
            found.append(Mention(kind, sentence, snippet.text, snippet.line, _AGAIN_FORMS.get(kind, form).format(x=phrase)))
            break
    return found


def _choose_mentions(follow_ups: list[Mention], projects: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """At most two follow-ups (most concrete kinds first) and one offer, without saying the same thing twice."""
    from dataclasses import replace

    if projects:  # "runs a circle, asked if I want to join": the offer, which names the project, says it better
        follow_ups = [m for m in follow_ups if not (m.kind == "invite" and m.text == projects[0].text)]
    picked = sorted(follow_ups, key=lambda m: (_KIND_PRIORITY.get(m.kind, 9), m.line))[:2]
    picked.sort(key=lambda m: m.line)
    if len(picked) == 2 and picked[0].kind == picked[1].kind:
        picked[1] = replace(picked[1], sentence=picked[1].again)
    offers = []
    for project in projects[:1]:
        # An accepted invitation to the same project already is the offer.
        if any(m.kind == "invite" and abs(m.line - project.line) <= 2 for m in picked):
            continue
        if any(m.text == project.text and m.kind == "offered" for m in picked):
            continue
        offers.append(project)
    return picked, offers


def note_texts(notes_dir: Path, skip: Path | None = None) -> list[str]:
    """Body text of every note in ``notes_dir`` (except ``skip``): the background for distinctiveness."""
    from ..ingest.notes import discover, read_text, split_front_matter

    texts = []
    skip_resolved = skip.resolve() if skip else None
    for path in discover(notes_dir):
        if skip_resolved and path.resolve() == skip_resolved:
            continue
        result = read_text(path)
        if result.text is None:
            continue
        _, body_start, _ = split_front_matter(result.text)
        texts.append("\n".join(result.text.split("\n")[body_start:]))
    return texts


def draft_thank_you(
    note_path: Path,
    notes_dir: Path | None = None,
    cfg: "Config | None" = None,
    templates: Path | None = None,
    warn: Callable[[BuildWarning], None] | None = None,
) -> ThankYouDraft:
    """A thank-you message for the interview in ``note_path``, from ``thank_you.md.j2``.

    It cites 2-3 takeaways in the note's own words (second person: "you said ..."), the follow-up the
    interviewee suggested, and an offer to help with a project of theirs when the note names one.
    Raises ``FileNotFoundError`` / ``ValueError`` (a message naming the file) when the note cannot be read.
    """
    from ..ingest.notes import _person_from_heading, _relative, parse_note, read_text
    from ..nlp import get_nlp

    notes_dir = notes_dir or note_path.parent
    result = read_text(note_path)
    if result.text is None:
        raise ValueError(f"{note_path}: {'; '.join(result.notes) or 'cannot read'}")
    nlp = get_nlp(cfg.spacy_model if cfg else None)
    rel = _relative(note_path.resolve(), notes_dir.resolve())
    note = parse_note(result.text, rel, sentencizer=nlp, warn=warn)
    if not note.person:
        note.person = _person_from_heading(note.title)
    avoid = list(cfg.never_share) if cfg else []
    projects = [p for p in find_projects(note, nlp) if not any(t.lower() in p.sentence.lower() for t in avoid if t)]
    follow_ups, offers = _choose_mentions(find_follow_ups(note, avoid), projects)
    used = {m.line for m in follow_ups + offers}  # a point already made as a follow-up is not repeated
    takeaways = pick_takeaways(note, note_texts(notes_dir, skip=note_path), k=3, avoid=avoid, skip_lines=used)
    role = _lower_role(note.role)
    context = {
        "person": note.person,
        "first_name": greeting_name(note.person),
        "role": note.role,
        "role_with_article": _with_article(role) if role else "",
        "organization": note.organization,
        "date": note.date,
        "when": f"on {note.date:%B} {note.date.day}" if note.date else "",
        "takeaways": takeaways,
        "follow_ups": follow_ups,
        "offers": offers,
        "sender": cfg.profile.name if cfg else "",
        "note_path": note.path,
    }
    text = _render("thank_you.md.j2", context, templates)
    return ThankYouDraft(text, note, takeaways, follow_ups, offers)


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
