"""The sandboxed Jinja environment the report and mentor pages render in: filters, Markdown escaping, the
compiled-template cache, and template errors as one line naming the template."""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..resources import TEMPLATE_DIR as PACKAGE_TEMPLATES
from ..text import to_date

if TYPE_CHECKING:

    from ..synthesis import Synthesis


TEMPLATE_DIR = PACKAGE_TEMPLATES


def environment(templates: Path | None = None, markdown: bool = False):
    """A sandboxed Jinja environment: the user's template folder first, the built-in templates behind it.

    Templates run in Jinja's sandbox: a template can read the report's data and nothing else (no attributes such
    as ``__globals__``, no methods that change data), since a templates folder may arrive with a synced or
    shared notes folder. HTML templates are autoescaped; the Markdown environment escapes every ``{{ value }}`` with
    :func:`md_escape` instead (wrap trusted Markdown in :class:`MarkdownText` to keep it as is).
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape

    Environment = _environment_class()

    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(TEMPLATE_DIR)))
    options: dict[str, Any] = {
        "loader": ChoiceLoader(loaders),
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if markdown:
        env = Environment(autoescape=False, finalize=md_escape, **options)
        env.filters["markdown"] = MarkdownText  # trusted Markdown built by the template itself (tables)
    else:
        env = Environment(
            autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "svg", "j2"), default_for_string=True),
            **options,
        )
    env.filters.update(nicedate=nice_date, cell=format_cell, plural=plural, pct=lambda x: f"{round(100 * x)}%")
    env.globals.update(category_labels=CATEGORY_LABELS)
    return env


_ENVIRONMENTS: dict[tuple[Any, ...], Any] = {}


def _shared_environment(templates: Path | None, markdown: bool, cache_dir: Path | None = None):
    """One environment per template folder for the whole process, so templates compile once; with ``cache_dir``,
    compiled templates are also kept there for the next run.

    Jinja reloads a template whose file changed; a file added to the user's folder makes a new environment.
    """
    folder = Path(templates).resolve() if templates else None
    files = tuple(sorted(str(p) for p in folder.rglob("*"))) if folder else ()
    key = (folder, files, markdown, cache_dir)
    if key not in _ENVIRONMENTS:
        env = environment(templates, markdown)
        env.bytecode_cache = _bytecode_cache(cache_dir, markdown) if cache_dir else None
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def _bytecode_cache(cache_dir: Path, markdown: bool):
    """Compiled templates kept in ``cache_dir/templates`` for the next run (compiling the report's templates
    takes about a tenth of a second); None when that folder cannot be used or others could write to it.

    Compiled code depends on Jinja and on the settings in this module, so both are part of the file names.
    """
    import hashlib

    import jinja2

    folder = cache_dir / "templates"
    try:
        if not cache_dir.is_dir():  # made by the per-note cache; a build without it leaves no trace here either
            return None
        folder.mkdir(mode=0o700, exist_ok=True)
        mode, owner = folder.stat().st_mode, folder.stat().st_uid
    except OSError:
        return None
    if hasattr(os, "getuid") and (owner != os.getuid() or mode & 0o022):  # loading code others could write: no
        return None
    tag = f"{jinja2.__version__}|{markdown}|sandboxed|".encode() + Path(__file__).read_bytes()
    digest = hashlib.sha1(tag).hexdigest()[:12]

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a cache that cannot be written only costs time
                pass

    return BytecodeCache(str(folder), f"{digest}-%s.cache")


@functools.cache
def _environment_class():
    from jinja2.sandbox import SandboxedEnvironment

    plain = (dict, Row)
    dict_attributes = frozenset(dir(Row))

    class ReportEnvironment(SandboxedEnvironment):
        """Reads ``{{ row.name }}`` of a dict straight from its key (a key is data, safe to read in the sandbox).

        Jinja tries the attribute first and falls back to the key after an AttributeError, which is slow for
        the many thousand values a report prints; for plain dicts without a dict attribute of that name the
        answer is the same.
        """

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) in plain and attribute in obj and attribute not in dict_attributes:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return ReportEnvironment


class MarkdownText(str):
    """Markdown that is already safe and must not be escaped again."""


_MD_SPECIAL = "\\`*_[]<>|&~"


_MD_LINE_START = re.compile(r"[#+\-=]|\d+[.)]")


_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")  # runs of whitespace other than a single space


def md_escape(value: Any) -> Any:
    """Escape text so that Markdown shows it literally: no HTML, links, emphasis, code or headings.

    Newlines become spaces, so a value never ends the list item or table row it sits in.

    >>> md_escape("# not a heading <img src=x onerror=alert(1)>")
    '\\\\# not a heading \\\\<img src=x onerror=alert(1)\\\\>'
    >>> md_escape(3), md_escape(None), md_escape(", ")
    (3, '', ', ')
    """
    if value is None:
        return ""
    if isinstance(value, MarkdownText) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if "  " in text or not text.isprintable():  # every whitespace character but the space is unprintable
        text = _WHITESPACE.sub(" ", text)  # keeps the spaces of separators such as ", "
    for char in _MD_SPECIAL:  # the backslash first, so that no escape gets escaped again
        if char in text:
            text = text.replace(char, "\\" + char)
    return "\\" + text if _MD_LINE_START.match(text) else text


_BEFORE_HEADING = re.compile(r"\n(?<=[^\n]\n)(?=#{1,6} )")  # starts with a plain "\n", which re finds fast


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_markdown(text: str) -> str:
    r"""A blank line before every heading and never more than one in a row, whatever the template's whitespace.

    >>> tidy_markdown("text\n## Heading\n\n\n\nmore")
    'text\n\n## Heading\n\nmore\n'
    """
    text = _BEFORE_HEADING.sub("\n\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def nice_date(value: Any) -> str:
    """``2026-02-10`` → ``10 Feb 2026``; empty for no date.

    >>> nice_date("2026-02-10"), nice_date(None)
    ('10 Feb 2026', '')
    """
    day = to_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def format_cell(value: Any) -> str:
    """A table cell as text: lists joined with "; ", floats without noise, booleans as yes/no."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(format_cell(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_cell(v)}" for k, v in value.items())
    return str(value)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "interview")`` → ``1 interview``; ``plural(3, "interview")`` → ``3 interviews``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


