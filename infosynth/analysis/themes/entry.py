"""Whether a line says the first job is hard or easy to get, read from what it states outright.

"Offices are desperate for hygienists" and "hundreds apply for every post" are both about hiring, and sentence
vectors put them close together. The phrases that tell them apart are plain: employers "desperate for" or "always
hiring", posts they "can't fill", against "hundreds of applicants", "never heard back", "applied to 30". Under
*Hard to get the first job* a line that says one side settles it; a line that says neither, or both ("despite the
shortage, breaking in is still hard"), is left to the stance model.
"""

from __future__ import annotations

import re

# Employers short of people, or a quick way in: "always hiring", "desperate for RDHs", "can't fill OT positions",
# "hired on the spot", "so it's fast - apply in Feb, working in May".
_EASY = re.compile(
    r"\b(?:always|constantly|forever|still)\s+hiring\b|\bhiring\s+(?:like crazy|constantly|all the time|year[- ]round)\b|"
    r"\bdesperate\s+(?:for|to hire)\b|\bcrying out for\b|\bbegging for\b|"
    r"\b(?:can't|cannot|can not|couldn't|struggle to|struggling to)\s+(?:fill|find enough|hire\s+(?:\w+\s+){0,3}?"
    r"(?:fast|quick)\s*enough)\b|"
    r"\b(?:hired|hire|hires|took me|take you|offered (?:me|her|him|them) a job)\s+(?:\w+\s+){0,2}?"
    r"(?:on the spot|straight away|right away|immediately|before (?:she|he|they|i|you) (?:even )?graduated)\b|"
    r"\b(?:so|and)\s+it'?s\s+(?:fast|quick|easy)\b|\beasy\s+to\s+(?:get|find|land)\s+(?:in|hired|work|a job|a place)\b|"
    r"\b(?:not|never|isn't|wasn't)\s+(?:that\s+|very\s+|too\s+)?(?:hard|difficult|tough)\s+to\s+(?:get|find|break)\b|"
    r"\b(?:huge|massive|real|big)\s+shortage\b", re.I)

# Many people for few places, or a long search: "hundreds of applicants", "applied to 30+ before this one",
# "never heard back", "sent a rejection 7 months later", "very competitive" (not a salesperson's rejections).
_HARD = re.compile(
    r"\b(?:hundreds|thousands|dozens)\s+of\s+(?:applicants|applications|people apply|candidates)\b|"
    r"\b(?:applied|apply|applications?)\s+(?:to|for)\s+(?:\w+\s+)?\d+\+?\b|\b\d+\+?\s+applications\b|"
    r"\bnever\s+heard\s+back\b|\brejection\s+(?:emails?|letters?)\b|\b(?:got|get|sent)\s+(?:a\s+)?rejection\b|"
    r"\bblack\s+hole\b|\bcatch[- ]22\b|"
    r"\b(?:very|super|really|brutally|fiercely|insanely|so|hugely|highly)\s+competitive\b|"
    r"\b(?:hard|difficult|tough|brutal|impossible)\s+to\s+(?:get|break|land|find)\s+(?:in|into|a job|work|hired|"
    r"a foot|your foot|the first)\b|"
    r"\b(?:jobs|posts|openings|positions|places|spots)\s+are\s+(?:rare|scarce|few)\b|\bpeople\s+stay\s+forever\b", re.I)

_NEGATED_BEFORE = re.compile(r"\b(?:not|never|isn't|wasn't|aren't|no)\s+(?:\w+\s+){0,1}$", re.I)


def entry_stance(text: str) -> float | None:
    """1.0 when ``text`` says the first job is hard to get, 0.0 when it says it is easy, None when it says
    neither plainly, or both.

    >>> entry_stance("Jobs are rare, people stay forever, she applied to 30+ before this one")
    1.0
    >>> entry_stance("offices are desperate for RDHs, she gets texts from dentists asking if she has grads")
    0.0
    >>> entry_stance("Despite the shortage of nurses, new grads still face hundreds of applicants") is None
    True
    """
    clean = text.replace("’", "'")
    easy = bool(_EASY.search(clean))
    hard = any(not _NEGATED_BEFORE.search(clean[:m.start()]) for m in _HARD.finditer(clean))
    if "shortage" in clean.lower() and hard:
        easy = True  # "despite the shortage, it's still hard to get in": both, for the model
    if easy == hard:
        return None
    return 1.0 if hard else 0.0
