"""Naming a discovered theme: its most telling key phrase, spelt as the notes spell it."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from ...models import CATEGORIES, Snippet
from ...text import STOP_WORDS, lemma_of, tokens
from .codebook import CodebookTheme

if TYPE_CHECKING:
    pass


# Words that never name an idea on their own. The category names are among them: lines filed "Culture: …" share
# the word, not an idea, and a card labelled "Culture" tells a reader nothing. So are notes' shorthand for the
# generic ones ("9 yrs", "2 wks") and of units ("wind over 10 mph" and "rain" are about the weather, not "mph").
GENERIC_WORDS = frozenset("""
half someone anyone anybody everybody nothing next last open plus whole same own sure maybe probably usually
almost other others around quite rather enough several basically literally honestly pretty mostly totally
definitely kinda sorta apparently obviously
able actually another ask bit big come day different do early end feel find first give good great hard help
important job keep kind know learn little long make need new part people person place point put role see
seem something specific start stop take talk tell thing think time try use want way week work year years
yr yrs wk wks hr hrs min mins mph kph km kms kg kgs lb lbs
lot come came culture cultures skill skills
""".split())


def key_phrase_labels(
    groups: dict[str, list[tuple[str, str]]],
    rest: list[tuple[str, str]],
    topical: dict[str, set[str]] | None = None,
    max_words: int = 5,
    generic: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Readable labels from class-based TF-IDF over lemma uni/bigrams: what each theme says that others don't.

    ``groups`` maps a theme id to its (note, text) pairs. A phrase must occur in the snippets of at least two
    different notes (a label says what several people said); the displayed form is its most common spelling.
    ``topical`` maps a theme id to phrases that belong to its idea (for codebook themes, the lemmas of its
    description and examples): those are preferred, and a codebook theme whose snippets share no topical
    phrase gets no label here (the caller falls back to the codebook name). Only topical phrases label a
    codebook theme, and words spread across many codebook themes (``generic``: "two", "someone", "half") never
    make a phrase on their own.
    """
    if not groups:
        return {}
    topical = topical or {}
    class_docs = dict(groups)
    class_docs["\0rest"] = rest
    tf: dict[str, Counter] = {}
    surface: dict[str, Counter] = defaultdict(Counter)
    doc_freq: dict[str, Counter] = {}
    too_general = GENERIC_WORDS | generic
    kept: dict[str, list[tuple[str, str]]] = {}  # text -> its (phrase, spelling) pairs, once per call
    for cls, docs in class_docs.items():
        counts: Counter[str] = Counter()
        notes_with: defaultdict[str, set[str]] = defaultdict(set)
        # Repeated texts are counted together; first-seen order is kept, so spellings tie-break as before.
        notes_of: dict[str, list[str]] = defaultdict(list)
        for note, text in docs:
            notes_of[text].append(note)
        for text, text_notes in notes_of.items():
            if text not in kept:
                kept[text] = [(p, w) for p, w in _spelt_phrases(text) if not set(p.split()) - LINK_WORDS <= too_general]
            repeats = len(text_notes)
            for phrase, spelling in kept[text]:
                counts[phrase] += repeats
                surface[phrase][spelling] += repeats
                notes_with[phrase].update(text_notes)
        tf[cls], doc_freq[cls] = counts, Counter({p: len(n) for p, n in notes_with.items()})
    total: Counter[str] = Counter()
    for counts in tf.values():
        total.update(counts)
    avg_words = sum(sum(c.values()) for c in tf.values()) / max(len(tf), 1)
    labels = {}
    for cls in groups:
        on_topic = topical.get(cls)
        scored = []
        for phrase, count in tf[cls].items():
            if doc_freq[cls][phrase] < 2 or (on_topic is not None and phrase not in on_topic):
                continue
            weight = count * math.log(1 + avg_words / total[phrase])
            if " " in phrase:
                weight *= 1.3  # two-word phrases read better than lone words
            if on_topic is not None and phrase in on_topic:
                weight *= 4.0
            scored.append((weight, phrase))
        scored.sort(key=lambda wp: (-wp[0], wp[1]))
        if on_topic is not None and (not scored or scored[0][1] not in on_topic):
            continue
        # The phrases each member says: phrases said together make a label; where none are, the best ones do.
        said = [{p for p, _ in kept[text]} for _, text in groups[cls]]
        ranked = [p for _, p in scored]
        chosen = _choose_phrases(ranked, said, max_words)
        if sum(len(c.split()) for c in chosen) < 2:
            # No two phrases said together. Two lone words from different members would join two topics ("wishes
            # and analytics"): the best one names the theme alone when half of the members say it, and there is
            # a second phrase to weigh it against (one word alone, "team", is too thin to name anything).
            if len(_choose_phrases(ranked, None, max_words)) < 2 or _share(chosen[0], said) < 0.5:
                continue
        share = [_share(c, said) for c in chosen]
        if share[0] >= 0.8 and max(share[1:], default=0.0) < 0.5:
            chosen = chosen[:1]  # nearly every member says it, and no other phrase half of them: it alone
        labels[cls] = ", ".join(surface[c].most_common(1)[0][0] for c in chosen)
    return labels


def says_label(text: str, label: str) -> bool:
    """Whether ``text`` says a word of a discovered theme's ``label`` (by lemma): the words the label was built from.

    >>> says_label("Tags every interview quote in one giant spreadsheet", "Tags and filters")
    True
    >>> says_label("SQL + Looker dashboards on course completion", "Tags and filters")
    False
    """
    wanted = _label_words(label)
    return any(p in wanted for p, _ in _spelt_phrases(text))


