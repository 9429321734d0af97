"""Markdown → blocks (headings, paragraphs, list items, table rows, quotes) with their line numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..text import NOTE_TAKER_LABEL, QUESTION_LABEL_END, TIME_STAMP, WHITESPACE, unlinked
from .linebreaks import RUNS_ON_END, RUNS_ON_START, SENTENCE_MARK, balanced, is_outline
from .meeting import about_the_call

MAX_INDENT = 60  # deeper indentation is clamped: the markdown parser would otherwise stop at its nesting limit


HASHTAG = re.compile(r"(?<![\w/&#])#([A-Za-z][\w-]*)")


INLINE_MARKUP = re.compile(r"[*_`\[\]#<>|\\&;]")


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
class Block:
    """A piece of body text waiting to become snippets."""

    kind: str  # bullet | paragraph | quote | table
    line: int  # 1-based line in the file
    text: str
    heading: str
    depth: int
    source_lines: list[str]
    asks: bool = False  # a question whose answer is nested under it or follows as "A:"
    in_questions: bool = False  # under a "questions I asked" heading or label
    by_note_taker: bool = False  # a turn of a transcript's named interviewer ("Sam Rivera: …")
    spoken: bool = False  # a turn of the person interviewed, in a conversation exported with speakers' names


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
    return unlinked(text)


def read_blocks(body: str, offset: int, title_level_one: bool) -> tuple[list[Block], list[str]]:
    """Walk markdown-it tokens; return content blocks and the headings seen (in order).

    A label-only line ("advice:", "Q:", a bare "day to day" bullet with nested bullets) gives no block: it joins
    the heading path of the bullets or paragraph it introduces. A question whose answer is nested under it is a
    block (marked ``asks``) and also that context.
    """
    # A comment is hidden when the note is shown, and so is left out here; its lines stay, blank, so that every
    # line keeps its number.
    body = _without_comments(body)
    # Folding and formatting tags show as their text: "<details><summary>Salary</summary>" titles what follows.
    body = HTML_TAG.sub(" ", _SUMMARY.sub(lambda m: clean_line(m.group(1)).rstrip(":") + ":", body))
    # A recorded call's transcript: each speaker's name on the line above their words, and the note-taker named
    # rather than "Me:". The note-taker is then whoever asks.
    written = body.split("\n")
    body_lines = speakers_inline(written)
    asker = transcript_asker(body_lines)
    taker = note_taker_pattern(asker)
    # The note-taker named in such an export: every other speaker's turn is what the person interviewed said.
    exported = asker if body_lines != written else None
    speaking = False  # the current paragraph is such a turn
    tokens = _md().parse("\n".join(body_lines))
    blocks: list[Block] = []
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
    answering = False  # the block before was the note-taker's question, answered by the next sibling

    def heading_path() -> str:
        return " > ".join([text for _, text in heading_stack if text] + [text for text, _, _ in labels])

    def add(block: Block) -> None:
        block.spoken = speaking
        blocks.append(block)
        labels[:] = [entry for entry in labels if entry[2] != -1]  # "next block only" context is used up

    def add_points(kind: str, start: int, points: list[tuple[int, str]], in_questions: bool) -> None:
        """One block per line of a paragraph that lists a point per line; a label above the paragraph, or on its
        own first line ("typical spring day:"), is the context of every point."""
        # A bullet-like marker goes, as a list's "- " does: "◦ Taught science 9 yrs" over "    ▪ first gig was …".
        points = [(index, _BULLET_LIKE.sub("", point, count=1)) for index, point in points]
        path = heading_path()
        label = _label(points[0][1], True, "paragraph") if len(points) > 1 else None
        if label is not None:
            path = " > ".join(p for p in (path, label) if p)
            points = points[1:]
        for index, point in points:
            lines = point.count("\n") + 1  # a point may run over a line break it could not end at
            add(Block(kind, offset + start + index + 1, point, path, list_depth,
                      body_lines[start + index:start + index + lines], in_questions=in_questions))

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        speaking = False
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
                pairs = [(h, c) for h, c in zip(table_header + [""] * len(in_table_row), in_table_row) if c]
                # A column headed "My take" or "Me" is the note-taker's, not the interviewee's: its cell is a line of
                # its own after the row ("My take: better than i figured").
                theirs = [f"{h}: {c}" if h else c for h, c in pairs if not _OWN_COLUMN.match(h)]
                if theirs:
                    add(Block("table", offset + row_line + 1, "; ".join(theirs), heading_path(), list_depth,
                               body_lines[row_line : row_line + 1]))
                for h, c in pairs:
                    if _OWN_COLUMN.match(h):
                        add(Block("paragraph", offset + row_line + 1, f"{h}: {c}", heading_path(), list_depth,
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
                scope = (after.type.replace("_open", "_close"), after.level) if nested and after is not None else ("", -1)
                follows = tokens[i + 4] if i + 4 < len(tokens) else None  # next paragraph's inline
            callout = CALLOUT.match(text) if kind == "quote" else None
            if callout:  # "> [!tip] Advice" over the lines it titles: the note-taker's own box, not a quotation
                kind = "quote" if callout.group(1).lower() in QUOTE_CALLOUTS else "paragraph"
                if callout.group(2).strip():
                    labels.append((clean_line(callout.group(2)).rstrip(":："), "blockquote_close", tok.level - 1))
                text, start = text[callout.end():].lstrip("\n"), start + 1
                if not text.strip():
                    i += 1
                    continue
            caps, _, below = text.partition("\n")
            if kind == "paragraph" and not list_depth and not quote_depth and _caps_heading(caps) and \
                    not below[:1].islower():
                # "TYPICAL DAY" on a line of its own, as plain-text and exported notes mark sections: a heading
                # below any "#" heading, until the next one. Its lines may follow with no blank line between.
                labels.clear()
                while heading_stack and heading_stack[-1][0] >= CAPS_HEADING_LEVEL:
                    heading_stack.pop()
                heading_stack.append((CAPS_HEADING_LEVEL, clean_line(caps).rstrip(":： ")))
                if not below.strip():
                    i += 1
                    continue
                text, start = below, start + 1
            questions_context = _QUESTIONS_HEADING.search(heading_path()) is not None
            label = _label(text, nested, kind) if kind != "quote" else None
            if label is None and kind == "paragraph" and _bold_heading(text, inline):
                label = clean_line(text)  # "**Typical day**" over what it introduces: a heading in all but name
            if label is not None:
                if scope[1] != -1:
                    # a new label among siblings replaces the previous one
                    labels[:] = [entry for entry in labels if (entry[1], entry[2]) != scope]
                labels.append((label, *scope))
                i += 1
                continue
            turns = transcript_turns(text, taker) if kind == "paragraph" else None
            if exported and not turns and not nested and _answers(text, taker):
                text, speaking = SPEAKER.sub("", text, count=1), True  # "Owen Takahashi 9:14 AM" over his words
            if turns:  # one block per turn; an answer takes the question before it as its context
                for k, (index, turn) in enumerate(turns):
                    last = k + 1 == len(turns)
                    mine = bool(taker.match(turn))
                    asks = mine and is_question(turn) and (nested if last else _answers(turns[k + 1][1], taker))
                    lines = turn.count("\n") + 1
                    add(Block(kind, offset + start + index + 1, turn if mine else SPEAKER.sub("", turn, count=1),
                              heading_path(), list_depth, body_lines[start + index:start + index + lines],
                              asks=asks, in_questions=questions_context, by_note_taker=_named(turn, mine)))
                    if asks:  # the next turn, or the list the paragraph introduces, answers it
                        labels.append((_as_context(turn, taker), *(scope if last else ("", -1))))
                answering = False
                i += 1
                continue
            # Read line by line only where each line of the text is a line of the note: a code span can run over a
            # line break and take it away, and then a point's line would be wrong.
            by_line = text.count("\n") == end - start - 1
            points = line_items(text) if kind == "paragraph" and by_line else None
            if points:  # "💡 …" / "⚠️ …" or "10:05 - …" on consecutive lines: one point per line, as bullets are
                add_points(kind, start, points, questions_context)
                answering = False
                i += 1
                continue
            asked = _leading_question(text, inline, taker) if kind == "paragraph" else None
            if asked is not None:  # "**What's a typical day?**" above its answer: the answer's context
                question, rest = asked
                add(Block(kind, offset + start + 1, question, heading_path(), list_depth, body_lines[start:start + 1],
                          asks=True, in_questions=questions_context))
                labels.append((clean_line(question), *(scope if nested and not rest else ("", -1))))
                if rest:
                    add(Block(kind, offset + start + 2, rest, heading_path(), list_depth, body_lines[start + 1:end],
                              in_questions=questions_context))
                answering = False
                i += 1
                continue
            points = point_lines(text) if by_line and (kind == "paragraph" or kind == "bullet" and not nested) else None
            if by_line and kind == "paragraph" and is_outline(body_lines[start:end]):
                head, *indented = text.split("\n")  # "How he got there" over its indented points: their label
                inner = point_lines("\n".join(indented)) or [(0, "\n".join(indented))]
                points = [(0, head.strip().rstrip(":") + ":"), *((index + 1, line) for index, line in inner)]
            if points:  # terse lines with no marker at all: one point per line too
                add_points(kind, start, points, questions_context)
                answering = False
                i += 1
                continue
            if kind == "paragraph" and "\n" not in text.strip():
                text = _BULLET_LIKE.sub("", text, count=1)  # "● Shadow in a clinic": a one-line list, exported
            answer = follows.content or "" if follows is not None and follows.type == "inline" else ""
            mine = bool(taker.match(text))
            answered = A_PREFIX.match(answer) or (mine and _answers(answer, taker))
            asks = is_question(text) and (nested or bool(answered))
            if answering and not nested and _answers(text, taker) and not A_PREFIX.match(text):
                text = SPEAKER.sub("", text, count=1)  # "Lee: it's a union job" after "Me: is the pay ok?"
            answering = asks and not nested and mine
            add(Block(kind, offset + start + 1, text, heading_path(), list_depth, body_lines[start:end],
                       asks=asks, in_questions=questions_context, by_note_taker=_named(text, mine)))
            if asks:  # the question is the context of its answer
                labels.append((_as_context(text, taker), *(scope if nested else ("", -1))))
        i += 1
    return blocks, headings


def _leading_question(text: str, inline, taker: re.Pattern[str]) -> tuple[str, str] | None:
    """(question, the lines after it) when a paragraph opens with the note-taker's question on a line of its own:
    set in bold or italics, or followed by its answer on the next lines. None otherwise: a question inside a
    sentence, or alone on a plain line, may be the interviewee's own."""
    first, _, rest = text.partition("\n")
    if not is_question(first) or SPEAKER.match(first) and not taker.match(first):
        return None
    if rest.strip() or _emphasised_first_line(inline):
        return first, rest
    return None


