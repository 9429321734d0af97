"""``infosynth.toml`` → a typed :class:`Config`.

Lookup order (see :func:`find_config`): an explicit path, else ``infosynth.toml`` in the notes folder, else in its
parent folder, else in the current directory; no file at all is fine and gives the defaults. Every section is
optional. A value of the wrong type is an error naming the key and the type it needs; a section or key that
infosynth does not read is a warning naming the nearest valid one (see :data:`SCHEMA`).
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import BuildWarning

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_NAME = "infosynth.toml"


class ConfigError(ValueError):
    """The config file exists but cannot be used; the message names the file and the fix."""


@dataclass
class Profile:
    """Who the user is and where they want to go; the plan is measured against it."""

    name: str = ""
    goals: list[str] = field(default_factory=list)
    target_roles: list[str] = field(default_factory=list)
    current_skills: list[str] = field(default_factory=list)
    horizon_quarters: int = 4
    hours_per_week: float = 5.0
    start: dt.date | None = None


@dataclass
class Config:
    path: Path | None = None  # the file it came from, None for defaults
    notes_dir: Path | None = None
    out_dir: Path | None = None
    spacy_model: str = "auto"
    cache_dir: Path | None = None
    profile: Profile = field(default_factory=Profile)
    never_share: list[str] = field(default_factory=list)
    share_default: bool = True
    quotes_default: bool = True
    cadence_days: int = 90
    thank_you_days: int = 2
    request_days: int = 7
    extra_cues: dict[str, list[str]] = field(default_factory=dict)
    extra_skills: dict[str, list[str]] = field(default_factory=dict)
    extra_actions: list[dict[str, Any]] = field(default_factory=list)
    extra_questions: list[dict[str, Any]] = field(default_factory=list)
    granularity: float = 1.0
    templates_dir: Path | None = None
    mentor_questions: list[str] = field(default_factory=list)  # [mentor] questions: what to ask the mentor
    warnings: list[str] = field(default_factory=list)  # unknown sections and keys, each with a suggestion


def find_config(explicit: str | Path | None = None, notes_dir: str | Path | None = None) -> Path | None:
    """The config file to use, or None when there is none."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    # The notes folder, its parent (the layout `infosynth init` writes: DIR/infosynth.toml + DIR/notes/),
    # then the current directory.
    candidates = [Path(notes_dir) / CONFIG_NAME, Path(notes_dir).resolve().parent / CONFIG_NAME] if notes_dir else []
    candidates.append(Path.cwd() / CONFIG_NAME)
    return next((c for c in candidates if c.is_file()), None)


