"""Blocks → snippets: labels, Q&A pairs, logistics, hashtags, and long blocks cut into sentences."""

from __future__ import annotations

import re

from ..models import Snippet
from ..text import WIKILINK
from .markdown import (
    HASHTAG,
    HASHTAG_RUN,
    INLINE_MARKUP,
    NOTE_TAKER,
    Block,
    clean_line,
    is_question,
)
from .meeting import about_the_call

MAX_SNIPPET_CHARS = 2_000  # a "bullet" longer than this is split into sentences


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def snippets_from_blocks(blocks: list[Block], note_path: str, sentencizer) -> tuple[list[Snippet], list[str]]:
    """Snippets of the blocks, and the tags of lines that hold nothing but tags (they describe the note)."""
    snippets: list[Snippet] = []
    sources: list[Block] = []  # the block of each snippet
    note_tags: list[str] = []
    for block in blocks:
        masked, detached = _detach_tags(block.text)
        asked = False  # the block is a question and its answer, in two pieces
        if block.kind in ("bullet", "table") and len(masked) <= MAX_SNIPPET_CHARS:
            pieces = _question_answer(masked)
            asked = len(pieces) == 2
        else:
            pieces = _sentences(masked, sentencizer)
        starts = [offset for _, offset in pieces]
        tags_of: dict[int, list[str]] = {}
        for position, tags in detached:
            owner = max((k for k, start in enumerate(starts) if start <= position), default=0)
            tags_of.setdefault(owner, []).extend(tags)
        kept = 0
        for k, (piece, char_offset) in enumerate(pieces):
            text = clean_line(piece)
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
            kind = "question" if asked and k == 0 else _snippet_kind(text, block, first=k == 0, opening=not snippets,
                                                                     early=len(snippets) < EARLY_LINES)
            inline = [t.lower() for t in HASHTAG.findall(text)]
            heading = block.heading
            if asked and k and snippets and snippets[-1].kind == "question":
                # "Q: … A: …" on one line: the question is the answer's context, as when nested
                heading = " > ".join(p for p in (heading, NOTE_TAKER.sub("", snippets[-1].text).strip()) if p)
            snippets.append(
                Snippet(
                    note=note_path,
                    line=line,
                    text=text,
                    heading=heading,
                    kind=kind,
                    depth=block.depth,
                    hashtags=tuple(dict.fromkeys([*tags_of.get(k, []), *inline])),
                    links=tuple(dict.fromkeys(m.group(1).strip() for m in WIKILINK.finditer("\n".join(block.source_lines)))),
                )
            )
            sources.append(block)
        if not kept:
            note_tags.extend(t for tags in tags_of.values() for t in tags)
    _mark_own_asides([s for s, block in zip(snippets, sources) if not block.spoken])  # their "I" is theirs
    return snippets, list(dict.fromkeys(note_tags))


