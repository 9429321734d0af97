"""Picking a note's takeaways for a thank-you, rewritten to speak to the interviewee ("she said" → "you said")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from ..models import Note, is_takeaway
from ..resources import DATA_DIR
from ..sharing.consent import said_off_the_record
from ..text import asked_in
from .outreach import as_sentence

if TYPE_CHECKING:
    pass


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


def tidy_text(text: str) -> str:
    """Note shorthand made readable for a message: hashtags, emoji and "!!" dropped, common abbreviations spelled out,
    and an aside the line opens with left out (it was the note-taker's, and reads oddly first in a sentence).

    >>> tidy_text('(she even said she was "so done w/ grading") She did an online UX certificate!!')
    'She did an online UX certificate!'
    """
    text = re.sub(r"^\s*\([^()]*\)\s+(?=\S)", "", text)
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
    opens_on_you = False  # the sentence's first word is that subject: only then may a verb after a comma share it
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
        if opens_on_you and low == "," and nxt.endswith("s") and _verb_for_you(nxt) != nxt:
            after = [t.lower() for t in tokens[i + 1:] if not t.isspace()][1:2]
            before = list(takewhile(lambda t: t.strip() not in (",", "you", "You"), reversed(out)))
            phrase = len([t for t in before if not t.isspace()]) >= 2  # a clause ends here, not an item of a list
            if phrase and (nxt in _IMPLICIT_SUBJECT_VERBS or after and after[0] in _OBJECT_STARTS):
                out.append(tok)  # "…, treats both as non-negotiable": the same subject goes on
                expect_verb = True
                continue
        if low in _CLAUSE_ENDS:
            you_subject = opens_on_you = False
        replacement = None
        if subject and low == subject:
            replacement, expect_verb, you_subject = "you", True, True
            opens_on_you = opens_on_you or _opens_sentence(out)
        elif subject and low in (subject + "'s", subject + "'ll", subject + "'d"):
            rest = low[len(subject):]
            if rest == "'s":
                replacement = "you've" if nxt in ("been", "got", "had", "done", "seen", "worked") else "you're"
            else:
                replacement = "you" + rest
        elif low in name_set:
            replacement, expect_verb, you_subject = "you", True, True
            opens_on_you = opens_on_you or _opens_sentence(out)
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


# What ends a clause whose subject later verbs may share: a sentence's end, and the colon or dash that opens a new
# clause ("Best part: a table complains — he comps it, brings the chef out").
_CLAUSE_ENDS = (".", "!", "?", ";", ":", "—", "–")


def _opens_sentence(out: Sequence[str]) -> bool:
    """Whether nothing but spaces and punctuation was written since the last sentence or clause ended."""
    for token in reversed(out):
        if token.strip() in _CLAUSE_ENDS:
            return True
        if re.search(r"\w", token):
            return False
    return True


# Words that open a verb's object: after "…, treats" they show "treats" is a verb ("treats both as …"), not a noun
# in a list ("…, tools, templates").
_OBJECT_STARTS = {"both", "the", "a", "an", "it", "them", "every", "all", "that", "this", "her", "his", "their"}


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
    "past", "through", "across", "around", "onto", "by", "before", "after", "under", "behind", "along", "toward",
    "towards", "ahead", "home", "here", "there", "now", "then", "forward",
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


def _split_inside(text: str) -> bool:
    """A sentence cut out of brackets or a quotation ('Tell them we named it after the creek."'): cited alone it
    reads as a fragment of something else."""
    return text.count("(") != text.count(")") or text.count('"') % 2 == 1 or text.count("“") != text.count("”")


def only_who(text: str, note: Note) -> bool:
    """Whether ``text`` says no more than who the interviewee is: their name, job and employer, with an aside in
    brackets ("**Kat Brennan** — Operations Lead, Ironweed Brewing Co. (brewery + taproom)").

    >>> note = Note("k.md", person="Kat Brennan", role="Operations Lead", organization="Ironweed Brewing Co")
    >>> only_who("**Kat Brennan** — Operations Lead, Ironweed Brewing Co. (brewery + taproom, ~18k bbl/yr)", note)
    True
    >>> only_who("Kat runs the taproom schedule and trains every new bartender", note)
    False
    >>> only_who("Kat Brennan, Operations Lead at a brewery since 2019, after a bar job in Dublin", note)
    False
    """
    known = [w for w in (note.person, note.role, note.organization) if w]
    # Read for every candidate line: most name no one, so that is checked before any rewriting.
    if len(known) < 2 or not (note.person and note.person.lower() in text.lower()):
        return False
    rest = re.sub(r"\([^()]*\)|[*_`]", " ", text)
    for part in sorted(known, key=len, reverse=True):
        rest = re.sub(re.escape(part), " ", rest, flags=re.I)
    # What is left may be the employer the note names nowhere else: a short run of capitalised words.
    words = re.findall(r"[A-Za-z][\w'&.-]*", rest)
    return len(words) <= 6 and all(w[:1].isupper() or w.lower() in ("of", "the", "and", "&") for w in words)


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
        and not said_off_the_record(s.text, s.heading)  # the note's own privacy remarks are never cited back
        and not re.match(r"(?:then|which|and then|also)\b", s.text, re.I)  # continues the line before
        and not any(term.lower() in s.text.lower() for term in avoid if term)
        and not only_who(s.text, note)
        and not _split_inside(s.text)
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
    tidy = tidy_text(snippet.text)
    if snippet.kind == "quote":
        return f"“{tidy}”"
    whole_quote = re.fullmatch(r"[\"“]([^\"“”]+)[\"”]\.?", tidy)
    if whole_quote:
        inner = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), whole_quote.group(1))
        return f"“{inner[0].upper()}{inner[1:]}”"
    tidy = re.sub(r"^(?:but|and|so|also|plus),?\s+", "", tidy, flags=re.I)
    if not tidy:
        return as_sentence(snippet.text)
    pronouns = interviewee_pronouns(note)
    names = [note.person.split()[0], note.person] if note.person else []
    if other_people(tidy, note):
        # Keep the sentences about the interviewee; when none, keep the note's wording rather than guess who
        # "she" is.
        own = [x for x in re.split(r"(?<=[.!?])\s+", tidy) if not other_people(x, note) and len(x.split()) >= 4]
        if own and not _split_inside(" ".join(own)):  # not half of a quotation
            tidy = " ".join(own)
        else:
            pronouns, names = (), []
    question = asked_in(snippet.heading or "")
    if question:  # an answer needs its question: "no, a college friend walked her resume in" says nothing alone
        answer = to_second_person(tidy, pronouns, names)
        return as_sentence(f"When I asked “{question}”, you said: {answer}")
    first = tidy.split(" ", 1)[0].lower()
    if pronouns and first in _IMPLICIT_SUBJECT_VERBS:  # "Thinks my teaching is an asset": the subject is them
        tidy = f"{pronouns[0]} {tidy[0].lower()}{tidy[1:]}"
    elif len(tidy.split()) < 8 and snippet.heading and not re.search(r"[.!?:]", tidy):
        tidy = f"{snippet.heading.split(' > ')[-1]}: {tidy[0].lower()}{tidy[1:]}"  # a fragment needs its heading
    text = to_second_person(tidy, pronouns, names)
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return as_sentence(text)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower())}
