"""Whether a line says a degree is needed, read from what it states outright.

Sentence vectors place "a BS in chem is the floor" next to "no chemistry degree needed": both are about a degree
for the job. The words that decide which side a line takes are few and plain ("required", "is the minimum",
"won't look at you without"; "don't need", "nobody asked", "hired without one"), so under *No specific degree
needed* a line that says one of them settles its side, and a line that says neither, or both, is left to the
stance model.
"""

from __future__ import annotations

import re

# What the line must be about: a degree, a major or a college education, by name or by letters.
_DEGREE = re.compile(
    r"\b(?:degrees?|diplomas?|bachelor'?s?|master'?s?|majors?|graduates?|college|university|j-school|grad school|phd|doctorate|"
    r"ba|bs|bsc|ma|ms|msc|msw|bsw|mba|jd|mlis|mfa|bfa|llb|where (?:i|you|she|he|they) went to school)\b", re.I)

_NEGATION = r"(?:not|no|never|don't|doesn't|didn't|do not|does not|did not|won't|isn't|aren't|wasn't|nobody|nothing)"

# The degree is not needed: "no J-school degree needed", "You don't need a JD", "nobody has ever asked about her
# degree", "she's seen people hired without one", "most of his techs don't have a degree", "any bachelor's works".
_OPTIONAL = re.compile(
    r"\b(?:don't|doesn't|didn't|do not|does not|did not|never|won't)\s+(?:\w+\s+){0,3}?"
    r"(?:need|needs|needed|require|requires|required|ask|asks|asked|check|checks|checked|care|cares|cared|matter|"
    r"matters|mattered)\b|"
    r"\b(?:didn't|did not|never)\s+(?:go|went|finish|finished)\s+(?:to\s+)?(?:college|university|school)\b|"
    r"\bdropped out\b|"
    r"\b(?:not|isn't|aren't|wasn't)\s+(?:\w+\s+){0,2}?(?:required|needed|necessary|essential|a requirement|"
    r"mandatory)\b|"
    r"\bno\s+(?:[\w'-]+\s+){0,2}?(?:degree|diploma|bachelor'?s|college)(?!\s*,\s*no\b)(?:\s+(?:needed|required|"
    r"necessary))?\b|"
    r"\bnobody\s+(?:\w+\s+){0,3}?(?:asked|asks|cares|cared|checks|checked|looks|looked)\b|"
    r"\b(?:hired|got in|got hired|made it|started|came up|moved up|promoted|work|works|working)\s+(?:\w+\s+){0,3}?"
    r"without\b|"
    r"\b(?:don't|doesn't|didn't)\s+have\s+(?:a|the|any|one)\b|"
    r"\bany\s+(?:[\w'-]+\s+)?(?:degree|bachelor'?s|major)\b|"
    r"\b(?:nice to have|preferred|optional|not a must)\b", re.I)

# The degree is needed: "a BS in chem is the floor", "basically required", "want chemistry majors, full stop",
# "the hospital won't look at you without the MSW", "without the law degree you top out".
_REQUIRED = re.compile(
    r"\b(?:required|requires|require|requirement|mandatory|compulsory|essential|a must|must-have|non-negotiable)\b|"
    r"\b(?:is|was|are)\s+the\s+(?:floor|minimum|bar|ticket|line)\b|\bthe\s+minimum\b|"
    r"\bfull stop\b|\bno exceptions\b|\bno way (?:around|round) it\b|"
    r"\b(?:won't|wouldn't|can't|cannot|will not)\s+(?:\w+\s+){0,4}?without\b|"
    r"\bwithout\s+(?:the|a|an|your)\s+(?:[\w'-]+\s+){0,2}?(?:degree|bachelor'?s|master'?s|jd|msw|bsw|mba|phd|"
    r"diploma)\b[^.;]{0,40}?\b(?:top out|stuck|plateau|nowhere|no chance|won't|can't)\b|"
    r"\b(?:need|needs|you'd need|i'd need|must have|must hold)\s+(?:a|an|the|your|at least|either)?\s*"
    r"(?:[\w'-]+\s+){0,3}?(?:degree|bachelor'?s|master'?s|ba|bs|bsc|ma|ms|msc|msw|bsw|mba|jd|phd|diploma)\b|"
    r"\bwants?\s+(?:[\w'-]+\s+){0,3}?(?:majors?|degrees?|graduates|jd|msw|mba|phd)\b", re.I)


def degree_stance(text: str) -> float | None:
    """1.0 when ``text`` says a degree (or a particular one) is not needed, 0.0 when it says one is, None when it
    says neither plainly, or both ("needs a bachelor's; social work preferred but the county takes psych").

    >>> degree_stance("no J-school degree needed - clips matter, not the diploma")
    1.0
    >>> degree_stance("Drug chem and tox want chemistry majors, full stop.")
    0.0
    >>> degree_stance("Degree in recreation management, then three seasons as an aide") is None
    True
    """
    clean = text.replace("’", "'")
    if not _DEGREE.search(clean):
        return None
    optional = bool(_OPTIONAL.search(clean))
    required = any(not _negated(clean, m.start()) for m in _REQUIRED.finditer(clean))
    if optional == required:
        return None
    return 1.0 if optional else 0.0


def _negated(text: str, at: int) -> bool:
    """Whether one of the three words before ``at`` negates what follows ("not required", "isn't the minimum")."""
    before = re.findall(r"[\w']+", text[:at])[-3:]
    return any(re.fullmatch(_NEGATION, w, re.I) or w.lower().endswith("n't") for w in before)