class TemplateError(Exception):
    """A report template failed (unsafe code stopped by the sandbox, a syntax error, a missing value); the
    message is one line naming the template. Nothing was written."""


def check_templates_folder(templates: Path | None) -> None:
    """Raise :class:`TemplateError` when a templates folder is named but is not there: the built-in templates
    would otherwise be used without a word, and a mistyped path would look like templates that change nothing."""
    if templates is not None and not Path(templates).is_dir():
        what = "is not a folder" if Path(templates).exists() else "does not exist"
        raise TemplateError(f"templates folder {templates} {what} (from --templates or [report] templates in "
                            f"infosynth.toml); fix the path, or leave it out to use the built-in templates")


def render_page(templates: Path | None, markdown: bool, cache_dir: Path | None, name: str, context: dict[str, Any]) -> str:
    """Render one page; any Jinja error becomes a one-line :class:`TemplateError` naming the template at fault."""
    import jinja2

    try:
        return _shared_environment(templates, markdown, cache_dir).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise TemplateError(template_problem(exc, name, templates)) from None


def template_problem(exc: Exception, page: str, templates: Path | None) -> str:
    import traceback

    from jinja2.exceptions import SecurityError, TemplateSyntaxError

    # Jinja puts template files and lines into the traceback; the innermost is the template at fault.
    where = ""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = f"{exc.filename}, line {exc.lineno}"
    else:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where = f"{frames[-1].filename}, line {frames[-1].lineno}"
    where = where or str(Path(templates or TEMPLATE_DIR) / page)
    message = " ".join(str(getattr(exc, "message", None) or exc).split()).rstrip(".")
    if isinstance(exc, SecurityError):
        message = f"blocked by the template sandbox: {message}"
    return f"template {where}: {message}; nothing was written"


def cache_dir_for(syn: "Synthesis") -> Path | None:
    from ..cache import default_cache_dir

    config = getattr(syn, "config", None)
    return getattr(config, "cache_dir", None) or default_cache_dir()


CATEGORY_LABELS = {"roles": "Roles", "skills": "Skills", "day-to-day": "Day-to-day", "culture": "Culture"}


class Row(dict):
    """A table row whose missing columns read as None, so templates can test optional columns
    (``{% if a.why %}``) of frames whose shape they do not know."""

    def __missing__(self, key: str) -> None:
        return None
