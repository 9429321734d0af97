"""Notes folder → :class:`~infosynth.models.Note` records with provenance-carrying snippets.

Three steps, each tolerant of what real folders hold:

* :func:`discover` walks the folder (hidden folders skipped, symlink loops and broken links reported);
* :func:`read_text` decodes one file (UTF-8 with or without BOM, UTF-16, else Latin-1; binary refused; size
  and line length bounded);
* :func:`parse_note` splits front matter from the body and turns the body's markdown into snippets: each
  bullet item, each sentence of a paragraph or block quote, each table row. Every snippet keeps the 1-based line
  of the file where its text starts.

Nothing here writes to the notes folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import BuildWarning, Note, Snippet

NOTE_SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 1_000_000  # larger notes are truncated: a build stays bounded whatever the folder holds
MAX_LINE_CHARS = 10_000  # longer lines are cut (a 200 kB single line is an export accident, not a note)
MAX_SNIPPET_CHARS = 2_000  # a "bullet" longer than this is split into sentences
MAX_INDENT = 60  # deeper indentation is clamped: the markdown parser would otherwise stop at its nesting limit

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HASHTAG = re.compile(r"(?<![\w/&#])#([A-Za-z][\w-]*)")
_WIKILINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_WHITESPACE = re.compile(r"\s+")
_INLINE_MARKUP = re.compile(r"[*_`\[\]#<>|\\&;]")
_HEADING_PERSON = re.compile(
    r"\b(?:with|w/|w)\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})", re.UNICODE
)
_NAME_ONLY = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}$")


@dataclass
class ReadResult:
    """Decoded text of one file plus what had to be done to get it."""

    text: str | None
    notes: list[str] = field(default_factory=list)  # human-readable remarks, become warnings


# ---------------------------------------------------------------------------------------------- discovery


def discover(
    notes_dir: Path, exclude: Iterable[Path] = (), warn: Callable[[BuildWarning], None] | None = None
) -> list[Path]:
    """All note files under ``notes_dir``, sorted, following directory symlinks once.

    Hidden files and folders (``.obsidian``, ``.git``) and the ``exclude`` folders (the output and cache
    folders when they live inside the notes folder) are skipped.
    """
    warn = warn or (lambda w: None)
    excluded = {p.resolve() for p in exclude}
    seen_dirs: set[Path] = set()
    found: list[Path] = []

    def rel(path: Path) -> str:
        return _relative(path, notes_dir)

    def walk(directory: Path) -> None:
        real = directory.resolve()
        if real in seen_dirs:
            warn(BuildWarning(rel(directory), "symlink loop; skipped"))
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            warn(BuildWarning(rel(directory), f"cannot list folder ({exc.strerror}); skipped"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:  # e.g. ELOOP on a self-referencing link
                warn(BuildWarning(rel(path), f"cannot follow ({exc.strerror}); skipped"))
                continue
            if is_dir:
                if path.resolve() in excluded:
                    continue
                if entry.is_symlink() and _inside(path.resolve(), real):
                    warn(BuildWarning(rel(path), "symlink loop; skipped"))
                    continue
                walk(path)
            elif entry.name.lower().endswith(NOTE_SUFFIXES):
                if is_file:
                    found.append(path)
                elif entry.is_symlink():
                    warn(BuildWarning(rel(path), "broken symlink; skipped"))

    walk(notes_dir)
    return found


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


# ----------------------------------------------------------------------------------------------- decoding


def read_text(path: Path, max_bytes: int = MAX_NOTE_BYTES, max_line: int = MAX_LINE_CHARS) -> ReadResult:
    """Decode a note the way a forgiving editor would, saying what it had to do.

    Returns ``text=None`` (with a reason) for files that are not text at all.
    """
    remarks: list[str] = []
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        return ReadResult(None, [f"cannot read ({exc.strerror or exc}); skipped"])
    if len(raw) > max_bytes:
        raw = raw[:max_bytes]
        remarks.append(f"larger than {max_bytes // 1_000_000} MB; only the first {max_bytes // 1_000_000} MB read")
    text = _decode(raw, remarks)
    if text is None:
        return ReadResult(None, remarks)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_line and any(len(line) > max_line for line in text.split("\n")):
        text = "\n".join(line[:max_line] for line in text.split("\n"))
        remarks.append(f"lines longer than {max_line:,} characters cut")
    return ReadResult(text, remarks)


def _decode(raw: bytes, remarks: list[str]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = raw[: len(raw) - len(raw) % 2].decode("utf-16", errors="replace")
        remarks.append("decoded as UTF-16")
        return text
    if b"\x00" in raw[:8192]:
        remarks.append("binary file, not text; skipped")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:  # a multi-byte character cut by the size limit
            return raw[: exc.start].decode("utf-8")
    remarks.append("not UTF-8; decoded as Latin-1 (save it as UTF-8 to silence this)")
    return raw.decode("cp1252", errors="replace") if _looks_cp1252(raw) else raw.decode("latin-1")


def _looks_cp1252(raw: bytes) -> bool:
    # Windows "smart quotes" live in 0x80-0x9F, which Latin-1 maps to control characters.
    return any(0x80 <= b <= 0x9F for b in raw)


# ------------------------------------------------------------------------------------------- front matter


def split_front_matter(text: str) -> tuple[dict[str, Any], int, str | None]:
    """Return ``(front_matter, body_start_line, problem)``.

    ``body_start_line`` is the 0-based index of the first body line. A problem (unclosed block, invalid YAML,
    not a mapping) leaves the front matter empty and keeps the body; the text is never dropped.
    """
    import yaml

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return {}, 0, "front matter opened with '---' but never closed; read as plain text"
    block = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return {}, end + 1, f"front matter is not valid YAML{where}; ignored, body kept"
    except (ValueError, TypeError, OverflowError):
        # An impossible date such as 2026-13-45: keep every value as text; fields that need a date warn later.
        data = yaml.load(block, Loader=yaml.BaseLoader)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, end + 1, f"front matter is a {type(data).__name__}, not key: value pairs; ignored, body kept"
    return {str(k): v for k, v in data.items()}, end + 1, None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y-%m"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not a date like 2026-05-14")


def _as_tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    return tuple(str(t).strip().lstrip("#").lower() for t in items if str(t).strip())


def _text(value: Any) -> str:
    return "" if value is None else _WHITESPACE.sub(" ", str(value)).strip()


# ------------------------------------------------------------------------------------------------ markdown


def _markdown_parser():
    from markdown_it import MarkdownIt

    # CommonMark + tables; html left as text so note content can never become markup.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.options["maxNesting"] = 100
    return md


_MD = None


def _md():
    global _MD
    if _MD is None:
        _MD = _markdown_parser()
    return _MD


@dataclass
class _Block:
    """A piece of body text waiting to become snippets."""

    kind: str  # bullet | paragraph | quote | table
    line: int  # 1-based line in the file
    text: str
    heading: str
    depth: int
    source_lines: list[str]


def _inline_text(token) -> str:
    """Plain text of an inline token: emphasis and link markup removed, wikilinks kept as their text."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
    text = "".join(parts)
    return _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)