CAPS_HEADING_LEVEL = 7  # under every markdown heading (h1-h6): the next "#" heading of any level ends it
_CAPS_LINE = re.compile(r"^[A-Z][A-Z&/'’ -]*[A-Z]\s*[:：]?$")


# A line in capitals that opens like a sentence is said loudly, not a heading: "NEVER SKIP THE HANDOVER".
_SHOUTED = re.compile(r"^(?:never|always|don'?t|do|get|make|learn|be|take|avoid|stop|keep|start|ask|go|must|i|"
                      r"you|we|she|he|they|it|it'?s|this|that|there)\b", re.I)


def _caps_heading(text: str) -> bool:
    """A short line in capitals on its own ("TYPICAL DAY", "ADVICE:"), as plain-text notes head their sections.

    >>> _caps_heading("TYPICAL DAY"), _caps_heading("ADVICE:"), _caps_heading("SQL, SQL, SQL"), _caps_heading("Pay")
    (True, True, False, False)
    >>> _caps_heading("NEVER SKIP THE HANDOVER"), _caps_heading("SHE LOVES IT"), _caps_heading("ME"), _caps_heading("OK")
    (False, False, True, False)
    """
    clean = clean_line(text)
    if clean.rstrip(":： ") == "ME":  # the note-taker's own section, however short
        return True
    return "\n" not in text.strip() and bool(_CAPS_LINE.match(clean)) and len(clean.split()) <= 5 and \
        sum(ch.isalpha() for ch in clean) >= 3 and not _SHOUTED.match(clean)


