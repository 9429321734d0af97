"""How a note's line breaks read: where a sentence runs on over one, and an outline written with indents alone."""

from __future__ import annotations

import re

# Where a sentence runs on over a line break: a line that ends on a word that needs the next one ("…at the", "…and")
# or on a comma or dash, or a next line that opens with a word that joins it to the one before ("but", "which").
RUNS_ON_END = re.compile(
    r"(?:\b(?:a|an|the|of|to|in|on|at|by|for|from|with|into|onto|about|over|under|between|through|and|or|but|nor|"
    r"so|as|than|that|which|who|whom|whose|is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|"
    r"could|should|may|might|must|my|your|his|her|their|our|its|this|these|those|if|when|while|because|not|very|"
    r"more|most|also|just|i|we|he|she|they)|[,;:&+/=(\[\-–—])$", re.I)
RUNS_ON_START = re.compile(r"^(?:and|or|but|nor|yet|so|because|which|who|whom|whose|that|than|to|of|with|for|from|"
                            r"in|on|at|by|as|into|when|while|if|though|although|unless|until|whereas)\b")
_OPEN_CLOSE = (("(", ")"), ("[", "]"), ("“", "”"))
# Where a sentence can end: a paragraph with none of these anywhere was typed up as spoken.
SENTENCE_MARK = re.compile(r"[.!?…](?:\s|$)")


def balanced(line: str) -> bool:
    """Whether ``line`` closes every bracket and quotation mark it opens (else the sentence runs on past it)."""
    return all(line.count(a) == line.count(b) for a, b in _OPEN_CLOSE) and line.count('"') % 2 == 0


def is_outline(source_lines: list[str]) -> bool:
    """Whether a paragraph is an outline written with indents and no markers: a short first line at the margin
    ("How he got there") over two or more indented lines, which markdown reads as one paragraph.

    >>> is_outline(["What the work is", "    walkthroughs every morning at 7", "    training the line workers"])
    True
    >>> is_outline(["She said the hours", "    are long", "but fine"])
    False
    """
    head, rest = source_lines[0], [line for line in source_lines[1:] if line.strip()]
    return (len(rest) >= 2 and bool(head.strip()) and not head[:1].isspace() and len(head.split()) <= 6
            and not head.rstrip().endswith((".", "!", "?", ",")) and all(line[:1] in " \t" for line in rest))