def _blocks(body: str, offset: int, title_level_one: bool) -> tuple[list[_Block], list[str]]:
    """Walk markdown-it tokens; return content blocks and the headings seen (in order)."""
    tokens = _md().parse(body)
    body_lines = body.split("\n")
    blocks: list[_Block] = []
    headings: list[str] = []
    heading_stack: list[tuple[int, str]] = []
    list_depth = 0
    item_depth_open: list[bool] = []  # per open list item: has its first paragraph been taken as the bullet?
    quote_depth = 0
    in_table_row: list[str] | None = None
    table_header: list[str] = []
    in_header = False
    row_line = 0
    first_h1_skipped = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t == "heading_open":
            level = int(tok.tag[1])
            text = _inline_text(tokens[i + 1]).strip() if i + 1 < len(tokens) else ""
            headings.append(text)
            if level == 1 and title_level_one and not first_h1_skipped:
                first_h1_skipped = True  # the note's title, not a section
            else:
                while heading_stack and heading_stack[-1][0] >= level:
                    heading_stack.pop()
                heading_stack.append((level, text))
            i += 3
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t == "list_item_open":
            item_depth_open.append(False)
        elif t == "list_item_close":
            if item_depth_open:
                item_depth_open.pop()
        elif t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "thead_open":
            in_header = True
        elif t == "thead_close":
            in_header = False
        elif t == "tr_open":
            in_table_row = []
            row_line = tok.map[0] if tok.map else row_line
        elif t in ("th_open", "td_open") and in_table_row is not None and i + 1 < len(tokens):
            in_table_row.append(_inline_text(tokens[i + 1]).strip())
        elif t == "tr_close" and in_table_row is not None:
            if in_header:
                table_header = in_table_row
            elif any(in_table_row):
                cells = [
                    f"{h}: {c}" if h else c
                    for h, c in zip(table_header + [""] * len(in_table_row), in_table_row)
                    if c
                ]
                blocks.append(
                    _Block("table", offset + row_line + 1, "; ".join(cells), _path(heading_stack), list_depth,
                           body_lines[row_line : row_line + 1])
                )
            in_table_row = None
        elif t == "paragraph_open" and tok.map and i + 1 < len(tokens):
            inline = tokens[i + 1]
            start, end = tok.map
            text = _inline_text(inline)
            if item_depth_open and not item_depth_open[-1]:
                item_depth_open[-1] = True
                kind = "bullet"
            else:
                kind = "quote" if quote_depth else "paragraph"
            blocks.append(
                _Block(kind, offset + start + 1, text, _path(heading_stack), list_depth, body_lines[start:end])
            )
        i += 1
    return blocks, headings