# Who a line speaks of, read outside quotation marks (a quote in the interviewee's own words says "I" for them)
# and brackets (an aside in a line about someone else: "Jess left teaching (basically my job) in 2023").
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI['’](?:m|ve|d|ll)\b")
# "Level I", and a job title's grade: "Deputy Clerk I in the records room", "Analyst I, then Analyst II".
_NOT_A_PRONOUN = re.compile(r"\b(?:level|phase|part|tier|type|class|grade|stage|step|year|world war)\s+I\b|"
                            r"\b(?-i:[A-Z][a-z]+\s+I)\b(?=\s*(?:$|[,.;:)/–—→>-]|(?:in|at|to|for|of|and|or|on|with|then)\b|II\b))",
                            re.I)
_THIRD_PERSON = re.compile(r"\b(?:she|he|her|hers|herself|him|his|himself|they|them|their|theirs|themselves)\b", re.I)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|\([^()]*\)')
# A line that passes on what the interviewee said to or about the note-taker ("says my retail years count").
_REPORTED = re.compile(r"\b(?:said|says|say|told|tells|recommend(?:s|ed)?|suggest(?:s|ed)?|advi[sc]e[sd]?|thinks|"
                       r"thought|warn(?:s|ed)|according to)\b", re.I)
# The interviewee as the one who says it: "she said aim for 60", "he thinks my café years count".
_THEY_SAID = re.compile(r"\b(?:she|he|they)\s+(?:\w+\s+)?(?:said|says|thinks|thought|told|tells|recommend(?:s|ed)?|"
                        r"suggest(?:s|ed)?|advised|warned)\b|\b(?:her|his|their)\s+(?:advice|tip|recommendation)\b",
                        re.I)
# The note-taker's question with its answer on one line: "I asked about pay: big jump from EMT to PA".
_ASKED_THEN_ANSWER = re.compile(r"^\W*(?:I\s+)?asked\b[^:;—–→]{0,80}(?:[:;]|\s[—–→-]+)\s*\S", re.I)
# The interviewee's answer after it: "…, she laughs that…", "… and he laughed and said…".
_ANSWERED = re.compile(r"(?:[,;]|\b(?:and|but|so))\s+(?:she|he|they)\b", re.I)
# The note-taker reporting a question they put: "Asked if someone without a degree could get in" (not "Asked if I'd
# read a chapter draft", where the interviewee asks them).
_ASKED = re.compile(r"^\W*(?:I\s+)?asked\s+(?:(?:him|her|them)\s+)?(?:if|whether|about|how|what|why|when|where|who)\b"
                    r"(?!\s+I\b)", re.I)
# The note-taker's own words or view, whoever else the line names: "he asked what I liked and I said the regulars",
# "I don't think this is my path but I really respect him".
_I_SAID = re.compile(r"\bI\s+(?:said|told\s+(?:him|her|them)|mentioned|explained|admitted|answered)\b")
_SAID_BY_OTHER = re.compile(r"(?<!\bI )\b(?:said|says|told|tells)\b")
# Words quoted from the interviewee, three or more of them.
_QUOTED_WORDS = re.compile(r'["“]\s*\S+(?:\s+\S+){2,}\s*["”]')
_I_THINK = re.compile(r"^\W*I\s+(?:(?:really|honestly|still|also|kind of|kinda)\s+)?(?:(?:don['’]t|do not|didn['’]t)\s+)?"
                      r"(?:think|feel|felt|wonder|guess|doubt|liked|loved|respect|admire|wish)\b")
_ADVICE_HEADING = re.compile(r"\b(?:advice|advise|tips?|recommend\w*|suggest\w*|what (?:she|he|they) said)\b", re.I)


def _persons(text: str) -> tuple[bool, bool]:
    """Whether ``text`` (outside quotation marks) speaks in the first person singular, and of a third person."""
    plain = _NOT_A_PRONOUN.sub(" ", _QUOTED.sub(" ", text))
    return bool(_FIRST_PERSON.search(plain)), bool(_THIRD_PERSON.search(plain))


def _mark_own_asides(snippets: list[Snippet]) -> None:
    """In a note written about the interviewee (she, he, they), a line in the note-taker's own voice ("Honestly the
    climbing part scares me, I'm 41") is the note-taker's view: ``reflection``, so it is never a theme member, a
    quote or goal evidence.

    Only for a line that says "I" and names no third person nor reports what someone said ("She said my retail
    years count" is the interviewee's advice), or where the note-taker is the one speaking or judging ("He asked what
    I liked and I said the regulars", "I don't think this is my path, but I respect him"); "I asked about pay: big
    jump from EMT" gives the answer. And only when the note is clearly about someone else: at least three
    lines name a third person, twice as many as such lines. A note told in the first person throughout is the
    interviewee's own account. Quotes, tables, answers under a question and lines under an advice heading
    ("Advice for me") are the interviewee's words and stay as they are; so are the other speaker's messages in a
    conversation copied with each sender's name (the caller leaves them out).
    """
    candidates, third = [], 0
    for snippet in snippets:
        if snippet.kind not in ("bullet", "sentence", "logistics"):
            continue
        says_i, names_other = _persons(snippet.text)
        third += names_other  # "She asked me to keep case details out of my notes" says whom the note is about too
        if snippet.kind == "logistics":
            continue
        inner = snippet.heading.split(" > ")[-1]
        if not says_i or _ADVICE_HEADING.search(inner) or inner.rstrip().endswith("?"):
            continue
        plain = _QUOTED.sub(" ", snippet.text)
        if _ASKED_THEN_ANSWER.match(plain):  # what follows the colon is the answer
            continue
        if _QUOTED_WORDS.search(snippet.text):  # "my warehouse years → "you already speak freight"": her reply
            continue
        if (names_other and (_I_SAID.search(plain) or _I_THINK.match(plain)) and not _THEY_SAID.search(plain)
                and not _SAID_BY_OTHER.search(plain)):  # "… when I told her about my job and said …": she said it
            candidates.append(snippet)
        elif not names_other and not _REPORTED.search(plain):
            candidates.append(snippet)
    if third >= 3 and third >= 2 * len(candidates):
        for snippet in candidates:
            snippet.kind = "reflection"


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
    for match in HASHTAG_RUN.finditer(text):
        before, after = text[: match.start()], text[match.end():]
        line_start = not before.strip(" \t") or before.rstrip(" \t").endswith("\n")
        ends_line = _RUN_ENDS_LINE.match(after) is not None
        between = before.rstrip().endswith((".", "!", "?", ")", '"', "”")) and _SENTENCE_FOLLOWS.match(after)
        if line_start or ends_line or between:
            chars[match.start():match.end()] = " " * (match.end() - match.start())
            detached.append((match.start(), [t[1:].lower() for t in match.group().split()]))
    return ("".join(chars), detached) if detached else (text, [])


_QA_LINE = re.compile(r"^\s*(?:Q\d*|Question)\s*:.+?\s(?=(?:A|Answer)\s*:\s*\S)", re.S | re.I)
# "typical day? -> drafting, calendaring, client calls": a question and its answer, on one line.
_QA_ARROW = re.compile(r"^[^\n]+?\?\s*(?:->|-->|=>|→)\s*(?=\S)")


_FOLLOW_UP_HEADING = re.compile(r"follow[- ]?ups?|next steps?|to[- ]?dos?|action items?|logistics|for me\b|"
                                r"(?:^|> )next\W*$", re.I)


# The conversation's own business, never what the interviewee said. Each rule is narrow on purpose: a miss
# leaves a snippet in the report, a false hit hides what someone said.
_LOGISTICS = [re.compile(p, re.I) for p in (
    r"^found\s+(?:him|her|them)\s+(?:through|via|on|at)\b",
    r"^(?:set up|arranged|organi[sz]ed|booked|introduced|intro(?:'d|duced)?|connected|referred)\s+(?:by|through|via)\b",
    r"^[\w'’.-]+(?:\s[\w'’.-]+)?['’]s\s+intro(?:duction)?\b",  # Hannah's intro
    r"\b(?:she|he|they)\s+connected\s+us\b|\bsuggested\s+(?:him|her|them)\s*(?:[.(!]|$)",
    r"^(?:follow[- ]?ups?|f/u|to[- ]?do|notes? to self|action items?)\s*[:\-–—]",
    r"^next(?: steps?)?\s*[:\-–—]\s*(?:i\b|send|email|share|forward|ping|text|reply|thank|apply|reach out|sign up|"
    r"register|update|draft|look into|look up|check|find out|research)",
    # how to reach them: "Phone: 555-201-3344", "LinkedIn: linkedin.com/in/…", "Email: raj@acme.com"
    r"^(?:linkedin|phone|tel|mobile|cell|e-?mail|website|web|twitter|github|calendly|contact(?: info)?)\s*:\s*"
    r"(?:\S+@\S+|(?:https?://)?(?:www\.)?[\w-]+\.[\w.-]+(?:/\S*)?|\+?[\d(][\d\s().-]{6,})$",
    r"^\(?\s*(?:todo|note to self)\b",
    r"^(?:\[[ xX]\]\s|[☐☑☒])",  # a task list's box, ticked or not: "[ ] send thank you", "☐ redo LinkedIn headline"
    # who met: "Interviewer: me", "Attendees: Ada, me" (not "Location: hybrid, 2 days in", which is the job's)
    r"^(?:interviewer|interviewee|attendees)\s*:\s*\S+(?:\s+\S+){0,4}\s*$",
    r"\bthank[- ]?you(?:\s+(?:email|note|card|message))?\s+(?:sent|to send)\b",
    r"^(?:i\s+)?(?:sent|(?:still\s+)?need to send|have to send|must send)\s+(?:a\s+|my\s+|him\s+|her\s+|them\s+)?(?:thanks|thank[- ]?you)\b",
    r"^(?:i\s+)?(?:still\s+)?(?:need to|have to|remember to)\s+(?:send|email|forward|ping|text|reply|thank|follow up)\b",
    # what to ask in later interviews: "Need to ask the next few people how they got their first job"
    r"^(?:i\s+)?(?:still\s+)?(?:need to|have to|should|must|want to|remember to)\s+ask\s+"
    r"(?:the\s+next|next|more|other|someone|somebody|people|him|her|them)\b",
    r"^\d{1,2}/\d{1,2}\s+(?:i\s+|she\s+|he\s+|they\s+|we\s+)?(?:sent|emailed|told|met|went|thanked|replied|"
    r"reviewed|called|caught up|followed up)\b",
    # An exchange with the note-taker, which says nothing about the job: "he'll send me the policy", "she'll
    # forward the next posting", "offered to intro me to Rob", "asked if I want to join as a mentee", "she wants
    # the article I mentioned", "I subscribed". (A theme built on such lines is a theme about the interviews.)
    r"\b(?:she|he|they)(?:'ll|’ll|\s+will|\s+would|'d|’d)\s+(?:(?:email|send|share|mail|text|forward)\s+me\b|"
    r"forward\s+(?:the|a|an|any|her|his|their)\s+(?:next\s+)?(?:[\w-]+\s+){0,2}?(?:postings?|openings?|jobs?|"
    r"listings?|links?|articles?|slides|templates?|details|contacts?|résumé|resume|cv)\b)",
    r"\b(?:offered|offers|volunteered)\s+to\s+(?:[\w'’-]+\s+){0,6}?(?:me|my)\b",
    r"\b(?:asked|invited)\s+(?:me\s+)?(?:if|whether)\s+I(?:'d|’d|\s+would)?\s+(?:want|like|be interested)\b|"
    r"\binvited\s+me\s+to\b",
    r"\b(?:she|he|they)\s+(?:wants|asked for|asked me for|would like|'d like|’d like)\s+(?:my|the|a|an|that|some)\b"
    r"[^.;!?]*\bI\s+(?:mentioned|wrote|made|built|promised)\b",
    r"\bI\s+(?:subscribed|signed up)\b",
    # How long the conversation took: "Call was 25 min, she was driving"
    r"^(?:the\s+|our\s+)?(?:call|zoom|chat|interview|conversation|coffee|meeting|talk)\s+(?:was|lasted|ran)\s+"
    r"(?:(?:about|like|only|just|over|under|maybe)\s+|~\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min|mins|minutes|hrs?|hours?)\b",
    r"^(?:i'?m\s+|i\s+am\s+)?writing\s+(?:this|these|it)\s+up\b",
    r"^(?:we\s+)?met\s+(?:(?:on\s+)?\d{1,2}/\d{1,2}\b|@)",  # "Met 3/14 @ Daybreak Diner, 50 min"
    # A pasted email to oneself: "Subject: notes - call w/ Priya", "To: me", "Sent from my phone"; and how the note was
    # made: "voice memo 3/9 driving home, didnt clean it up"
    r"^(?:subject|date|sent)\s*:\s*\S|^(?:to|from|cc)\s*:\s*(?:me|myself|\S+@\S+)\s*$|^sent from my\b",
    r"^(?:voice memo|dictated|transcribed)\b",
    # A note app's page properties: "Created: February 15, 2024 7:42 PM", "Tags: informational interview", "Status: Done"
    r"^(?:created|last edited(?: time)?|tags|status)\s*:\s*\S",
    r"^(?:remind me|reminder|note to self)\s+to\b",  # "remind me to email her the thank you"
    r"\bset\s+(?:this|it|the\s+(?:call|chat|meeting))\s+up\b",  # "Ms. Ortega (TAP) set this up"
    # The conversation's medium: "we did FaceTime bc she was between site visits"
    r"^(?:we\s+)?(?:did|had|talked\s+(?:on|over|via))\s+(?:a\s+|the\s+)?(?:zoom|facetime|teams|skype|google meet|webex)\b",
    # An errand, wherever it is written: "look up ServSafe class dates" (not "look up to the senior techs")
    r"^(?:[→>-]+\s*)?look\s+up\b(?!\s+to\b)",
    # ... or marked with an arrow: "→ ask career ctr if any alumni at halloway"
    r"^(?:→|->)\s*(?:ask|email|e-mail|check|call|text|message|apply|follow up|reach out|look into|sign up|"
    r"register|find out)\b",
    # An offer to the note-taker: "She offered to look over a writing sample!"
    r"\b(?:offered|offers|volunteered)\s+to\s+(?:look over|look at|review|read over|critique|proofread)\b",
    # How the note-taker came to the person, got there, and kept the notes: "Got his name from my cousin Amrita",
    # "Got there 10 min early, sat in the lobby", "She asked me to keep case details out of my notes", "Mostly typed
    # his own words because he talks in quotables"
    r"^got\s+(?:his|her|their)\s+(?:name|number|contact|details|e-?mail)\s+(?:from|through|via)\b",
    r"^got\s+there\b",
    r"\bout\s+of\s+my\s+notes\b",
    r"\b(?:typed|wrote\s+down|took\s+down|jotted(?:\s+down)?)\s+(?:(?:\w+\s+){0,2})(?:his|her|their)\s+(?:own\s+)?"
    r"words\b",
    # The conversation and whom it was with: "talked w/ Marek Wiśniewski for ~40 min on the phone", "Notes from
    # talking to Siobhán Ní Bhriain, …", a title-like line "hr generalist chat w priya"
    r"^(?:i\s+)?(?:talked|spoke|chatted|met)\s+(?:w/|with|to)\s+(?-i:[A-Z])[^.;!?]{0,50}?\bfor\s+(?:about\s+|like\s+|~\s*)?"
    r"\d+\s*(?:min|mins|minutes|hrs?|hours?)\b",  # someone by name: not "met with the team for 30 min"
    r"^notes?\s+(?:from|on|of)\s+(?:(?:my|a|the|our)\s+)?(?:talking|speaking|chatting|call|chat|conversation|coffee|"
    r"interview)\s+(?:to|with|w/)\s",
    # Someone to contact, not what was said about the job: "ping her friend anjali desai at abbvie", "She suggested
    # I reach out to her friend Ngozi at …", "Marek said text him if I want to visit a jobsite"
    r"^(?:ping|email|e-mail|text|call|contact|message|reach out to|write to)\s+(?:her|his|their)\s+"
    r"(?:friend|colleague|contact|old|former|ex-)",
    r"\b(?:suggested|told me|said)\s+(?:that\s+)?(?:I|me\s+to)\s+(?:should\s+)?(?:reach out|talk|speak|write|email|"
    r"ping|contact)\s+(?:to\s+|with\s+)?(?:her|his|their)\s+(?:friend|colleague|contact|old|former)\b",
    r"\b(?:text|call|email|e-mail|ping|message)\s+(?:him|her|them)\s+if\s+I\b",
)] + [
    # "Met at the café", "Met Michael through a meetup"; not "Met her future manager at a meetup" (her story)
    re.compile(r"^(?:[Ww]e\s+)?[Mm]et\s+(?:(?:him|her|them|[A-Z][\w'’-]+)\s+)?(?:at|in|over|via|through|on)\b"),
]


# A note that opens on the meeting and whom it was with ("coffee w/ Jorge Batista (Tri-Valley Water) at Ferris
# Street Roasters, 3/28", "Spoke with Ana Ruiz - RN, ICU", "Talked to Priya Shah at the county"). Only the note's
# first line: further down, "Lunch with Sarah, the CFO, every week is where decisions get made" is what someone
# said.
MEETING_OPENER = re.compile(
    r"^(?i:(?:(?:a|an|quick|short|virtual|linkedin|email|e-mail|text)\s+)?"
    r"(?:(?:(?:informational|info)\s+)?(?:coffee\s+)?(?:interview|chat|call|coffee|convo)|"
    r"informational|lunch|"
    r"zoom|video call|phone call|meeting|conversation|catch-?up|spoke|talked|chatted|met)\s+(?:w/|with|to))\s+"
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*)?\s*(?:[(,@–—]|-\s|(?:at|on|over|via|from)\b|$)"
)


# How the conversation happened: a short opener naming the medium or length ("Zoom, 40 min.", "Video call.", "Quick
# call w/ Sam"), not the job's own calls ("Video call with the client every Friday").
_CALL_FORMAT = re.compile(
    r"^(?:(?:a|an|our)\s+)?(?:\d+\s*-?\s*min(?:ute)?s?\s*(?:[,.]|(?:video |phone |zoom )?(?:call|chat|coffee)\b)|"
    r"(?:video|phone|zoom|teams|quick|short)\s+(?:call|chat)(?=\s*(?:[,.;:(–—-]|$|w/|with\s+(?-i:[A-Z])))|"
    r"(?:zoom|phone|video call|phone call)\s*[,.])",
    re.I,
)


# A line the note-taker marks as their own view or an aside, not what was said about the work: "my take: this sounds
# closer to what I want", "side note: training for a half marathon".
_REFLECTION = re.compile(
    r"^\(?\s*(?:my (?:own )?(?:take|thoughts?|reaction|impression|two cents|2 cents|gut(?: feeling)?|verdict|asides?)|"
    r"reflection|vibe|gut(?: feeling| check)?|verdict|fit for me|side[- ]?notes?|asides?|small talk|off[- ]topic|"
    r"unrelated|tangent|random|thoughts?)\s*[:\-–—]|"
    # how the conversation left the note-taker: "Felt calmer after this one."
    r"^felt\b[^.!?]*\bafter\s+(?:this|that|the)\s+(?:one|call|chat|convo|conversation|interview|coffee)\b", re.I)


# Two or more question marks after a word, outside quotes and brackets, are the note-taker wondering ("one season
# as a crew member could be a fast way in??", "felt like a real fit?? it's my old job from the other side"), not
# something said about the work. Not a lone "???" standing for a gap ("then ??? council shut it").
_WONDERING = re.compile(r"(?<=[\w\"”’'])\?{2,}")


# A line wholly in square brackets is the note-taker's comment among what was said: "[didn't know that - that's big]"
# (unless it passes on what someone said: "[… - JM said those are mostly civilian positions]").
_BRACKETED = re.compile(r"^\[(?![ xX]\])[^\[\]]+\]\s*$")


# A section the note-taker heads as their own view ("## My thoughts after", "## Reflections"): short headings only,
# so that a title such as "Reflections on a career in nursing, by Ana" is not read as one.
_OWN_VIEW_HEADING = re.compile(
    r"^(?:(?:(?:for|about) )?me\W*$|notes? to (?:self|myself)|my (?:own )?(?:thoughts?|take|reflections?|impressions?|reactions?)|"
    r"(?:after-?)?thoughts(?: after\b.*)?|reflections?|impressions?|gut (?:check|feeling))\W*(?:\w+\W*){0,3}$", re.I)


# Thanking them: "send thank-you by Fri", "→ text thx tonight", "thank-you card, he likes actual mail". Not advice
# ("Send a thank-you note within a day of any interview, she says").
_THANKING = re.compile(
    r"^(?:[→>-]+\s*)?(?:(?:send|write|mail|e-?mail|text|drop|post)\s+(?:(?:him|her|them|a|an|my)\s+){0,2}"
    r"(?:quick\s+|short\s+|handwritten\s+)?(?:thank[- ]?you|thanks|thx|ty)\b|"
    r"(?:a\s+)?thank[- ]?you\s+(?:note|e-?mail|card|text|message|letter)\b"
    r"(?!\s+(?:is|are|was|were|matters?|goes|go|counts?|helps?|can|could|should|will|would)\b))", re.I)
_GENERAL = re.compile(r"\b(?:any|every|always|each|never)\b", re.I)


# An errand of the note-taker's, under a follow-up or to-do heading: "ask Priya how to set up a shadow day", "check
# the county jobs page", "update resume w/ training".
_SENDING = re.compile(r"^(?:send|email|share|forward|ping|text|reply|thank|connect with|look up|look at|read|"
                      r"check|ask|apply|update|call|sign up|register|reach out|follow up|set up|schedule|book|"
                      r"find out|decide)\b", re.I)


# The lines at the top of a note where the meeting itself is set down: "In person at her office — Wed 5/1, an hour".
EARLY_LINES = 3


def _snippet_kind(text: str, block: Block, first: bool, opening: bool = False, early: bool = False) -> str:
    """``question`` for the note-taker's questions, ``logistics`` for the interview's own business,
    ``reflection`` for a line marked as the note-taker's own view, else the kind of the block the text came from
    (bullet, sentence, quote, table). ``opening``: the note's first snippet; ``early``: one of its first three."""
    base = {"paragraph": "sentence"}.get(block.kind, block.kind)
    if block.kind in ("quote", "table"):
        return base
    if NOTE_TAKER.match(text) or block.by_note_taker or (first and block.asks) or (block.in_questions and is_question(text)):
        return "question"
    if is_question(text) and _persons(text)[0]:  # "could I do a seasonal at 41 w/ kids?": asking about themselves
        return "question"
    if _ASKED.match(text) and not _ASKED_THEN_ANSWER.match(text) and not _ANSWERED.search(text):
        return "question"  # "Asked if someone without an accounting degree could get in": no answer on the line
    if any(rule.search(text) for rule in _LOGISTICS) or (opening and MEETING_OPENER.match(text)) or \
            about_the_call(text, loose=early) or _only_contact(text) or _names_the_meeting(text):
        return "logistics"
    if _REFLECTION.match(text) or (_BRACKETED.match(text) and not _REPORTED.search(text)) or \
            _WONDERING.search(_QUOTED.sub('""', text)):  # (emptied, so that a quotation's own "??" is not read)
        return "reflection"
    if _OWN_VIEW_HEADING.match(block.heading.split(" > ")[-1].strip()):
        # Under "## Me", "she thinks my café years count" still passes on what she said.
        return base if _THEY_SAID.search(_QUOTED.sub(" ", text)) else "reflection"
    if _CALL_FORMAT.match(text) and len(text.split()) <= 14:
        return "logistics"
    if _THANKING.match(text) and not _REPORTED.search(text) and not _GENERAL.search(text):
        return "logistics"
    if _SENDING.match(text) and (_FOLLOW_UP_HEADING.search(block.heading) or "followup" in text.lower()) and \
            not _ADVICE_HEADING.search(block.heading.split(" > ")[-1]):  # "Advice for me": her advice, not an errand
        return "logistics"
    return base


# An e-mail address, a phone number, or a web address with a path or a scheme ("linkedin.com/in/…"; a bare
# "usajobs.gov" is more often where to look than how to reach someone).
_CONTACT = re.compile(r"\S+@[\w-]+(?:\.[\w-]+)+|\+\d[\d\s().-]{7,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|"
                      r"(?:https?://\S+|(?:www\.)?(?:[\w-]+\.)+(?:com|org|net|gov|edu|io|co|uk|ca|au|nz|ie)/\S+)")


_DIGITS = re.compile(r"\d{3}")
# A line that is only the meeting and whom it was with, as a title: "hr generalist chat w priya"; not "weekly call
# with clients", where the one after "with" is no one by name.
_MEETING_WITH = re.compile(r"^(?:[\w&/-]+\s+){0,4}(?:chat|call|coffee|convo|interview|meeting)\s+(?:w/?|with)\s+"
                           r"(?P<who>[\w'’.-]+(?:\s+[\w'’.-]+)?)\s*$", re.I)


def _names_the_meeting(text: str) -> bool:
    """Whether ``text`` is only the meeting and the person it was with, named: a first name or a capitalised word."""
    from ..sharing.words import first_names, is_english

    match = _MEETING_WITH.match(text)
    first = match["who"].split()[0] if match else ""
    return bool(first) and not is_english(first) and (first.lower() in first_names() or first[:1].isupper())


def _only_contact(text: str) -> bool:
    """A line that gives someone's e-mail, web page or phone number and little else: "wojtek.z@kingcounty.gov",
    "Kiri's email: kiri@hollowoakbrewing.com", "Rangi's LinkedIn: linkedin.com/in/rangi-tewhare-atc"."""
    if "@" not in text and "/" not in text and not _DIGITS.search(text):  # most lines: no address, link or number
        return False
    rest = _CONTACT.sub(" ", text)
    return rest != text and len(re.findall(r"[^\W\d_]+", rest)) <= 4


def _question_answer(text: str) -> list[tuple[str, int]]:
    """A bullet as one piece, or two when it holds a question and its answer ("Q: … A: …", "…? -> …").

    >>> _question_answer("Q: how did you start? A: through a friend")
    [('Q: how did you start? ', 0), ('A: through a friend', 22)]
    >>> _question_answer("typical day? -> filings, calls")
    [('typical day?', 0), ('filings, calls', 16)]
    """
    match = _QA_LINE.match(text)
    if match:
        return [(text[: match.end()], 0), (text[match.end():], match.end())]
    match = _QA_ARROW.match(text)
    question = text[: match.end()].rstrip(" ->=→") if match else ""
    if match and is_question(question):
        return [(question, 0), (text[match.end():], match.end())]
    return [(text, 0)]


def _locate(block: Block, estimate: int, text: str) -> int:
    """The line holding the snippet's first word, searching on from the estimate.

    Inline markup (code spans, escapes, entities) can hide line breaks from the estimate; the source lines
    settle it.
    """
    word = INLINE_MARKUP.sub("", text.split()[0]) if text.split() else ""
    if not word or not block.source_lines:
        return estimate
    first = estimate - block.line
    for index in range(max(first, 0), len(block.source_lines)):
        if word in INLINE_MARKUP.sub("", block.source_lines[index]):
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