@functools.lru_cache(maxsize=256)
def _label_words(label: str) -> frozenset[str]:
    """The lemmas of a label's words (read once per card, not once per member)."""
    return frozenset(p for p, _ in _spelt_phrases(label) if " " not in p)


def _share(phrase: str, said: list[set[str]]) -> float:
    """The fraction of members that say ``phrase``."""
    return sum(phrase in m for m in said) / max(len(said), 1)


def _choose_phrases(ranked: list[str], said: list[set[str]] | None, max_words: int) -> list[str]:
    """Up to three phrases of ``ranked`` (best first) with no word in common. A two-word phrase that extends the
    first lone word takes its place, and that of its other word if chosen ("storyline", "articulate", then
    "articulate storyline"). With ``said`` (each member's phrases), a later phrase must come with the first one
    in two members: otherwise the label joins two topics.

    >>> _choose_phrases(["storyline", "articulate", "articulate storyline", "rise"], None, 5)
    ['articulate storyline', 'rise']
    >>> _choose_phrases(["survey", "word"], [{"survey"}, {"survey", "word"}, {"word"}], 5)
    ['survey']
    """
    chosen: list[str] = []
    for phrase in ranked:
        words = set(phrase.split())
        overlap = [c for c in chosen if words & set(c.split())]
        if chosen and len(phrase.split()) > 1 and chosen[0] in words and all(c in words for c in overlap):
            chosen = [phrase] + [c for c in chosen[1:] if c not in overlap]
        elif overlap or sum(len(c.split()) for c in chosen) + len(words) > max_words:
            continue
        elif chosen and said is not None and sum(chosen[0] in m and phrase in m for m in said) < 2:
            continue
        else:
            chosen.append(phrase)
        if len(chosen) == 3:
            break
    return chosen


def _spelt_phrases(text: str) -> list[tuple[str, str]]:
    """Lemma unigrams, then adjacent-lemma bigrams, each with its spelling in ``text``: in lower case, except a
    name or acronym written with capitals ("SQL", "Figma" inside a sentence), which keeps them.

    >>> _spelt_phrases("Night shifts, then rest")
    [('night', 'night'), ('shift', 'shifts'), ('rest', 'rest'), ('night shift', 'night shifts')]
    >>> [w for _, w in _spelt_phrases("Builds it in Articulate Storyline. SQL all day")]
    ['builds', 'Articulate', 'Storyline', 'SQL', 'day', 'Articulate Storyline', 'Storyline SQL']
    """
    words = [t.split("'")[0] for t in tokens(text)]
    spelt = dict(zip(words, words))
    spelt.update((word.lower(), word) for word in _written_with_capitals(text))
    lemmas = {w: lemma_of(w) for w in words}
    content = [len(w) > 2 and not w.isdigit() and w not in STOP_WORDS and lemmas[w] not in STOP_WORDS for w in words]
    out = [(lemmas[w], spelt[w]) for w, ok in zip(words, content) if ok]
    for i in range(len(words) - 1):
        if content[i] and content[i + 1]:
            out.append((f"{lemmas[words[i]]} {lemmas[words[i + 1]]}", f"{spelt[words[i]]} {spelt[words[i + 1]]}"))
    # "design for adults", "time with patients": two words joined by a preposition say one thing together.
    for i in range(len(words) - 2):
        link = words[i + 1]
        if content[i] and content[i + 2] and link in LINK_WORDS:
            out.append((f"{lemmas[words[i]]} {link} {lemmas[words[i + 2]]}",
                        f"{spelt[words[i]]} {link} {spelt[words[i + 2]]}"))
    return out


#: Prepositions that join two words into one phrase of a label.
LINK_WORDS = frozenset("for of with on in at from about".split())


# A word written with a capital letter: an acronym ("SQL", "iOS") anywhere, a capitalised word ("Figma") only
# where a sentence does not start, since any word takes a capital there.
_CAPITALISED = re.compile(r"(?<![.!?:;]\s)(?<![.!?:;])(?<!^)\b([A-Z][a-z0-9+#]*(?:[A-Z][A-Za-z0-9+#]*)?)\b"
                          r"|\b([a-z]*[A-Z][a-z0-9+#]*[A-Z][A-Za-z0-9+#]*)\b")


def _written_with_capitals(text: str) -> list[str]:
    """Words of ``text`` whose capitals are part of how they are spelt.

    >>> _written_with_capitals("Figma all day. Builds it in Figma, exports to iOS")
    ['Figma', 'iOS']
    """
    return [a or b for a, b in _CAPITALISED.findall(text.strip().replace("’", "'"))]


def dominant_category(snippets: list[Snippet], idx: list[int], entry: CodebookTheme | None) -> str:
    counts = Counter(c for i in idx for c in snippets[i].categories if c in CATEGORIES)
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], CATEGORIES.index(kv[0])))[0][0]
    return entry.category if entry else ""


def plain_label(keywords: str) -> str:
    """A discovered theme's label from its key phrases, in plain words: the best phrase alone when it is a phrase
    of its own ("super user", "Articulate Storyline"); a lone word with the next one ("Figma and prototypes").

    >>> plain_label("super user, new system, informatics"), plain_label("Figma, prototypes, test")
    ('Super user', 'Figma and prototypes')
    >>> plain_label("")
    ''
    """
    phrases = [p.strip() for p in keywords.split(",") if p.strip()]
    if not phrases:
        return ""
    # "Cabin crew and room": a second phrase after a whole one adds a word, not an idea.
    label = phrases[0] if " " in phrases[0] else " and ".join(phrases[:2])
    return label[:1].upper() + label[1:]