def _bold_heading(text: str, inline) -> bool:
    """A short line set in bold or italics on its own, naming what follows ("**Typical day**"), not saying it."""
    clean = clean_line(text)
    return ("\n" not in text.strip() and 0 < len(clean.split()) <= 5 and not is_question(clean)
            and not re.search(r"[.!;\"“”]$", clean) and _emphasised_first_line(inline))


def _emphasised_first_line(inline) -> bool:
    """Whether all the words on the first line of an inline token are in bold or italics."""
    depth, plain, emphasised = 0, False, False
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            break
        if child.type in ("strong_open", "em_open"):
            depth += 1
        elif child.type in ("strong_close", "em_close"):
            depth -= 1
        elif child.content.strip():
            plain |= depth == 0
            emphasised |= depth > 0
    return emphasised and not plain


def _answers(text: str, taker: re.Pattern[str]) -> bool:
    """Whether a line opens with someone other than the note-taker speaking ("Lee: …", "A: …")."""
    return bool(SPEAKER.match(text)) and not taker.match(text)


_OWN_COLUMN = re.compile(r"^\s*(?:my\s+(?:own\s+)?(?:take|notes?|thoughts?|reaction|view|comments?)|me|notes? to self)\s*$",
                         re.I)
_QUESTIONS_HEADING = re.compile(
    r"(?:^|> )(?:q\s*(?:&|and)\s*a|qs?|questions?)\s*(?:$| > )|\b(?:my|our)\s+questions\b|"
    r"\b(?:questions?|qs)\s+(?:i|we)\s+(?:asked|had|ask|wanted to ask|forgot to ask|didn['’]?t (?:get to )?ask)\b|\bquestions?\s+(?:to ask|for (?:him|her|them|next time))\b|"
    r"\b(?:what|things)\s+i\s+asked\b",
    re.I,
)


