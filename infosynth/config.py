"""``infosynth.toml`` → a typed :class:`Config`.

Lookup order (see :func:`find_config`): an explicit path, else ``infosynth.toml`` in the notes folder, else in its
parent folder, else in the current directory; no file at all is fine and gives the defaults. Every section is
optional.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    @property
    def is_empty(self) -> bool:
        return not (self.goals or self.target_roles or self.current_skills)


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


def _parse(raw: dict[str, Any], path: Path) -> Config:
    base = path.parent
    build = _table(raw, "build")
    profile = _table(raw, "profile")
    sharing = _table(raw, "sharing")
    followups = _table(raw, "followups")
    tagging = _table(raw, "tagging")
    skills = _table(raw, "skills")
    plan = _table(raw, "plan")
    themes = _table(raw, "themes")
    report = _table(raw, "report")

    def rel(value: Any) -> Path | None:
        return (base / str(value)).resolve() if value else None

    templates = rel(report.get("templates")) or (base / "templates" if (base / "templates").is_dir() else None)
    return Config(
        path=path,
        notes_dir=rel(build.get("notes")),
        out_dir=rel(build.get("out")),
        spacy_model=str(build.get("spacy_model", "auto")),
        cache_dir=rel(build.get("cache_dir")),
        profile=Profile(
            name=str(profile.get("name", "")),
            goals=_strings(profile, "goals"),
            target_roles=_strings(profile, "target_roles"),
            current_skills=_strings(profile, "current_skills"),
            horizon_quarters=max(1, int(profile.get("horizon_quarters", 4))),
            hours_per_week=max(0.0, float(profile.get("hours_per_week", 5.0))),
            start=_date(profile.get("start"), "profile.start"),
        ),
        never_share=_strings(sharing, "never_share"),
        share_default=bool(sharing.get("share_default", True)),
        quotes_default=bool(sharing.get("quotes_default", True)),
        cadence_days=int(followups.get("cadence_days", 90)),
        thank_you_days=int(followups.get("thank_you_days", 2)),
        request_days=int(followups.get("request_days", 7)),
        extra_cues={str(k): _as_list(v, f"tagging.cues.{k}") for k, v in _table(tagging, "cues").items()},
        extra_skills={str(k): _as_list(v, f"skills.extra.{k}") for k, v in _table(skills, "extra").items()},
        extra_actions=list(plan.get("extra_actions", [])),
        extra_questions=list(plan.get("extra_questions", [])),
        granularity=float(themes.get("granularity", 1.0)),
        templates_dir=templates,
    )


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"[{key}] must be a table")
    return value


def _as_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise ValueError(f"{where} must be a string or a list of strings")


def _strings(table: dict[str, Any], key: str) -> list[str]:
    return _as_list(table.get(key, []), key)


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