def _path(stack: list[tuple[int, str]]) -> str:
    return " > ".join(text for _, text in stack if text)


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _snippets_from_blocks(blocks: list[_Block], note_path: str, sentencizer) -> list[Snippet]:
    snippets: list[Snippet] = []
    for block in blocks:
        if block.kind in ("bullet", "table") and len(block.text) <= MAX_SNIPPET_CHARS:
            pieces = [(block.text, 0)]
        else:
            pieces = _sentences(block.text, sentencizer)
        for piece, char_offset in pieces:
            text = _clean(piece)
            if not _has_words(text):
                continue
            line = _locate(block, block.line + block.text.count("\n", 0, char_offset), text)
            kind = {"paragraph": "sentence"}.get(block.kind, block.kind)
            snippets.append(
                Snippet(
                    note=note_path,
                    line=line,
                    text=text,
                    heading=block.heading,
                    kind=kind,
                    depth=block.depth,
                    hashtags=tuple(dict.fromkeys(t.lower() for t in _HASHTAG.findall(text))),
                    links=tuple(dict.fromkeys(m.group(1).strip() for m in _WIKILINK.finditer("\n".join(block.source_lines)))),
                )
            )
    return snippets


def _locate(block: _Block, estimate: int, text: str) -> int:
    """The line holding the snippet's first word, searching on from the estimate.

    Inline markup (code spans, escapes, entities) can hide line breaks from the estimate; the source lines
    settle it.
    """
    word = _INLINE_MARKUP.sub("", text.split()[0]) if text.split() else ""
    if not word or not block.source_lines:
        return estimate
    first = estimate - block.line
    for index in range(max(first, 0), len(block.source_lines)):
        if word in _INLINE_MARKUP.sub("", block.source_lines[index]):
            return block.line + index
    return estimate


def _sentences(text: str, sentencizer) -> list[tuple[str, int]]:
    """Sentences of ``text`` with their character offsets (spaCy's sentence boundaries)."""
    if sentencizer is None:
        return [(text, 0)]
    doc = sentencizer(text)
    # A sentence may begin with the whitespace token of a line break: count from its first visible character.
    return [
        (sent.text, sent.start_char + len(sent.text) - len(sent.text.lstrip()))
        for sent in doc.sents
        if sent.text.strip()
    ]


# --------------------------------------------------------------------------------------------------- notes


def parse_note(
    text: str, path: str, sentencizer=None, warn: Callable[[BuildWarning], None] | None = None
) -> Note:
    """Parse one note's decoded text. ``path`` is the note's path relative to the notes folder.

    >>> note = parse_note("---\\nperson: Ana Ruiz\\n---\\n## Typical day\\n- standups at 9\\n", "ana.md")
    >>> note.person, [(s.line, s.heading, s.text) for s in note.snippets]
    ('Ana Ruiz', [(5, 'Typical day', 'standups at 9')])
    """
    warn = warn or (lambda w: None)
    meta, body_start, problem = split_front_matter(text)
    if problem:
        warn(BuildWarning(path, problem))
    lines = text.split("\n")
    body, flattened = _bound_indentation(lines[body_start:])
    if flattened:
        warn(BuildWarning(path, f"lists nested deeper than {MAX_INDENT // 2} levels flattened"))
    blocks, headings = _blocks(body, body_start, title_level_one=_starts_with_h1(body))
    snippets = _snippets_from_blocks(blocks, path, sentencizer)

    h1 = headings[0] if headings and _starts_with_h1(body) else ""
    note = note_from_front_matter(meta, path, h1, warn, front_matter_read=problem is None)
    note.content_hash = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    note.snippets = snippets
    for snippet in snippets:
        snippet.hashtags = tuple(dict.fromkeys(snippet.hashtags))
    return note