A_PREFIX = re.compile(r"^\s*(?:A|Answer)\s*(?::|\)|\s[-–—])\s*\S", re.I)


# Transcript-style notes: turns labelled by who speaks, after a time stamp if any ("[10:32] Me: …"). The
# note-taker's ("Me: is the pay ok?", "q1: …") are their own words; a turn labelled with another name ("Lee: it's a
# union job", "sam: …") is what the person interviewed said.
def note_taker_pattern(asker: str | None = None) -> re.Pattern[str]:
    """The note-taker's label: "Me:", "Q:" and the like, and the asker's name when a transcript names them."""
    named = f"|{re.escape(asker)}\\s*:" if asker else ""
    return re.compile(rf"^\s*{TIME_STAMP}(?:{NOTE_TAKER_LABEL}\s*:|{QUESTION_LABEL_END}{named})\s*(?=\S)", re.I)


NOTE_TAKER = note_taker_pattern()
SPEAKER = re.compile(rf"^\s*{TIME_STAMP}(?P<who>[A-Za-z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)\s*:\s+(?=\S)")


def transcript_turns(text: str, taker: re.Pattern[str] = NOTE_TAKER) -> list[tuple[int, str]] | None:
    r"""The turns of a paragraph written as a transcript, as (first line index, text), or None when it is not one:
    every line opens a turn with a speaker label or continues the one before, and both the note-taker and someone
    else speak.

    >>> transcript_turns("Me: Any books?\nLee: Not really,\njust shadow people.")
    [(0, 'Me: Any books?'), (1, 'Lee: Not really,\njust shadow people.')]
    >>> transcript_turns("Pro: the people.\nCon: the hours.") is None
    True
    """
    lines = text.split("\n")
    if len(lines) < 2 or not SPEAKER.match(lines[0]):
        return None
    turns: list[tuple[int, list[str]]] = []
    for index, line in enumerate(lines):
        if SPEAKER.match(line):
            turns.append((index, [line]))
        else:
            turns[-1][1].append(line)
    takers = [lines[i] for i, _ in turns if taker.match(lines[i])]
    if not any(is_question(line) for line in takers) or len(takers) == len(turns):
        return None  # "Interviewer: me" over "Interviewee: Ada" names who met, and asks nothing
    return [(index, "\n".join(part)) for index, part in turns]


