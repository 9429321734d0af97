"""What an interviewee offered or mentioned: things to send, people to meet, projects and events they run."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..models import Note
from ..sharing.consent import said_off_the_record
from .takeaways import Mention, interviewee_pronouns, tidy_text, to_second_person

if TYPE_CHECKING:
    pass


# Rules for follow-ups the interviewee suggested. The trigger words are case-insensitive; each rule captures
# the phrase ``x`` that is reused, in second person, in the message.
_CLAUSE = r"[^.;!?()\[\]→,]+"  # up to the end of the clause


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


_SEASON = r"(?:spring|summer|fall|autumn|winter|year|month|quarter|q[1-4]|week)\b"


_RELATION = r"(?:colleague|friend|manager|boss|mentor|former colleague|coworker|co-worker|contact|teammate|partner)"


def _rule(kind: str, trigger: str, phrase: str, form: str) -> tuple[str, re.Pattern[str], str]:
    return kind, re.compile(f"(?i:{trigger})(?P<x>{phrase})"), form


_FOLLOW_UP_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # "send her my portfolio when I have one case study done" → I'll send you my portfolio when ...
    _rule("send", r"\b(?:send|email|e-mail|share with|show|forward)\s+(?:her|him|them)\s+",
          rf"(?i:my|the|a|an|some|any)\b{_CLAUSE}", "I'll send you {x}."),
    # "she wants the article I mentioned" → I'll send you the article I mentioned.
    _rule("send", r"\b(?:she|he|they)\s+(?:wants|asked for|asked me for|would like|'d like)\s+",
          rf"(?i:my|the|a|an|that|some)\b{_CLAUSE}", "I'll send you {x}."),
    # "she'll email me her storyboard template" → I'm looking forward to your storyboard template.
    _rule("expect", r"\b(?:she|he|they)(?:'ll|’ll| will)\s+(?:email|send|share|forward|mail)\s+(?:me\s+|it\s+)?",
          rf"(?i:her|his|their|the|a|an|some)\b{_CLAUSE}", "I'm looking forward to {x}."),
    # "offered to intro me to Camila Ortiz" → Thank you for offering to intro me to Camila Ortiz.
    _rule("offered", r"\b(?:offered|offers|volunteered)\s+to\s+", _CLAUSE, "Thank you for offering to {x}."),
    # "talk to her colleague Sofia Delgado" → I'll reach out to your colleague Sofia Delgado, as you suggested.
    _rule("introduce", r"\b(?:talk|speak|reach out|write|get in touch|connect)\s+(?:to|with)\s+",
          rf"(?:(?i:her|his|their)\s+(?i:{_RELATION})\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}",
          "I'll reach out to {x}, as you suggested."),
    # "he suggested I shadow one of their review meetings" / "said to watch the careers page in January"
    _rule("suggested", r"\b(?:suggested|recommended|advised)\s+(?:that\s+)?I\s+|\b(?:said|told me)\s+(?:I\s+should\s+|to\s+)",
          _CLAUSE, "As you suggested, I'll {x}."),
    _rule("suggested", r"\bsaid\s+", rf"(?i:apply|reach out|check|look|watch|send|email|join|try|read|contact|ping)\b{_CLAUSE}",
          "As you suggested, I'll {x}."),
    # "asked if I'd read a chapter draft" / "invited me to join" → I'd love to read a chapter draft.
    _rule("invite", r"\b(?:asked|invited)\s+(?:me\s+)?(?:if\s+I(?:'d|’d| would)?\s+(?:want|like)?\s*(?:to\s+)?|me\s+to\s+|to\s+)",
          _CLAUSE, "I'd love to {x}."),
    # "next check-in in January", "ping her when I start applying" → I'll be in touch again in January.
    _rule("timing",
          r"\b(?:check[- ]in|check back|reach out|get (?:back )?in touch|touch base|follow up|ping (?:her|him|them)|"
          r"circle back|catch up)\b[^.;!?]*?",
          rf"(?i:(?:in|by|around|after|before|early|mid|late|next)[- ]+{_MONTH}"
          rf"|(?:in|by|around|after|early|mid|late|next)[- ]+{_SEASON}|when I\b[^.;,!?()]+)",
          "I'll be in touch again {x}."),
)


_KIND_PRIORITY = {"send": 0, "expect": 1, "introduce": 2, "offered": 3, "suggested": 4, "invite": 5, "timing": 6}


_PROJECT_VERBS = [
    "run", "organize", "organise", "host", "co-host", "cohost", "write", "start", "found", "lead", "teach",
    "volunteer", "build", "maintain", "edit", "publish", "coach", "mentor", "chair", "coordinate", "record",
    "produce", "curate", "launch", "create", "moderate", "present",
]


_EVENT_NOUNS = [
    "meetup", "meet-up", "group", "club", "community", "circle", "network", "webinar", "workshop", "class",
    "course", "conference", "event", "series", "hackathon", "chapter", "association", "camp", "festival",
    "clinic", "league", "choir", "panel", "forum",
]


_JOINABLE_NOUNS = {"group", "club", "community", "circle", "network", "association", "chapter", "league", "choir"}


_WRITING_NOUNS = ["newsletter", "blog", "podcast", "book", "column", "channel", "journal", "zine", "substack", "guide"]


_BUILDING_NOUNS = [
    "dataset", "project", "app", "website", "tool", "startup", "nonprofit", "non-profit", "charity", "program",
    "programme", "initiative", "campaign", "fund", "business", "studio", "garden", "archive", "library",
]


_ALL_PROJECT_NOUNS = frozenset(_EVENT_NOUNS + _WRITING_NOUNS + _BUILDING_NOUNS)


_NOT_PROJECT_HEADING = re.compile(r"typical|day|week|work\b|what (?:s?he|they) does|job|role|tools?|skills?|process|team", re.I)


_PROJECT_HEADING = re.compile(r"project|stuff|side|follow|for me|her |his |their |own", re.I)


_PERSONAL_CUE = re.compile(
    r"\b(?:free|volunteer\w*|own|side|monthly|weekly|on (?:weekends|saturdays|sundays)|started|co-?hosts?|founded)\b",
    re.I,
)


_PROJECT_AUXILIARIES = ["'s", "’s", "is", "also", "now", "still", "currently", "has", "been", "co", "-", "recently", "just"]


def _project_matcher(nlp, person: str):
    from spacy.matcher import Matcher

    subjects = ["she", "he", "they"] + [w.lower() for w in person.split() if w]
    matcher = Matcher(nlp.vocab)
    nouns = _EVENT_NOUNS + _WRITING_NOUNS + _BUILDING_NOUNS
    # "she runs a monthly meetup", "he's writing a book on ...", "Dana writes a small newsletter",
    # "she co-hosts a podcast", "he volunteers teaching a free intro SQL class".
    matcher.add("PROJECT", [[
        {"LOWER": {"IN": subjects}},
        {"LOWER": {"IN": _PROJECT_AUXILIARIES}, "OP": "*"},
        {"LEMMA": {"IN": _PROJECT_VERBS}},
        {"IS_SENT_START": False, "IS_PUNCT": False, "OP": "{0,7}"},
        {"LEMMA": {"IN": nouns}},
    ]])
    return matcher


def find_projects(note: Note, nlp) -> list[Mention]:
    """Projects and interests of the interviewee the writer could offer help with, best first."""
    matcher = _project_matcher(nlp, note.person)
    found: list[tuple[float, Mention]] = []
    for snippet in note.snippets:
        if said_off_the_record(snippet.text, snippet.heading or ""):
            continue
        doc = nlp.make_doc(snippet.text)
        for component in ("lemmatizer", "attribute_ruler", "tagger"):
            if component in nlp.pipe_names:
                doc = nlp.get_pipe(component)(doc)
        matches = matcher(doc)
        if not matches:
            continue
        _, start, end = min(matches, key=lambda m: (m[2] - m[1], m[1]))  # the tightest span
        while end < len(doc) and doc[end].lemma_.lower() in _ALL_PROJECT_NOUNS:
            end += 1  # "journal club": the compound's head decides what kind of thing it is
        span = doc[start:end]
        noun = span[-1].lemma_.lower()
        score = 1.0
        if _PROJECT_HEADING.search(snippet.heading):
            score += 1.0
        if _NOT_PROJECT_HEADING.search(snippet.heading) and not _PROJECT_HEADING.search(snippet.heading):
            score -= 1.5
        if _PERSONAL_CUE.search(snippet.text):
            score += 0.5
        name = _project_name(snippet.text, span.end_char)
        if name:
            score += 0.5
        if score < 1.0:
            continue
        thing = _project_phrase(snippet.text, span, noun, name)
        found.append((score, Mention("project", _offer_sentence(noun, thing), snippet.text, snippet.line)))
    found.sort(key=lambda pair: (-pair[0], pair[1].line))
    return [m for _, m in found]


def _project_name(text: str, after: int) -> str:
    """A proper name or quoted title given to the project right after it is mentioned."""
    rest = text[after:after + 120]
    quoted = re.search(r"[\"“]([^\"”]{3,60})[\"”]", rest)
    # An appositive: "a meetup, Research & Coffee," / "a journal club for new grads, Night Owls."
    named = re.match(
        r"[^.;:!?,]{0,40}?,\s*((?:[A-Z][\w&'’-]*)(?:\s+(?:[A-Z][\w&'’-]*|&|of|for|and|the|on|in))*\s*[A-Z&][\w'’-]*"
        r"|[A-Z][\w'’-]+)(?=\s*(?:[,.;()]|$))",
        rest,
    )
    if named:
        return named.group(1).strip()
    if quoted and quoted.start() < 40:
        return quoted.group(1).strip(" ,.")
    return ""


def _project_phrase(text: str, span, noun: str, name: str) -> str:
    if name and noun in _EVENT_NOUNS:
        return name
    # From the first word after the verb through the noun, plus an "on/about/for ..." tail.
    verb_index = next(i for i, t in enumerate(span) if t.lemma_.lower() in _PROJECT_VERBS)
    words = [t.text for t in span[verb_index + 1:]]
    while words and words[0].lower() in ("a", "an", "the", "her", "his", "their", "teaching", "running", "on"):
        words = words[1:]
    phrase = " ".join(words)
    tail = re.match(
        r"\s+((?:on|about|for|of)\s+[^.;,!?()\[\]→]{3,60}?)(?=\s+(?:and|but|that|which|who)\b|[.;,!?()\[\]→]|$)",
        text[span.end_char:],
    )
    if tail and len(tail.group(1).split()) <= 8:
        phrase += " " + tail.group(1).strip()
    phrase = re.sub(r"\s+([-–])\s+", r"\1", phrase)
    return "your " + tidy_text(phrase)


def _offer_sentence(noun: str, thing: str) -> str:
    if noun in _WRITING_NOUNS:
        if noun == "book":
            return f"If it would help, I'd be glad to read a draft chapter of {thing} and give you honest feedback."
        return f"I'm looking forward to following {thing}, and I'd be happy to pass it on to people who'd enjoy it."
    if noun in _EVENT_NOUNS:
        verb = "join" if noun in _JOINABLE_NOUNS else "come to"
        return f"I'd love to {verb} {thing}, and I'm happy to lend a hand if you ever need one."
    return f"If it would be useful, I'd be glad to give feedback on {thing} from my side."


_AGAIN_FORMS = {
    "send": "I'll also send you {x}.",
    "suggested": "I'll also {x}, as you suggested.",
    "offered": "And thank you for offering to {x}.",
    "invite": "I'd also love to {x}.",
    "introduce": "I'll also reach out to {x}.",
}


def find_follow_ups(note: Note, avoid: Sequence[str] = ()) -> list[Mention]:
    """Follow-ups the interviewee suggested (send something, meet someone, get back in touch), in note order.

    Each rule of ``_FOLLOW_UP_RULES`` captures a phrase that is reused, in second person, in the message.
    Snippets that carry privacy remarks or any ``avoid`` term give nothing.
    """
    pronouns = interviewee_pronouns(note)
    names = [note.person.split()[0], note.person] if note.person else []
    found: list[Mention] = []
    for snippet in note.snippets:
        text = tidy_text(snippet.text)
        if said_off_the_record(text, snippet.heading or ""):  # in its words or under an "Off the record" heading
            continue
        for kind, pattern, form in _FOLLOW_UP_RULES:
            match = pattern.search(text)
            if not match:
                continue
            phrase = match.group("x").strip(" ,.;:-–—")
            if len(phrase.split()) < 2 and kind not in ("introduce", "timing"):
                continue  # "said I should come": too little to say something specific
            if kind == "invite" and re.match(r"(?:keep|not|don'?t|stop|avoid)\b", phrase, re.I):
                continue  # "asked me to keep this between us" is a request, not an invitation
            if kind in ("send", "offered", "suggested", "invite", "introduce"):
                phrase = to_second_person(phrase, pronouns, names)
            if kind == "expect":
                phrase = re.sub(r"^(?:her|his|their)\b", "your", phrase)
            if kind == "timing":
                phrase = re.sub(r"^(mid|early|late)[- ]", r"in \1-", phrase)
            sentence = form.format(x=phrase)
            if any(term.lower() in sentence.lower() for term in avoid if term):
                continue
            found.append(Mention(kind, sentence, snippet.text, snippet.line, _AGAIN_FORMS.get(kind, form).format(x=phrase)))
            break
    return found


def choose_mentions(follow_ups: list[Mention], projects: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """At most two follow-ups (most concrete kinds first) and one offer, without saying the same thing twice."""
    from dataclasses import replace

    if projects:  # "runs a circle, asked if I want to join": the offer, which names the project, says it better
        follow_ups = [m for m in follow_ups if not (m.kind == "invite" and m.text == projects[0].text)]
    picked = sorted(follow_ups, key=lambda m: (_KIND_PRIORITY.get(m.kind, 9), m.line))[:2]
    picked.sort(key=lambda m: m.line)
    if len(picked) == 2 and picked[0].kind == picked[1].kind:
        picked[1] = replace(picked[1], sentence=picked[1].again)
    offers = []
    for project in projects[:1]:
        # An accepted invitation to the same project already is the offer.
        if any(m.kind == "invite" and abs(m.line - project.line) <= 2 for m in picked):
            continue
        if any(m.text == project.text and m.kind == "offered" for m in picked):
            continue
        offers.append(project)
    return picked, offers
