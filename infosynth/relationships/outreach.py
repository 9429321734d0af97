"""Outreach and thank-you templates: the Jinja environment they render in, and greeting a person by name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..resources import TEMPLATE_DIR

if TYPE_CHECKING:
    pass


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


def render_template(name: str, context: dict[str, Any], templates: Path | None) -> str:
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


def lower_role(role: str) -> str:
    """A job title as it reads mid-sentence: "Staff UX Researcher" → "staff UX researcher"."""
    return " ".join(w if re.search(r"[A-Z].*[A-Z]", w) else w.lower() for w in role.split())


def with_article(role: str) -> str:
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
    role_lower = lower_role(role)
    context = {
        "name": name,
        "first_name": greeting_name(name),
        "role": role,
        "role_lower": role_lower,
        "role_with_article": with_article(role_lower) if role else "",
        "organization": organization,
        "reference": as_sentence(reference),
        "purpose": as_sentence(purpose),
        "sender": sender,
        "minutes": minutes,
    }
    return render_template("outreach.md.j2", context, templates)


def as_sentence(text: str) -> str:
    """``text`` as a sentence: first letter capitalised, final punctuation added."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    first = re.search(r"\w", text)
    if first:
        text = text[: first.start()] + text[first.start()].upper() + text[first.start() + 1:]
    end = text.rstrip("\"”’')")
    return text if end[-1:] in (".", "!", "?", "…") else text + "."
