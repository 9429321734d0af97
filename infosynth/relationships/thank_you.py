"""A thank-you draft for one interview: takeaways in the interviewee's own terms, follow-ups and projects they mentioned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import BuildWarning
from .outreach import greeting_name, lower_role, render_template, with_article
from .projects import choose_mentions, find_follow_ups, find_projects
from .takeaways import ThankYouDraft, pick_takeaways

if TYPE_CHECKING:
    from ..config import Config


def note_texts(notes_dir: Path, skip: Path | None = None) -> list[str]:
    """Body text of every note in ``notes_dir`` (except ``skip``): the background for distinctiveness."""
    from ..ingest.discover import discover, read_text
    from ..ingest.frontmatter import split_front_matter

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
    from ..ingest.discover import read_text, relative_path
    from ..ingest.notes import parse_note
    from ..ingest.people import fill_from_body, person_from_heading
    from ..nlp import get_nlp

    notes_dir = notes_dir or note_path.parent
    result = read_text(note_path)
    if result.text is None:
        raise ValueError(f"{note_path}: {'; '.join(result.notes) or 'cannot read'}")
    nlp = get_nlp(cfg.spacy_model if cfg else None)
    rel = relative_path(note_path.resolve(), notes_dir.resolve())
    note = parse_note(result.text, rel, sentencizer=nlp, warn=warn)
    if not note.person:
        note.person = person_from_heading(note.title)
    fill_from_body(note)  # the person, role and organisation a note names in its title or first lines
    avoid = list(cfg.never_share) if cfg else []
    projects = [p for p in find_projects(note, nlp) if not any(t.lower() in p.sentence.lower() for t in avoid if t)]
    follow_ups, offers = choose_mentions(find_follow_ups(note, avoid), projects)
    used = {m.line for m in follow_ups + offers}  # a point already made as a follow-up is not repeated
    takeaways = pick_takeaways(note, note_texts(notes_dir, skip=note_path), k=3, avoid=avoid, skip_lines=used)
    role = lower_role(note.role)
    context = {
        "person": note.person,
        "first_name": greeting_name(note.person),
        "role": note.role,
        "role_with_article": with_article(role) if role else "",
        "organization": note.organization,
        "date": note.date,
        "when": f"on {note.date:%B} {note.date.day}" if note.date else "",
        "takeaways": takeaways,
        "follow_ups": follow_ups,
        "offers": offers,
        "sender": cfg.profile.name if cfg else "",
        "note_path": note.path,
    }
    text = render_template("thank_you.md.j2", context, templates)
    return ThankYouDraft(text, note, takeaways, follow_ups, offers)