# A speaker's name on the line above their words, as call-recording tools export a transcript and messaging apps
# a conversation: "Priya Natarajan  0:09", "Speaker 2 (01:23)", "Owen Takahashi 9:14 AM".
_SPEAKER_HEADER = re.compile(
    r"^\s*(?P<who>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}|Speaker\s\d{1,2})\s*[(\[]?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s?[AaPp]\.?[Mm]\.?)?[)\]]?\s*$")


def speakers_inline(lines: list[str]) -> list[str]:
    """``lines`` with each exported speaker line joined to the words below it, when the note has two or more:
    "Priya Natarajan  0:09" over "So I started in marketing" reads "Priya Natarajan: So I started in marketing" on
    the words' line, and the name's own line is left blank (every line keeps its number).

    >>> speakers_inline(["Sam Rivera  0:02", "How did you start?", "", "Priya Natarajan  0:09", "In marketing."])
    ['', 'Sam Rivera: How did you start?', '', '', 'Priya Natarajan: In marketing.']
    """
    heads = [(i, match["who"]) for i, match in enumerate(map(_SPEAKER_HEADER.match, lines[:-1]))
             if match and lines[i + 1].strip() and not _SPEAKER_HEADER.match(lines[i + 1])]
    if len(heads) < 2:
        return lines
    out = list(lines)
    for i, who in heads:
        out[i], out[i + 1] = "", f"{who}: {lines[i + 1].lstrip()}"
    return out


def transcript_asker(lines: list[str]) -> str | None:
    """The speaker who asks, in a transcript whose note-taker is named rather than labelled "Me:" or "Q:": most of
    their turns hold a question, the others' at most half as often, and the two take turns several times. None when
    the note labels its questions, or when no one stands out.

    >>> transcript_asker(["Sam: how did you start?", "Priya: in marketing.", "Sam: and now? any regrets?",
    ...                   "Priya: none, research suits me.", "Sam: thanks!"])
    'Sam'
    >>> transcript_asker(["Pay: 38/hr", "Hours: long", "Pay: more on nights", "Hours: 12s"]) is None
    True
    """
    turns: list[tuple[str, bool]] = []  # (speaker, whether the turn asks)
    for line in lines:
        line = re.sub(r"^\s*[-*+]\s+", "", line)
        if NOTE_TAKER.match(line):
            return None
        match = SPEAKER.match(line)
        if match:
            turns.append((match["who"], "?" in line))
        elif line.strip() and turns and "?" in line:
            turns[-1] = (turns[-1][0], True)  # a turn that runs on to the next line
    said = Counter(who for who, _ in turns)
    if len(said) < 2 or sum(a[0] != b[0] for a, b in zip(turns, turns[1:])) < 3:
        return None
    share = {who: sum(asks for w, asks in turns if w == who) / n for who, n in said.items()}
    asker = max(share, key=lambda who: (share[who], said[who]))
    others = max(v for who, v in share.items() if who != asker)
    return asker if said[asker] >= 2 and share[asker] >= 0.5 and others <= share[asker] / 2 else None


def _named(text: str, mine: bool) -> bool:
    """Whether a turn is the named interviewer's ("Sam Rivera: …"): all of it is theirs. A "Q: … A: …" line holds
    an answer too, so a "Me:"/"Q:" label marks only the sentence it opens (``NOTE_TAKER``, read per snippet)."""
    return mine and not NOTE_TAKER.match(text)


def _as_context(question: str, taker: re.Pattern[str]) -> str:
    """A question as the context of its answer: without the name and time of a named interviewer ("00:01:03 Sam
    Rivera: …"). Other labels stay: "Me:" and "Q:" are read past where the context is used, and "Pay: is it
    fair?" says what the question is about."""
    return clean_line(SPEAKER.sub("", question, count=1) if _named(question, bool(taker.match(question))) else question)


