"""Notes folder → :class:`~infosynth.models.Note` records with provenance-carrying snippets.

Three steps, each tolerant of what real folders hold:

* :func:`discover` walks the folder (hidden folders and infosynth's own output folders skipped, symlinks followed
  only inside the folder, loops and broken links reported);
* :func:`read_text` decodes one file (UTF-8 with or without BOM, UTF-16, else Latin-1; binary refused; size
  and line length bounded; read again if it changes meanwhile);
* :func:`parse_note` splits front matter from the body and turns the body's markdown into snippets: each
  bullet item, each sentence of a paragraph or block quote, each table row. Every snippet keeps the 1-based line
  of the file where its text starts.

Nothing here writes to the notes folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import time
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
MAX_FRONT_MATTER_VALUES = 10_000  # counted with YAML aliases expanded: a 400-byte "alias bomb" is billions
READ_ATTEMPTS = 3  # a file that changes while it is read is read again, this many times in all
OUTPUT_MARKER = ".infosynth-output"  # written into every output folder; discovery never enters such a folder

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
    stamp: tuple[int, int, int] | None = None  # (inode, size, mtime in ns) of the version read: see file_stamp


# ---------------------------------------------------------------------------------------------- discovery


def discover(
    notes_dir: Path, exclude: Iterable[Path] = (), warn: Callable[[BuildWarning], None] | None = None
) -> list[Path]:
    """All note files under ``notes_dir``, sorted, following symlinks that stay inside it.

    Hidden files and folders (``.obsidian``, ``.git``), infosynth's output folders (marked with an
    ``.infosynth-output`` file) and the ``exclude`` folders are skipped. A symlink is followed only when its
    target lies inside ``notes_dir``: ``notes/up -> ..`` must not pull the rest of the disk into a report.
    """
    warn = warn or (lambda w: None)
    excluded = {p.resolve() for p in exclude}
    root = notes_dir.resolve()
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
            note_like = is_file and entry.name.lower().endswith(NOTE_SUFFIXES)
            if entry.is_symlink() and (is_dir or note_like) and not _inside(path.resolve(), root):
                warn(BuildWarning(rel(path), "symlink to outside the notes folder; skipped"))
                continue
            if is_dir:
                target = path.resolve()
                if target in excluded or (path / OUTPUT_MARKER).is_file():
                    continue
                if entry.is_symlink() and _inside(target, real):
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

    Returns ``text=None`` (with a reason) for files that are not text at all. A file that changes while it is
    read (an editor or a sync client saving it) is read again, and the result says so.
    """
    remarks: list[str] = []
    changed = 0
    for attempt in range(READ_ATTEMPTS):
        try:
            with open(path, "rb") as fh:
                before = _stamp(os.fstat(fh.fileno()))
                raw = fh.read(max_bytes + 1)
                after = _stamp(os.fstat(fh.fileno()))
            now = file_stamp(path)  # a save by renaming a new file into place leaves the open one unchanged
        except OSError as exc:
            return ReadResult(None, [f"cannot read ({exc.strerror or exc}); skipped"])
        if before == after == now:
            break
        changed += 1
        time.sleep(0.05 * (attempt + 1))  # let the writer finish
    if changed:
        remarks.append("changed while being read; read again" if changed < READ_ATTEMPTS
                       else "kept changing while being read; the last version read is used")
    if len(raw) > max_bytes:
        raw = raw[:max_bytes]
        remarks.append(f"larger than {max_bytes // 1_000_000} MB; only the first {max_bytes // 1_000_000} MB read")
    text = _decode(raw, remarks)
    if text is None:
        return ReadResult(None, remarks, after)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_line and any(len(line) > max_line for line in text.split("\n")):
        text = "\n".join(line[:max_line] for line in text.split("\n"))
        remarks.append(f"lines longer than {max_line:,} characters cut")
    return ReadResult(text, remarks, after)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time in ns) of ``path``, None when it is gone: changes whenever it is saved."""
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns


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
        data = _load_yaml(block, "safe") if block.strip() else {}
    except _TooLarge as exc:
        return {}, end + 1, f"front matter {exc}; ignored, body kept"
    except RecursionError:
        return {}, end + 1, "front matter is nested too deeply; ignored, body kept"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return {}, end + 1, f"front matter is not valid YAML{where}; ignored, body kept"
    except (ValueError, TypeError, OverflowError):
        # An impossible date such as 2026-13-45: keep every value as text; fields that need a date warn later.
        data = _load_yaml(block, "base")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, end + 1, f"front matter is a {type(data).__name__}, not key: value pairs; ignored, body kept"
    return {str(k): v for k, v in data.items()}, end + 1, None


class _TooLarge(Exception):
    """Front matter that would expand to more than MAX_FRONT_MATTER_VALUES values."""


def _load_yaml(block: str, kind: str) -> Any:
    loader = _bounded_loader(kind)(block)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _expanded_size(node: Any, limit: int) -> int:
    """How many values ``node`` stands for once every alias is expanded; raises past ``limit``.

    PyYAML builds an alias as a shared reference, which is cheap until anything walks the result (printing,
    JSON for the cache): nine nested aliases of nine make a billion values out of 400 bytes. Counting the node
    graph with a memo is linear in its size.
    """
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(n: Any) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in visiting:  # an alias inside its own anchor: infinite
            raise _TooLarge("refers to itself through a YAML alias")
        visiting.add(key)
        total = 1
        if isinstance(n.value, list):
            for item in n.value:
                for part in item if isinstance(item, tuple) else (item,):
                    total += size(part)
                    if total > limit:
                        raise _TooLarge(f"expands to more than {limit:,} values (YAML aliases)")
        visiting.discard(key)
        sizes[key] = total
        return total

    return size(node)


@functools.cache
def _bounded_loader(kind: str) -> type:
    """PyYAML's safe loader (``kind="safe"``) or its all-strings loader (``"base"``), refusing documents that
    expand past MAX_FRONT_MATTER_VALUES before anything is built from them."""
    import yaml

    class Loader(yaml.SafeLoader if kind == "safe" else yaml.BaseLoader):  # type: ignore[misc]
        def compose_document(self):  # type: ignore[no-untyped-def]
            node = super().compose_document()
            if node is not None:
                _expanded_size(node, MAX_FRONT_MATTER_VALUES)
            return node

    return Loader


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
    asks: bool = False  # a question whose answer is nested under it or follows as "A:"
    in_questions: bool = False  # under a "questions I asked" heading or label


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
    """Walk markdown-it tokens; return content blocks and the headings seen (in order).

    A label-only line ("advice:", "Q:", a bare "day to day" bullet with nested bullets) gives no block: it joins
    the heading path of the bullets or paragraph it introduces. A question whose answer is nested under it is a
    block (marked ``asks``) and also that context.
    """
    tokens = _md().parse(body)
    body_lines = body.split("\n")
    blocks: list[_Block] = []
    headings: list[str] = []
    heading_stack: list[tuple[int, str]] = []
    # Context from label lines and questions: (text, token type that ends it, its level); level -1 = the next
    # block only.
    labels: list[tuple[str, str, int]] = []
    list_depth = 0
    lists: list[tuple[str, int]] = []  # open lists: (closing token type, level)
    items: list[int] = []  # levels of open list items
    item_depth_open: list[bool] = []  # per open list item: has its first paragraph been taken as the bullet?
    quote_depth = 0
    in_table_row: list[str] | None = None
    table_header: list[str] = []
    in_header = False
    row_line = 0
    first_h1_skipped = False

    def heading_path() -> str:
        return " > ".join([text for _, text in heading_stack if text] + [text for text, _, _ in labels])

    def add(block: _Block) -> None:
        blocks.append(block)
        labels[:] = [entry for entry in labels if entry[2] != -1]  # "next block only" context is used up

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if labels and t.endswith("_close"):
            labels[:] = [entry for entry in labels if not (entry[1] == t and entry[2] == tok.level)]
        if t == "heading_open":
            level = int(tok.tag[1])
            text = _inline_text(tokens[i + 1]).strip() if i + 1 < len(tokens) else ""
            headings.append(text)
            labels.clear()
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
            lists.append((t.replace("_open", "_close"), tok.level))
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if lists:
                lists.pop()
        elif t == "list_item_open":
            item_depth_open.append(False)
            items.append(tok.level)
        elif t == "list_item_close":
            if item_depth_open:
                item_depth_open.pop()
            if items:
                items.pop()
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
                add(_Block("table", offset + row_line + 1, "; ".join(cells), heading_path(), list_depth,
                           body_lines[row_line : row_line + 1]))
            in_table_row = None
        elif t == "paragraph_open" and tok.map and i + 1 < len(tokens):
            inline = tokens[i + 1]
            start, end = tok.map
            text = _inline_text(inline)
            after = tokens[i + 3] if i + 3 < len(tokens) else None  # the token after paragraph_close
            if item_depth_open and not item_depth_open[-1]:
                item_depth_open[-1] = True
                kind = "bullet"
                nested = after is not None and after.type in ("bullet_list_open", "ordered_list_open")
                # scope of what this bullet introduces: its own nested list, else its following siblings
                scope = ("list_item_close", items[-1]) if nested and items else (lists[-1] if lists else ("", -1))
                follows = tokens[i + 6] if i + 6 < len(tokens) else None  # next sibling's first inline
            else:
                kind = "quote" if quote_depth else "paragraph"
                nested = after is not None and after.type in ("bullet_list_open", "ordered_list_open")
                scope = (after.type.replace("_open", "_close"), after.level) if nested else ("", -1)
                follows = tokens[i + 4] if i + 4 < len(tokens) else None  # next paragraph's inline
            questions_context = _QUESTIONS_HEADING.search(heading_path()) is not None
            label = _label(text, nested, kind) if kind != "quote" else None
            if label is not None:
                if scope[1] != -1:
                    # a new label among siblings replaces the previous one
                    labels[:] = [entry for entry in labels if (entry[1], entry[2]) != scope]
                labels.append((label, *scope))
                i += 1
                continue
            answered = follows is not None and follows.type == "inline" and _A_PREFIX.match(follows.content or "")
            asks = _is_question(text) and (nested or bool(answered))
            add(_Block(kind, offset + start + 1, text, heading_path(), list_depth, body_lines[start:end],
                       asks=asks, in_questions=questions_context))
            if asks:  # the question is the context of its answer
                labels.append((_clean(text), *(scope if nested else ("", -1))))
        i += 1
    return blocks, headings


_QUESTIONS_HEADING = re.compile(
    r"(?:^|> )(?:q\s*(?:&|and)\s*a|qs?|questions?)\s*(?:$| > )|\b(?:my|our)\s+questions\b|"
    r"\bquestions?\s+(?:i|we)\s+(?:asked|had|ask|wanted to ask)\b|\bquestions?\s+(?:to ask|for (?:him|her|them|next time))\b|"
    r"\b(?:what|things)\s+i\s+asked\b",
    re.I,
)
_A_PREFIX = re.compile(r"^\s*(?:A|Answer)\s*:\s*\S")
_Q_PREFIX = re.compile(r"^\s*(?:Q|[Qq]uestion)\s*:")
_LABEL_WORDS = 12  # a line ending in ":" longer than this is a sentence, not a label


def _label(text: str, introduces: bool, kind: str) -> str | None:
    """The context a label-only line gives to what it introduces ("Advice:" → "Advice"); None for content.

    >>> _label("advice:", True, "bullet"), _label("day to day", True, "bullet"), _label("day to day", False, "bullet")
    ('advice', 'day to day', None)
    >>> _label("What he tests for in interviews:", True, "paragraph"), _label("Downsides: slow reviews", True, "bullet")
    ('What he tests for in interviews', None)
    """
    clean = _clean(_HASHTAG_RUN.sub(" ", text))
    if not clean or "\n" in text.strip():
        return None
    words = clean.split()
    if clean.endswith((":", "：")) and len(words) <= _LABEL_WORDS and (introduces or len(words) <= 3):
        return clean.rstrip(":： ").strip() or None
    if introduces and kind == "bullet" and len(words) <= 3 and not re.search(r"[.!?;:,\"“”()\d]", clean):
        return clean
    return None


def _is_question(text: str) -> bool:
    """A question as the note-taker writes one: ends with "?" and quotes nobody."""
    clean = _clean(text)
    return clean.endswith("?") and not re.search(r"[\"“”]", clean)


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _snippets_from_blocks(blocks: list[_Block], note_path: str, sentencizer) -> tuple[list[Snippet], list[str]]:
    """Snippets of the blocks, and the tags of lines that hold nothing but tags (they describe the note)."""
    snippets: list[Snippet] = []
    note_tags: list[str] = []
    for block in blocks:
        masked, detached = _detach_tags(block.text)
        if block.kind in ("bullet", "table") and len(masked) <= MAX_SNIPPET_CHARS:
            pieces = _question_answer(masked)
        else:
            pieces = _sentences(masked, sentencizer)
        starts = [offset for _, offset in pieces]
        tags_of: dict[int, list[str]] = {}
        for position, tags in detached:
            owner = max((k for k, start in enumerate(starts) if start <= position), default=0)
            tags_of.setdefault(owner, []).extend(tags)
        kept = 0
        for k, (piece, char_offset) in enumerate(pieces):
            text = _clean(piece)
            if k in tags_of:
                text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)  # "fancier #skills." left "fancier ."
            if not _has_words(text):
                if k in tags_of and kept:  # tags after a sentence that was split off: they belong to it
                    snippets[-1].hashtags += tuple(tags_of[k])
                else:
                    note_tags.extend(tags_of.get(k, []))
                continue
            kept += 1
            line = _locate(block, block.line + block.text.count("\n", 0, char_offset), text)
            kind = _snippet_kind(text, block, first=k == 0)
            inline = [t.lower() for t in _HASHTAG.findall(text)]
            heading = block.heading
            if k and snippets and snippets[-1].kind == "question" and _A_PREFIX.match(text):
                # "Q: … A: …" on one line: the question is the answer's context, as when nested
                heading = " > ".join(p for p in (heading, _Q_PREFIX.sub("", snippets[-1].text).strip()) if p)
            snippets.append(
                Snippet(
                    note=note_path,
                    line=line,
                    text=text,
                    heading=heading,
                    kind=kind,
                    depth=block.depth,
                    hashtags=tuple(dict.fromkeys([*tags_of.get(k, []), *inline])),
                    links=tuple(dict.fromkeys(m.group(1).strip() for m in _WIKILINK.finditer("\n".join(block.source_lines)))),
                )
            )
        if not kept:
            note_tags.extend(t for tags in tags_of.values() for t in tags)
    return snippets, list(dict.fromkeys(note_tags))


# ------------------------------------------------------------------------------------------ inline tags

_HASHTAG_RUN = re.compile(r"(?<![\w/&#])#[A-Za-z][\w-]*(?:[ \t]+#[A-Za-z][\w-]*)*")
_RUN_ENDS_LINE = re.compile(r"[ \t]*[.,;!?]?[ \t]*(?:\n|$)")
_SENTENCE_FOLLOWS = re.compile(r"\s+[\"“(]?[A-Z]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;!?])$")


def _detach_tags(text: str) -> tuple[str, list[tuple[int, list[str]]]]:
    """``text`` with the inline tags that stand apart from the words blanked out (same length, so offsets hold),
    and each blanked run's position and tags, lower-case.

    A run of tags stands apart when it ends a line, starts one, or sits between two sentences; a tag inside a
    sentence ("a channel called #data-fires") is part of what was written and stays.

    >>> _detach_tags("Pushing the upgrade. #followup #culture")
    ('Pushing the upgrade.                   ', [(21, ['followup', 'culture'])])
    """
    detached: list[tuple[int, list[str]]] = []
    chars = list(text)
    for match in _HASHTAG_RUN.finditer(text):
        before, after = text[: match.start()], text[match.end():]
        line_start = not before.strip(" \t") or before.rstrip(" \t").endswith("\n")
        ends_line = _RUN_ENDS_LINE.match(after) is not None
        between = before.rstrip().endswith((".", "!", "?", ")", '"', "”")) and _SENTENCE_FOLLOWS.match(after)
        if line_start or ends_line or between:
            chars[match.start():match.end()] = " " * (match.end() - match.start())
            detached.append((match.start(), [t[1:].lower() for t in match.group().split()]))
    return ("".join(chars), detached) if detached else (text, [])


# ----------------------------------------------------------------------------------------------- kinds

_QA_LINE = re.compile(r"^\s*(?:Q|[Qq]uestion)\s*:.+?\s(?=(?:A|Answer)\s*:\s*\S)", re.S)
_FOLLOW_UP_HEADING = re.compile(r"follow[- ]?ups?|next steps?|to[- ]?dos?|action items?|logistics|for me\b", re.I)
# The conversation's own business, never what the interviewee said. Each rule is narrow on purpose: a miss
# leaves a snippet in the report, a false hit hides what someone said.
_LOGISTICS = [re.compile(p, re.I) for p in (
    r"^found\s+(?:him|her|them)\s+(?:through|via|on|at)\b",
    r"^(?:set up|arranged|organi[sz]ed|booked|introduced|intro(?:'d|duced)?|connected|referred)\s+(?:by|through|via)\b",
    r"^[\w'’.-]+(?:\s[\w'’.-]+)?['’]s\s+intro(?:duction)?\b",  # Hannah's intro
    r"\b(?:she|he|they)\s+connected\s+us\b|\bsuggested\s+(?:him|her|them)\s*(?:[.(!]|$)",
    r"^(?:follow[- ]?ups?|to[- ]?do|note to self|action items?)\s*[:\-–—]",
    r"^next(?: steps?)?\s*[:\-–—]\s*(?:i\b|send|email|share|forward|ping|text|reply|thank)",
    r"^(?:todo|note to self)\b",
    r"\bthank[- ]?you(?:\s+(?:email|note|card|message))?\s+(?:sent|to send)\b",
    r"^(?:i\s+)?(?:sent|(?:still\s+)?need to send|have to send|must send)\s+(?:a\s+|my\s+|him\s+|her\s+|them\s+)?(?:thanks|thank[- ]?you)\b",
    r"^(?:i\s+)?(?:still\s+)?(?:need to|have to|remember to)\s+(?:send|email|forward|ping|text|reply|thank|follow up)\b",
    r"^\d{1,2}/\d{1,2}\s+(?:i\s+|she\s+|he\s+|they\s+|we\s+)?(?:sent|emailed|told|met|went|thanked|replied|"
    r"reviewed|called|caught up|followed up)\b",
)] + [
    # "Met at the café", "Met Michael through a meetup"; not "Met her future manager at a meetup" (her story)
    re.compile(r"^(?:[Ww]e\s+)?[Mm]et\s+(?:(?:him|her|them|[A-Z][\w'’-]+)\s+)?(?:at|in|over|via|through|on)\b"),
]
# How the conversation happened: a short opener naming the medium or length ("Zoom, 40 min.", "Video call.").
_CALL_FORMAT = re.compile(
    r"^(?:(?:a|an|our)\s+)?(?:\d+\s*-?\s*min(?:ute)?s?\s*(?:[,.]|(?:video |phone |zoom )?(?:call|chat|coffee)\b)|"
    r"(?:video|phone|zoom|teams|quick|short)\s+(?:call|chat)\b|(?:zoom|phone|video call|phone call)\s*[,.])",
    re.I,
)
_SENDING = re.compile(r"^(?:send|email|share|forward|ping|text|reply|thank|connect with|look up|read|check out)\b", re.I)


def _snippet_kind(text: str, block: _Block, first: bool) -> str:
    """``question`` for the note-taker's questions, ``logistics`` for the interview's own business, else the
    kind of the block the text came from (bullet, sentence, quote, table)."""
    base = {"paragraph": "sentence"}.get(block.kind, block.kind)
    if block.kind in ("quote", "table"):
        return base
    if _Q_PREFIX.match(text) or (first and block.asks) or (block.in_questions and _is_question(text)):
        return "question"
    if any(rule.search(text) for rule in _LOGISTICS):
        return "logistics"
    if _CALL_FORMAT.match(text) and len(text.split()) <= 14:
        return "logistics"
    if _SENDING.match(text) and (_FOLLOW_UP_HEADING.search(block.heading) or "followup" in text.lower()):
        return "logistics"
    return base


def _question_answer(text: str) -> list[tuple[str, int]]:
    """A bullet as one piece, or two when it holds a question and its answer ("Q: … A: …").

    >>> _question_answer("Q: how did you start? A: through a friend")
    [('Q: how did you start? ', 0), ('A: through a friend', 22)]
    """
    match = _QA_LINE.match(text)
    if not match:
        return [(text, 0)]
    return [(text[: match.end()], 0), (text[match.end():], match.end())]


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
    """Sentences of ``text`` with their character offsets: spaCy's boundaries, minus those after an abbreviation
    ("approx.", "e.g.", "Dr."), an aside ("(!)") or inside brackets and quotation marks."""
    if sentencizer is None:
        return [(text, 0)]
    doc = sentencizer(text)
    # A sentence may begin with the whitespace token of a line break: count from its first visible character.
    spans = [
        (sent.start_char + len(sent.text) - len(sent.text.lstrip()), sent.end_char)
        for sent in doc.sents
        if sent.text.strip()
    ]
    for k in range(len(spans) - 1):  # an opening bracket or quotation mark belongs to the sentence after it
        start, end = spans[k]
        opening = _OPENING_AT_END.search(text, start, end)
        if opening and opening.start(1) > start:
            spans[k], spans[k + 1] = (start, opening.start()), (opening.start(1), spans[k + 1][1])
    merged: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        start, end = spans[k]
        if merged and _continues(text[merged[-1][0]:merged[-1][1]], text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        k += 1
        # A break inside brackets or a quotation: join up to the sentence that closes them, if one does.
        first = merged[-1][0]
        if _unbalanced(text[first:merged[-1][1]]):
            closing = next((j for j in range(k, len(spans)) if spans[j][1] - first <= MAX_MERGED_CHARS
                            and not _unbalanced(text[first:spans[j][1]])), None)
            if closing is not None:
                merged[-1] = (first, spans[closing][1])
                k = closing + 1
    return [(text[start:end], start) for start, end in merged]


_OPENING_AT_END = re.compile(r"\s+([(\[“‘\"]+)\s*$")


def _unbalanced(text: str) -> bool:
    return text.count("(") > text.count(")") or text.count("“") > text.count("”") or text.count('"') % 2 == 1


# Abbreviations that never end a sentence (titles before a name), and those that end one only when a capital
# follows ("2 yrs. Then she moved" ends; "approx. 40 hours" does not).
_TITLES = frozenset("dr mr mrs ms mx prof st mt sr jr fr rev gen col capt lt sgt hon".split())
_ABBREVIATIONS = frozenset(
    "approx appr e.g eg i.e ie etc vs v cf ca incl esp al min mins hr hrs wk wks mo mos yr yrs sec dept est avg "
    "max no nos vol pp ft lb lbs oz sq govt univ assoc mgmt mgr ext tel ref a.m p.m am pm "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
_LAST_WORD = re.compile(r"(?:^|[\s(\[/])([A-Za-z][A-Za-z.]*)\.[\"”')\]]*$")
_ASIDE_END = re.compile(r"\([^()]*[!?]+\)[\"”']*$|[!?][\"”]\s*$")
MAX_MERGED_CHARS = 600


def _continues(previous: str, following: str) -> bool:
    """Whether spaCy's break between two sentences falls inside one sentence.

    >>> _continues("She taught for 8 years (!)", "before moving into design.")
    True
    >>> _continues("It costs approx.", "40 dollars.")
    True
    >>> _continues("Pay went up in 2 yrs.", "Then she moved.")
    False
    """
    previous, following = previous.rstrip(), following.lstrip()
    if not previous or not following or len(previous) + len(following) > MAX_MERGED_CHARS:
        return False
    lower_next = following[0].islower() or following[0].isdigit() or following[0] in "$%€£(,;:-–"
    word = _LAST_WORD.search(previous)
    if word:
        stem = word.group(1).lower()
        if stem in _TITLES or (len(stem) == 1 and stem.isalpha() and following[0].isupper()):
            return True  # "Dr. Patel", an initial: "Mary J. Blige"
        if stem in _ABBREVIATIONS or "." in stem:  # "e.g." and dotted forms such as "U.S."
            return lower_next
    return bool(_ASIDE_END.search(previous)) and lower_next


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
    snippets, body_tags = _snippets_from_blocks(blocks, path, sentencizer)

    h1 = headings[0] if headings and _starts_with_h1(body) else ""
    note = note_from_front_matter(meta, path, h1, warn, front_matter_read=problem is None)
    note.content_hash = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    note.snippets = snippets
    note.tags = tuple(dict.fromkeys(note.tags + tuple(body_tags)))  # a line of tags alone describes the note
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
    from .people import looks_like_job_title, looks_like_organisation

    # A remark in brackets names a source or the interviewer ("(interviewed by Maya Darwish)"), not the person.
    title = re.sub(r"\([^)]*\)", " ", title)
    match = _HEADING_PERSON.search(title)
    if match and not looks_like_organisation(match.group("name")):
        return match.group("name").rstrip(".,")
    # "Priya Natarajan – UX lead" or "Quick call – Ben Adeyemi": a part that is only a name ("Ithaca College" is
    # an organisation, "First Officer" a job).
    for part in re.split(r"\s[-–—:|@(]\s?|,", title):
        part = part.strip(" )")
        if _NAME_ONLY.match(part) and len(part.split()) <= 3 and not looks_like_organisation(part) \
                and not looks_like_job_title(part):
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