def load_config(path: str | Path | None = None, notes_dir: str | Path | None = None) -> Config:
    """Read the config (see :func:`find_config`); defaults when there is none.

    >>> load_config(notes_dir="/nonexistent").cadence_days
    90
    """
    found = find_config(path, notes_dir)
    if found is None:
        return Config()
    try:
        raw = tomllib.loads(found.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{found}: not valid TOML ({exc}); fix the file or pass --config") from None
    except OSError as exc:
        raise ConfigError(f"{found}: cannot read ({exc.strerror})") from None
    try:
        return _parse(raw, found)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{found}: {exc}") from None


def config_warnings(cfg: Config) -> list[BuildWarning]:
    """The config's unknown sections and keys as build warnings naming the file (so ``--strict`` fails on them)."""
    from .models import BuildWarning

    if not cfg.warnings or cfg.path is None:
        return []
    try:
        shown = cfg.path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:  # outside the current folder: the name alone keeps home folders out of reports
        shown = cfg.path.name
    return [BuildWarning(shown, message) for message in cfg.warnings]


def _parse(raw: dict[str, Any], path: Path) -> Config:
    base = path.parent
    warnings = unknown_keys(raw)
    build = _table(raw, "build")
    profile = _table(raw, "profile")
    sharing = _table(raw, "sharing")
    followups = _table(raw, "followups")
    tagging = _table(raw, "tagging")
    skills = _table(raw, "skills")
    plan = _table(raw, "plan")
    themes = _table(raw, "themes")
    report = _table(raw, "report")
    mentor = _table(raw, "mentor")

    def rel(value: Any) -> Path | None:
        return (base / str(value)).resolve() if value else None

    templates = rel(_text(report, "report", "templates")) or (base / "templates" if (base / "templates").is_dir() else None)
    return Config(
        path=path,
        notes_dir=rel(_text(build, "build", "notes")),
        out_dir=rel(_text(build, "build", "out")),
        spacy_model=_text(build, "build", "spacy_model", "auto"),
        cache_dir=rel(_text(build, "build", "cache_dir")),
        profile=Profile(
            name=_text(profile, "profile", "name"),
            goals=_strings(profile, "profile", "goals"),
            target_roles=_strings(profile, "profile", "target_roles"),
            current_skills=_strings(profile, "profile", "current_skills"),
            horizon_quarters=max(1, _whole(profile, "profile", "horizon_quarters", 4)),
            hours_per_week=max(0.0, _number(profile, "profile", "hours_per_week", 5.0)),
            start=_date(profile.get("start"), "[profile] start"),
        ),
        never_share=_strings(sharing, "sharing", "never_share"),
        share_default=_flag(sharing, "sharing", "share_default", True),
        quotes_default=_flag(sharing, "sharing", "quotes_default", True),
        cadence_days=_whole(followups, "followups", "cadence_days", 90),
        thank_you_days=_whole(followups, "followups", "thank_you_days", 2),
        request_days=_whole(followups, "followups", "request_days", 7),
        extra_cues={str(k): _as_list(v, f"[tagging.cues] {k}") for k, v in _table(tagging, "cues", "tagging.").items()},
        extra_skills={str(k): _as_list(v, f"[skills.extra] {k}") for k, v in _table(skills, "extra", "skills.").items()},
        extra_actions=_entries(plan, "extra_actions"),
        extra_questions=_entries(plan, "extra_questions"),
        granularity=_number(themes, "themes", "granularity", 1.0),
        templates_dir=templates,
        mentor_questions=_strings(mentor, "mentor", "questions"),
        warnings=warnings,
    )


# Every section and key infosynth reads. A key that is not here is a typo or a setting from elsewhere: it is
# reported with the nearest valid name, never silently dropped. ``None``: the table's keys are the user's own
# names (categories, skills).
SCHEMA: dict[str, dict[str, Any] | None] = {
    "build": {"notes": str, "out": str, "spacy_model": str, "cache_dir": str},
    "profile": {"name": str, "goals": list, "target_roles": list, "current_skills": list, "horizon_quarters": int,
                "hours_per_week": float, "start": "date"},
    "sharing": {"never_share": list, "share_default": bool, "quotes_default": bool},
    "followups": {"cadence_days": int, "thank_you_days": int, "request_days": int},
    "tagging": {"cues": None},
    "skills": {"extra": None},
    "plan": {"extra_actions": "entries", "extra_questions": "entries"},
    "themes": {"granularity": float},
    "report": {"templates": str},
    "mentor": {"questions": list},
}
ENTRY_KEYS = {
    "extra_actions": ("skill", "kind", "action", "hours", "metric", "type"),
    "extra_questions": ("question", "category", "theme", "skill", "goal", "why"),
}


def unknown_keys(raw: dict[str, Any]) -> list[str]:
    """A warning for each section or key of ``raw`` that infosynth does not read, with the nearest valid name.

    >>> unknown_keys({"profiel": {}, "profile": {"hours_per_weak": 6}})
    ['[profiel]: no such section, ignored; did you mean [profile]?', '[profile] hours_per_weak: no such key, ignored; did you mean hours_per_week?']
    """
    found: list[str] = []
    for section, value in raw.items():
        if section not in SCHEMA:
            found.append(f"[{section}]: no such section, ignored" + _suggest(section, SCHEMA, "[{}]"))
            continue
        keys = SCHEMA[section]
        if not isinstance(value, dict) or keys is None:
            continue
        for key, item in value.items():
            if key not in keys:
                found.append(f"[{section}] {key}: no such key, ignored" + _suggest(key, keys))
            elif keys[key] is None and not isinstance(item, dict):
                continue  # reported as a type error
            elif keys[key] == "entries" and isinstance(item, list):
                for number, entry in enumerate(item, 1):
                    for name in entry if isinstance(entry, dict) else ():
                        if name not in ENTRY_KEYS[key]:
                            found.append(f"[[{section}.{key}]] #{number} {name}: no such key, ignored"
                                         + _suggest(name, ENTRY_KEYS[key]))
    return found


def _suggest(name: str, valid: Any, form: str = "{}") -> str:
    import difflib

    close = difflib.get_close_matches(name.lower(), list(valid), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {form.format(close[0])}?"
    return "; valid: " + ", ".join(form.format(v) for v in valid)


def _table(raw: dict[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"[{prefix}{key}] must be a table (a [{prefix}{key}] header with key = value lines), "
                         f"not {_describe(value)}")
    return value


def _describe(value: Any) -> str:
    """What a TOML value is, in the words of the error messages."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"{value!r}"


def _typed(table: dict[str, Any], section: str, key: str, ok: bool, expected: str) -> None:
    if not ok:
        raise ValueError(f"[{section}] {key} must be {expected}, not {_describe(table[key])}")


def _text(table: dict[str, Any], section: str, key: str, default: str = "") -> str:
    if key not in table:
        return default
    _typed(table, section, key, isinstance(table[key], str), 'text in quotes, e.g. "value"')
    return table[key]


def _whole(table: dict[str, Any], section: str, key: str, default: int) -> int:
    if key not in table:
        return default
    value = table[key]
    ok = isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and value.is_integer()
    _typed(table, section, key, ok, "a whole number, e.g. 4 (no quotes)")
    return int(value)


def _number(table: dict[str, Any], section: str, key: str, default: float) -> float:
    if key not in table:
        return default
    value = table[key]
    _typed(table, section, key, isinstance(value, (int, float)) and not isinstance(value, bool),
           "a number, e.g. 6 or 2.5 (no quotes)")
    return float(value)


def _flag(table: dict[str, Any], section: str, key: str, default: bool) -> bool:
    if key not in table:
        return default
    _typed(table, section, key, isinstance(table[key], bool), "true or false (no quotes)")
    return table[key]


def _entries(plan: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = plan.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"[[plan.{key}]] must be tables, each starting with a [[plan.{key}]] line, "
                         f"not {_describe(value)}")
    return list(value)


def _as_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value):
        return [str(v) for v in value]
    raise ValueError(f'{where} must be a list of texts, e.g. ["one", "two"], not {_describe(value)}')


def _strings(table: dict[str, Any], section: str, key: str) -> list[str]:
    return _as_list(table.get(key, []), f"[{section}] {key}")


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where} = {value!r} is not a date like 2027-01-01") from None