def _without_comments(body: str) -> str:
    r"""``body`` with each ``<!-- … -->`` blanked, newlines kept. A scan rather than a pattern: with no "-->" after an
    opening, nothing after it can close, and a pattern would look again from every later opening (quadratic).

    >>> _without_comments("a <!-- b\nc --> d <!-- e")
    'a       \n      d <!-- e'
    """
    parts, pos = [], 0
    while (start := body.find("<!--", pos)) >= 0 and (end := body.find("-->", start + 4)) >= 0:
        parts += [body[pos:start], re.sub(r"[^\n]", " ", body[start:end + 3])]
        pos = end + 3
    return "".join(parts) + body[pos:]


_SUMMARY = re.compile(r"<summary\b[^<>\n]*>([^<>\n]*)</summary>", re.I)
HTML_TAG = re.compile(r"</?(?:details|summary|aside|br|p|div|span|b|i|u|em|strong|sup|sub|mark|font|small|center|hr)\b"
                      r"[^<>\n]*>", re.I)


# An Obsidian or GitHub callout's first line: "[!tip] Advice", "[!NOTE]", "[!quote]- Maya" (type, then title).
CALLOUT = re.compile(r"^\s*\[!([A-Za-z][\w-]*)\][+-]?[ \t]*([^\n]*)")
QUOTE_CALLOUTS = frozenset({"quote", "cite"})


# A line that opens with a marker of its own: a time ("10:05 - …", "9am: …"), an arrow or bullet character ("-> …",
# "• …") or a number or letter in brackets ("(1) …", "a) …").
# Markers that stand for a list's "- " (their point reads without them): characters, and arrows or brackets.
_BULLET_CHARS = "•◦○●■◆·▪▸▹►▶➤‣⁃→➔➜"  # ● ○ ■: a word processor's list, exported as text
_CHECKBOXES = "☐☑☒"  # a notes app's checklist: a task of the note-taker's, kept in the text as a box
_BULLET_WORDS = r"(?:->|=>|--|\(\d{1,2}\)|(?-i:[a-z])\))"
# A dash an app put for "- ", and a bullet journal's signifiers: "! " important (it goes), "? " a question (it stays).
_DASH_OR_SIGNIFIER = r"[–—!?]"
_ITEM_MARKER = re.compile(r"^\s*(?:[\[(]?(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)[\])]?\s*(?:[-–—:]\s*)?"
                          rf"|[{_BULLET_CHARS}✓✔✗✘{_CHECKBOXES}]\s*|{_BULLET_WORDS}\s+|{_DASH_OR_SIGNIFIER}\s+)(?=\S)", re.I)


def line_items(text: str) -> list[tuple[int, str]] | None:
    r"""The lines of a paragraph that lists one point per line without bullets, as (line index, line): every
    line opens with an emoji or symbol ("💡 …", "⚠️ …"), an arrow or bullet character, or a time ("10:05 - …"),
    or every line is a labelled fact ("Pay: …").
    None for any other paragraph, whose line breaks may fall anywhere in a sentence.

    >>> line_items("💡 techs make the best pharmacists\n⚠️ retail burnout is real")
    [(0, '💡 techs make the best pharmacists'), (1, '⚠️ retail burnout is real')]
    >>> line_items("10:05 - rounds in the ICU\n10:20 - verification queue")
    [(0, '10:05 - rounds in the ICU'), (1, '10:20 - verification queue')]
    >>> line_items("– covers 2 schools\n! took a 30% pay cut\n? would i be bored\n• look up sub nurse jobs")
    [(0, 'covers 2 schools'), (1, 'took a 30% pay cut'), (2, '? would i be bored'), (3, 'look up sub nurse jobs')]
    >>> line_items("Pay: 38/hr\nSchedule: 7 on, 7 off")
    [(0, 'Pay: 38/hr'), (1, 'Schedule: 7 on, 7 off')]
    >>> [n for n, _ in line_items("ROLE: writer at an agency\nBEFORE: 5 yrs RN\nHe says clients pay for that.")]
    [0, 1, 2]
    >>> line_items("Pay: 38/hr, but with\novertime it is more") is None
    True
    >>> line_items("She said the hours are long\nbut the team makes up for it") is None
    True
    """
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    fields = [bool(_FIELD_LINE.match(line)) and not NOTE_TAKER.match(line) and not A_PREFIX.match(line)
              for line in lines]
    # Mostly labelled facts, each other line a sentence of its own after a line that does not run on: "ROLE NOW: …"
    # over "BEFORE: …" over "He said his nursing years are what clients pay for."
    labelled = all(fields) or (sum(fields) >= 2 and 2 * sum(fields) >= len(lines) and all(
        field or (line[:1].isupper() and not RUNS_ON_END.search(lines[index - 1]) if index else False)
        for index, (line, field) in enumerate(zip(lines, fields))))
    marked = [bool(_ITEM_MARKER.match(line)) or unicodedata.category(line.lstrip()[:1] or " ") == "So"
              for line in lines]
    # "To do" over "☐ redo LinkedIn headline": a short label over its items stands on its own line.
    label_over_items = not marked[0] and all(marked[1:]) and len(lines) > 2 and _label(lines[0], True, "bullet")
    if not labelled and not all(marked) and not label_over_items:
        return None
    # A bullet-like marker goes, as a list's "- " does; an emoji or a time stays: it says something.
    return [(index, _BULLET_LIKE.sub("", line).strip()) for index, line in enumerate(lines)]