def note_from_front_matter(
    meta: dict[str, Any], path: str, h1: str = "", warn: Callable[[BuildWarning], None] | None = None,
    front_matter_read: bool = True,
) -> Note:
    """A :class:`Note` (without snippets) from front matter, the note's ``# title`` and its file name.

    ``front_matter_read=False``: the note had front matter that could not be read, so its consent is unknown
    and it is withheld from shared copies (see :mod:`infosynth.sharing.consent`).

    >>> n = note_from_front_matter({"company": "Northwind"}, "2026-05-14-x.md", "Coffee with Ana Ruiz")
    >>> n.person, n.organization, n.date.isoformat()
    ('Ana Ruiz', 'Northwind', '2026-05-14')
    """
    from .sharing.consent import read_consent

    consent = read_consent(meta, readable=front_matter_read)
    for remark in consent.remarks:
        if warn:
            warn(BuildWarning(path, remark))
    date = None
    if meta.get("date") not in (None, ""):
        try:
            date = _as_date(meta.get("date"))
        except ValueError as exc:
            if warn:
                warn(BuildWarning(path, f"{exc}; date taken from the file name if it has one"))
    return Note(
        path=path,
        title=_text(meta.get("title")) or h1 or _title_from_name(Path(path).stem),
        person=_text(meta.get("person") or meta.get("name") or meta.get("interviewee")) or _person_from_heading(h1),
        role=_text(meta.get("role") or meta.get("title_role") or meta.get("position")),
        organization=_text(meta.get("organization") or meta.get("organisation") or meta.get("company") or meta.get("org")),
        date=date or _date_from_name(Path(path).name),
        tags=_as_tags(meta.get("tags")),
        share=consent.share is not False,
        quotes=consent.quotes is not False,
        status=_text(meta.get("status")).lower(),
        email=_text(meta.get("email")),
        meta=meta,
    )


def _bound_indentation(lines: list[str]) -> tuple[str, bool]:
    """Clamp absurd indentation (hundreds of nested list levels) so no text after it is lost."""
    flattened = False
    out = []
    for line in lines:
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if indent > MAX_INDENT and len(line[:indent].expandtabs(4)) > MAX_INDENT:
            line = " " * MAX_INDENT + stripped
            flattened = True
        out.append(line)
    return "\n".join(out), flattened


def _starts_with_h1(body: str) -> bool:
    for line in body.split("\n"):
        if line.strip():
            return line.startswith("# ")
    return False


def _person_from_heading(title: str) -> str:
    if not title:
        return ""
    match = _HEADING_PERSON.search(title)
    if match:
        return match.group("name").rstrip(".,")
    # "Priya Natarajan – UX lead" or "Quick call – Ben Adeyemi": a part that is only a name.
    for part in re.split(r"\s[-–—:|@(]\s?|,", title):
        part = part.strip(" )")
        if _NAME_ONLY.match(part) and len(part.split()) <= 3:
            return part
    return ""


def _title_from_name(stem: str) -> str:
    stem = _DATE_PREFIX.sub("", stem).strip(" -_")
    return re.sub(r"[-_]+", " ", stem).strip().capitalize()


def _date_from_name(name: str) -> dt.date | None:
    match = _DATE_PREFIX.match(name)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def read_note(
    path: Path, notes_dir: Path, sentencizer=None, warn: Callable[[BuildWarning], None] | None = None
) -> Note | None:
    """Decode and parse one file; ``None`` when it holds no text at all.

    Everything that had to be done to the file is reported as ONE warning naming it.
    """
    rel = _relative(path, notes_dir)
    result = read_text(path)
    remarks = list(result.notes)
    note = None
    if result.text is not None:
        note = parse_note(result.text, rel, sentencizer=sentencizer, warn=lambda w: remarks.append(w.message))
    if remarks and warn:
        warn(BuildWarning(rel, "; ".join(remarks)))
    return note