_BULLET_LIKE = re.compile(rf"^\s*(?:[{_BULLET_CHARS}–—!]|{_BULLET_WORDS})\s+(?=\S)")


def point_lines(text: str) -> list[tuple[int, str]] | None:
    r"""The lines of a paragraph written one point per line with no marker at all, as terse notes often are
    ("usually solo on counts, carries radio" over "10:00 - back at office, data entry"), as (first line index,
    text); None when the line breaks may fall inside sentences.

    A break falls where a sentence can end when the line before it does not end on a word that needs the next one
    ("at the", "and") or on a comma or dash, keeps its brackets and quotation marks closed, and the line after it
    does not open with a joining word ("but", "which"). In a short paragraph every break must be such a break. In a
    long one (LONG_POINT_RUN lines or more) nearly every break must be, and the lines on either side of the others
    stay together: one "7:00 clock in" over "7:15 count the safe" should not make a whole terse note one sentence.
    Either way, when the last line ends a sentence, so does every line, and three or more lines of nearly the same
    length (text wrapped at a fixed width) are prose whatever their ends. A first line that ends in ":" is a label,
    not a point. The note-taker's own questions may be among the points (in a long paragraph, any line of theirs:
    "me: 45 ok? he said …"), but a paragraph that opens with one, has an answer line or is made mostly of them is a
    question over its answer or a transcript.

    >>> point_lines("usually solo on counts, carries radio\nwind >12 mph or rain = counts cancelled")
    [(0, 'usually solo on counts, carries radio'), (1, 'wind >12 mph or rain = counts cancelled')]
    >>> point_lines("She said the hours are long\nbut the team makes up for it") is None
    True
    >>> point_lines("Most of her week goes to the\nclinic") is None
    True
    >>> point_lines("The grace period is six\nweeks, after which a preceptor signs you off.") is None
    True
    >>> terse = "6:45 clock in\n7:00 count the safe\nno degree needed\npay $17.50 start\nOT most wks\nfeet + wrists"
    >>> [text for _, text in point_lines(terse)]
    ['6:45 clock in\n7:00 count the safe', 'no degree needed', 'pay $17.50 start', 'OT most wks', 'feet + wrists']
    """
    lines = [line.strip() for line in text.split("\n")]
    if len(lines) < 2 or not all(lines) or any(A_PREFIX.match(line) for line in lines):
        return None  # a transcript's answers are read as such
    own = [index for index, line in enumerate(lines) if NOTE_TAKER.match(line)]
    if own and (own[0] == 0 or 2 * len(own) > len(lines) or
                len(lines) < LONG_POINT_RUN and not all(is_question(lines[index]) for index in own)):
        return None  # a question over its answer, or a transcript's turns ("Interviewee: Ada" over "Interviewer: me")
    # "Court cafeteria, ~45 min, 3/19" over what was said: a line of its own; so is a short line over one about the
    # call, as a note's title over its meeting line ("Derek Whitfield / Riverbend CU — loan officer" over "Mon 4/29,
    # in person at his branch, 30 min before they opened.")
    if about_the_call(lines[0]) or (_TITLE_LIKE.match(lines[0]) and not RUNS_ON_END.search(lines[0])
                                    and about_the_call(lines[1], loose=True)):
        rest = point_lines("\n".join(lines[1:])) or [(0, "\n".join(lines[1:]))]
        return [(0, lines[0])] + [(index + 1, line) for index, line in rest]
    start = 1 if lines[0].endswith((":", "：")) else 0
    body = lines[start:]
    if (body[-1].endswith((".", "!", "?")) and len(body) < LONG_POINT_RUN
            and not all(line.endswith((".", "!", "?", ")", '"', "”")) for line in body)):
        # A sentence that ends on the last line began on an earlier one. (In a long terse note, the last point may
        # well be the only one with a question mark: "todo: look up steno programs, any near here?")
        return None
    widths = [len(line) for line in body[:-1]]
    if len(widths) >= 2 and max(widths) >= 50 and max(widths) - min(widths) <= 8:
        return None
    runs_on = [bool(RUNS_ON_END.search(before) or RUNS_ON_START.match(after) or not balanced(before))
               for before, after in zip(body, body[1:])]
    # A long paragraph with no full stop, question or exclamation mark anywhere (a voice memo typed up as it was
    # spoken) would be one sentence of thousands of characters: its lines are read as points whatever the share
    # of doubtful breaks, the lines on either side of each still kept together.
    unpunctuated = len(body) >= LONG_POINT_RUN and not any(SENTENCE_MARK.search(line) for line in body)
    if any(runs_on) and (len(body) < LONG_POINT_RUN or (sum(runs_on) * 5 > len(runs_on) and not unpunctuated)):
        return None
    points = list(enumerate(lines[:start]))
    for index, line in enumerate(body, start):
        if index > start and runs_on[index - start - 1]:
            first, joined = points[-1]
            points[-1] = (first, f"{joined}\n{line}")
        else:
            points.append((index, line))
    return points


_TITLE_LIKE = re.compile(r"^(?:\S+\s+){0,15}\S+$(?<![.!?:,;])")  # a few words and no sentence


# A paragraph of at least this many lines, nearly all of them points, is read as points even where a break or two
# could fall inside a sentence: those lines stay together.
LONG_POINT_RUN = 6


# "Pay: 38/hr" over "Schedule: 7 on, 7 off": a paragraph of labelled facts, one per line.
_FIELD_LINE = re.compile(r"^\s*[A-Z][A-Za-z /&'-]{0,24}?(?:\s*:|\s+[-–—])\s+\S")  # "Pay: …", "Pay - …"


_LABEL_WORDS = 12  # a line ending in ":" longer than this is a sentence, not a label


def _label(text: str, introduces: bool, kind: str) -> str | None:
    """The context a label-only line gives to what it introduces ("Advice:" → "Advice"); None for content.

    >>> _label("advice:", True, "bullet"), _label("day to day", True, "bullet"), _label("day to day", False, "bullet")
    ('advice', 'day to day', None)
    >>> _label("What he tests for in interviews:", True, "paragraph"), _label("Downsides: slow reviews", True, "bullet")
    ('What he tests for in interviews', None)
    """
    clean = clean_line(HASHTAG_RUN.sub(" ", text))
    if not clean or "\n" in text.strip():
        return None
    words = clean.split()
    if clean.endswith((":", "：")) and len(words) <= _LABEL_WORDS and (introduces or len(words) <= 3):
        return clean.rstrip(":： ").strip() or None
    if introduces and kind == "bullet" and len(words) <= 3 and not re.search(r"[.!?;:,\"“”()\d]", clean):
        return clean
    return None


def is_question(text: str) -> bool:
    """A question as the note-taker writes one: ends with "?", or with "?" and an aside in brackets ("does the
    trainee program take people w/o a bachelor's? (I only have my associate's)"), and quotes nobody."""
    clean = _TRAILING_ASIDE.sub("", clean_line(text))
    return clean.endswith("?") and not re.search(r"[\"“”]", clean)


_TRAILING_ASIDE = re.compile(r"(?<=\?)\s*\([^()]*\)$")


def clean_line(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


HASHTAG_RUN = re.compile(r"(?<![\w/&#])#[A-Za-z][\w-]*(?:[ \t]+#[A-Za-z][\w-]*)*")
