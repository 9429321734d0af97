"""The shared copy of a build: one analysis, filtered by consent, then scrubbed.

1. :func:`consented_analysis` — the notes that may be shared, analysed by the build's own corpus stages
   (:func:`infosynth.corpus.corpus_stages`: themes, then skills, gaps, plan, goals and questions, with the
   same config). When every note may be shared, that is the private analysis itself; otherwise it is recomputed
   without the others, so that no count, theme, gap or quote owes anything to a withheld note.
2. :func:`share_copy` — that analysis with every identifying string replaced, as new records: the private
   :class:`~infosynth.synthesis.Synthesis` is never changed.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest.notes import PLACE_KEYS
from ..ingest.people import display_name, join_names, looks_like_job_title, looks_like_organisation, readable_file_name
from .consent import said_off_the_record
from .file_names import acronyms_written, names_in_file_name, title_of_file_name
from .names import Detected, dedupe, detect_names, detect_names_ner, split_people
from .scrub import REDACTED, WITHHELD, Scrubber
from .words import main_part, name_key, vocabulary_terms

if TYPE_CHECKING:
    import pandas as pd

    from ..synthesis import Synthesis

ME = "[me]"  # the user's own name, when a note mentions it
_PROVENANCE = re.compile(r"^(?P<note>.+?):(?P<line>\d+) (?P<text>.*)$", re.DOTALL)
# Fields of skill mentions whose values come from the shipped lexicons and cue lists, not from a person.
_LEXICON_FIELDS = frozenset({"skill", "kind", "stance", "cue", "matched"})
_FILE_PATH = re.compile(r"(?<![\w.])(?:~|[A-Za-z]:)?(?:[/\\][^\s/\\'\"()]+){2,}[/\\]?")


def letter_code(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": spreadsheet-style letters for interviewees.

    >>> [letter_code(i) for i in (0, 1, 25, 26, 27)]
    ['A', 'B', 'Z', 'AA', 'AB']
    """
    code = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        code = chr(65 + rem) + code
    return code


# ------------------------------------------------------------------------------------- consent filter


def consented_analysis(syn: Synthesis) -> Synthesis:
    """The analysis of the notes that may be shared, by the same corpus stages as the build.

    Returns ``syn`` itself when every note may be shared (the same inputs give the same analysis); otherwise a
    new Synthesis computed without the withheld notes. Nothing is pseudonymised here.
    """
    hidden = {n.path for n in syn.note_records if not n.share}
    if not hidden:
        return syn
    import numpy as np

    from ..corpus import corpus_stages

    notes = []
    for n in syn.note_records:  # copies, so that the themes found here are never written into the build's
        if n.path not in hidden:
            snippets = []
            for s in n.snippets:
                copied = object.__new__(type(s))
                copied.__dict__.update(s.__dict__)
                snippets.append(copied)
            notes.append(dataclasses.replace(n, snippets=snippets))
    aligned = len(syn.snippet_records) == sum(len(n.snippets) for n in syn.note_records)
    keep = np.array([s.note not in hidden for s in syn.snippet_records], dtype=bool)

    def rows(matrix: Any) -> Any:
        if matrix is None or not aligned or np.shape(matrix)[0] != len(keep):
            return None  # recomputed from the texts
        return np.asarray(matrix)[keep]

    embeddings = rows(syn.embeddings)
    if embeddings is None:
        from ..analysis.encoder import encode
        from ..text import text_for_themes

        embeddings = encode([text_for_themes(s.text, s.heading or "") for n in notes for s in n.snippets])
    return corpus_stages(
        syn.notes_dir, syn.config, notes, embeddings,
        [m for m in syn.mentions if getattr(m, "note", None) not in hidden],
        [p for p in syn.career_paths if getattr(p, "note", None) not in hidden],
        [w for w in syn.warnings if w.path not in hidden],
        granularity=syn.granularity, timings={}, cached_notes=syn.cached_notes,
        copy_snippets=False,
    )


# ----------------------------------------------------------------------------------------- share_copy


def share_copy(syn: Synthesis, *, use_ner: bool | None = None) -> tuple[Synthesis, pd.DataFrame]:
    """An anonymised copy of ``syn`` for sharing, and the redaction log (keep that one private).

    ``use_ner``: detect names with the trained spaCy pipeline's entity recogniser (default: when one is
    installed); the shipped rules run either way.

    >>> shared, log = share_copy(syn)                       # doctest: +SKIP
    >>> shared.notes[["note", "person"]].head(2)            # doctest: +SKIP
                 note         person
    0  interview-a.md  Interviewee A
    1  interview-b.md  Interviewee B
    """
    analysis = consented_analysis(syn)
    hidden = [n for n in syn.note_records if not n.share]
    visible = list(analysis.note_records)
    quiet = {n.path for n in visible if not n.quotes}
    scrubber = Scrubber()
    for n in hidden:
        scrubber.record(n.path, "", "excluded", n.path, "note")

    path_map, interviewee, people = _register_people(scrubber, visible, hidden)
    _register_organisations(scrubber, visible, hidden)
    cfg = syn.config
    if cfg.profile.name.strip():
        scrubber.add_marker(cfg.profile.name, ME, "profile")
    for term in cfg.never_share:
        if term.strip():
            scrubber.add_term(term)
    for path, new in path_map.items():
        scrubber.add_path(path, new)
    for n in hidden:
        scrubber.add_path(n.path, REDACTED)
    others = [w.path for w in analysis.warnings if w.path not in path_map]
    for k, path in enumerate(dict.fromkeys(others), start=1):
        scrubber.add_path(path, f"file-{k}")

    # A note that may not be quoted, or a line said off the record: its words are withheld wherever they would
    # turn up.
    off_record = {s.key for s in analysis.snippet_records if said_off_the_record(s.text, s.heading or "")}
    scrubber.withhold(s.text for s in analysis.snippet_records if s.note in quiet or s.key in off_record)

    # Other names in everything that will be shown, each found once and then replaced everywhere.
    occurrences = _visible_texts(analysis, quiet)
    found_in: dict[str, set[str]] = defaultdict(set)
    found: list[Detected] = []
    for text, where in occurrences.items():
        for d in detect_names(text):
            found.append(d)
            found_in[d.text] |= where
    if _want_ner(cfg, use_ner):
        texts = list(occurrences)
        for text, doc_found in zip(texts, _ner_by_text(texts, _ner_pipeline(cfg))):
            for d in doc_found:
                found.append(d)
                found_in[d.text] |= occurrences[text]
    protected = _config_words(cfg)
    found = [d for d in dedupe(found) if not set(re.findall(r"[^\W_]+", d.text.lower())) <= protected]
    scrubber.add_detected(found, notes_of=lambda name: found_in.get(name, ()))

    shared = _scrubbed(analysis, scrubber, path_map, interviewee, people, quiet, off_record)
    shared.withheld_notes = len(hidden)
    return shared, scrubber.log_frame()


def _config_words(cfg: Any) -> set[str]:
    """Words of the user's own skills, roles and cue phrases: what the analysis speaks of, never a name."""
    phrases = list(cfg.profile.current_skills) + list(cfg.profile.target_roles)
    for canonical, aliases in cfg.extra_skills.items():
        phrases += [canonical, *aliases]
    for cues in cfg.extra_cues.values():
        phrases += list(cues)
    return {w for p in phrases for w in re.findall(r"[^\W_]+", str(p).lower())}


def _register_people(scrubber: Scrubber, visible: list[Any], hidden: list[Any]
                     ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Interviewee letters in note order (the same person in two notes keeps one letter; each person of a group
    interview has their own), the notes' new file names, and the pseudonym of every ``person`` value."""
    letters: dict[str, str] = {}
    names: dict[str, str] = {}  # person key → the name as first written
    own: dict[str, set[str]] = defaultdict(set)  # person key → notes about them
    path_map: dict[str, str] = {}
    interviewee: dict[str, str] = {}
    people: dict[str, str] = {}
    for n in visible:
        keys = []
        for person in split_people(n.person) if n.person.strip() else []:
            key = name_key(main_part(person) or person)
            if key not in letters:
                letters[key] = letter_code(len(letters))
                names[key] = person
            own[key].add(n.path)
            keys.append(key)
        file_words = names_in_file_name(n.path).split()
        if not keys:  # nobody named: the note is its own interviewee
            key = f"note:{n.path}"
            letters[key] = letter_code(len(letters))
            keys.append(key)
            # The name in the file name ("lunch-with-orla.md") is theirs where the note writes it as a name
            # ("Orla said"); a rare word of a file name that the note never capitalises is left alone.
            written = {w for sn in n.snippets for w in re.findall(r"[^\W\d_]+", f"{sn.text} {sn.heading}")
                       if w[:1].isupper()}
            named = " ".join(w for w in file_words if w in written)
            if named:
                scrubber.add_person(named, pseudonym=f"Interviewee {letters[key]}", own_notes={n.path})
        path_map[n.path] = _unique_path(f"interview-{letters[keys[0]].lower()}", path_map.values())
        interviewee[n.path] = "; ".join(f"Interviewee {letters[k]}" for k in keys)
        if n.person:
            people[n.person] = interviewee[n.path]
        # How the analysis named them (skills, plan, paths): the person, else the title, role and organisation,
        # else the file name made readable, which is replaced wherever it is written when it holds a name.
        label = join_names(f"Interviewee {letters[k]}" for k in keys)
        for shown in (display_name(n), readable_file_name(n.path)):
            if shown:
                people.setdefault(shown, label)
        # A word of the file name that the note writes in capitals is an acronym ("09-gis.md", "GIS analyst").
        if file_words and {w.lower() for w in file_words} - acronyms_written(n):
            scrubber.add_phrase(readable_file_name(n.path), label)
    for key, person in names.items():
        pseudonym = f"Interviewee {letters[key]}"
        scrubber.add_person(person, pseudonym=pseudonym, own_notes=own[key])
        people.setdefault(person, pseudonym)
    for n in hidden:  # named in another note: still hidden, as Person N
        for person in split_people(n.person) if n.person.strip() else []:
            scrubber.add_person(person)
    return path_map, interviewee, people


# Words a title uses for the meeting itself ("Notes: ICU nurse"), never a name.
_MEETING_WORDS = frozenset("notes note interview chat call coffee meeting conversation recap summary lunch zoom".split())


def _title_without_lone_name(title: str, label: str, scrubber: Scrubber, note: str) -> str:
    """A title that pairs a job with one capitalised word ("Dev – city bus driver"), that word replaced by ``label``.

    Beside a job, a lone capitalised word is most likely whom the note is about, and a name that is also an ordinary
    word ("Dev", "Will") escapes the name rules: the shared title fails closed ("Nursing – ICU nurse" loses a word
    it could have kept, nothing more). The replacement is logged, not added to the names replaced everywhere.

    >>> s = Scrubber()
    >>> _title_without_lone_name("Dev – city bus driver", "Interviewee B", s, "b.md")
    'Interviewee B – city bus driver'
    >>> _title_without_lone_name("Bakery visit", "Interviewee A", s, "a.md")
    'Bakery visit'
    >>> _title_without_lone_name("Notes: ICU nurse", "Interviewee C", s, "c.md")
    'Notes: ICU nurse'
    """
    pieces = re.split(r"(\s[-–—|]+\s|:\s)", title)
    texts = pieces[::2]
    if len(texts) < 2 or not any(looks_like_job_title(t.strip()) for t in texts):
        return title
    out = []
    for k, piece in enumerate(pieces):
        word = piece.strip()
        if k % 2 == 0 and re.fullmatch(r"[A-Z][\w'’-]+", word) and word.lower() not in _MEETING_WORDS \
                and not looks_like_job_title(word) and not looks_like_organisation(word) \
                and word.lower() not in vocabulary_terms():
            scrubber.record(word, label, "person", note, "title")
            piece = piece.replace(word, label)
        out.append(piece)
    return "".join(out)


def _register_organisations(scrubber: Scrubber, visible: list[Any], hidden: list[Any]) -> None:
    own: dict[str, set[str]] = defaultdict(set)
    values: dict[str, str] = {}
    for n in visible + hidden:
        for value in [n.organization] + [n.meta[k] for k in PLACE_KEYS if isinstance(n.meta.get(k), str)]:
            if value and value.strip():
                key = name_key(value)
                values.setdefault(key, value)
                if n.share:
                    own[key].add(n.path)
    for key, value in values.items():
        scrubber.add_organization(value, own_notes=own[key])


def _unique_path(stem: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, n = f"{stem}.md", 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}.md", n + 1
    return candidate


def _want_ner(config: Any, use_ner: bool | None) -> bool:
    if use_ner is False:
        return False
    from ..nlp import resolve_model

    return use_ner is True or resolve_model(getattr(config, "spacy_model", "auto")) != "blank"


def _ner_pipeline(config: Any) -> Any:
    from ..nlp import get_nlp, has_ner

    nlp = get_nlp(getattr(config, "spacy_model", "auto"))
    return nlp if has_ner(nlp) else None


def _ner_by_text(texts: list[str], nlp: Any) -> Iterator[list[Detected]]:
    if nlp is None:
        for _ in texts:
            yield []
        return

    class One:  # detect_names_ner reads a pipeline's pipe(); feed it one document at a time
        def __init__(self, doc: Any) -> None:
            self.doc = doc

        def pipe(self, texts: list[str], batch_size: int = 64) -> Iterator[Any]:
            return iter([self.doc])

    for doc in nlp.pipe(texts, batch_size=64):
        yield detect_names_ner([doc.text], One(doc))


def _visible_texts(analysis: Synthesis, quiet: set[str]) -> dict[str, set[str]]:
    """Free text that reaches an output, each with the notes it comes from ("" for text of no one note).

    Structured fields (person, path, organisation) are replaced wholesale; the words of ``quiet`` notes are
    withheld, so only their headings are shown.
    """
    where: dict[str, set[str]] = defaultdict(set)

    def add(text: str, note: str) -> None:
        if text and text.strip():
            where[text].add(note)

    for n in analysis.note_records:
        add(n.title, n.path)
        add(n.role, n.path)
        for tag in n.tags:
            add(tag, n.path)
    for s in analysis.snippet_records:
        add(s.heading, s.note)
        if s.note not in quiet:
            add(s.text, s.note)
            for link in s.links:
                add(link, s.note)
    for t in analysis.theme_records:
        add(t.label, "")
        add(getattr(t, "description", ""), "")
    for w in analysis.warnings:
        add(w.message, w.path)
    for goal in analysis.config.profile.goals:
        add(goal, "")
    for question in getattr(analysis.config, "mentor_questions", []):
        add(question, "")
    return where


# ------------------------------------------------------------------------------------------- scrubbing


def _scrubbed(analysis: Synthesis, scrubber: Scrubber, path_map: dict[str, str], interviewee: dict[str, str],
              people: dict[str, str], quiet: set[str], off_record: set[str]) -> Synthesis:
    """New records with identifying fields replaced and every free-text field scrubbed, in note order (so that
    numbering follows it). The snippets of ``quiet`` notes and those whose keys are in ``off_record`` are shown
    as ``[quote withheld]`` and never quoted."""
    from ..models import BuildWarning
    from ..synthesis import Synthesis

    theme_ids: dict[str, str] = {}

    def new_theme_id(old: str) -> str:
        if old not in theme_ids:
            slug = re.sub(r"[^a-z0-9]+", "-", scrubber.scrub(old, "", "theme.id").lower()).strip("-")
            theme_ids[old] = _unique_slug(slug or "theme", theme_ids.values())
        return theme_ids[old]

    notes = []
    by_path = {}
    for n in analysis.note_records:
        original = n.path
        if n.person:
            scrubber.record(n.person, interviewee[original], "person", original, "person")
        organization = ""
        if n.organization:
            organization = scrubber.replacement_for(n.organization) or scrubber.scrub(
                n.organization, original, "organization")
            scrubber.record(n.organization, organization, "org", original, "organization")
        if n.email:
            scrubber.record(n.email, "", "email", original, "email")
        meta: dict[str, Any] = {"share": n.share, "quotes": n.quotes}
        if n.status:
            meta["status"] = n.status
        new = dataclasses.replace(
            n, path=path_map[original], person=interviewee[original], organization=organization,
            title=scrubber.scrub(_title_without_lone_name(
                title_of_file_name(n.title, original, interviewee[original]), interviewee[original], scrubber, original),
                original, "title"),
            role=scrubber.scrub(n.role, original, "role"),
            tags=tuple(scrubber.scrub(t, original, "tags") for t in n.tags),
            status=scrubber.scrub(n.status, original, "status"), email="", content_hash="", meta=meta, snippets=[],
        )
        notes.append(new)
        by_path[original] = new

    def withheld(s: Any) -> bool:
        return s.note in quiet or s.key in off_record

    hushed = {(s.note, s.line) for s in analysis.snippet_records if s.key in off_record}

    def quotable(quotes: list[tuple[str, int, str]], field_name: str) -> list[tuple[str, int, str]]:
        return [(path_map.get(p, p), line, scrubber.scrub(text, p, field_name))
                for p, line, text in quotes if p not in quiet and (p, line) not in hushed]

    # Theme labels are key phrases of all member snippets: a phrase only withheld words gave is dropped.
    labels: dict[str, str] = {}
    keywords: dict[str, str] = {}
    if quiet or off_record:
        shown_words = set(re.findall(r"[^\W_]+", " ".join(
            s.text for s in analysis.snippet_records if not withheld(s)).lower()))
        renamed = {}
        for t in analysis.theme_records:
            labels[t.id], theme_id, keywords[t.id] = _label_from_shown_words(t, shown_words)
            if theme_id != t.id:  # named after words only a quiet note used
                renamed[t.id] = theme_id
            else:
                new_theme_id(t.id)
        for old, theme_id in renamed.items():  # after the others, which keep their ids
            slug = re.sub(r"[^a-z0-9]+", "-", scrubber.scrub(theme_id).lower()).strip("-")
            theme_ids[old] = _unique_slug(slug or "theme", theme_ids.values())

    snippets = []
    shown_key: dict[str, str] = {}  # a snippet's key in the build -> its key in the shared copy
    for s in analysis.snippet_records:
        original = s.note
        shown = object.__new__(type(s))  # a shallow copy, without copy.copy's generic machinery (30,000 of them)
        shown.__dict__.update(s.__dict__)
        shown.note = path_map.get(original, original)
        if withheld(s):
            shown.text, shown.evidence, shown.links = WITHHELD, "", ()
            if original not in quiet:  # a line said off the record in a quotable note: the log lists each one
                scrubber.record(s.text[:80], WITHHELD, "withheld", original, "text")
        else:
            shown.text = scrubber.scrub(s.text, original, "text")
            shown.evidence = scrubber.scrub(s.evidence, original, "evidence")
            shown.links = tuple(scrubber.scrub(link, original, "links") for link in s.links)
        shown.heading = scrubber.scrub(s.heading, original, "heading")
        shown.hashtags = tuple(scrubber.scrub(h, original, "hashtags") for h in s.hashtags)
        shown.theme = new_theme_id(s.theme) if s.theme else ""
        snippets.append(shown)
        shown_key[s.key] = shown.key
        if original in by_path:
            by_path[original].snippets.append(shown)

    members: dict[str, list[str]] = defaultdict(list)
    for s in snippets:
        if s.theme:
            members[s.theme].append(s.key)
    themes = []
    for t in analysis.theme_records:
        new = copy.copy(t)
        new.id = new_theme_id(t.id)
        new.label = scrubber.scrub(labels.get(t.id, t.label), "", "theme.label")
        if isinstance(getattr(t, "keywords", None), str):
            new.keywords = scrubber.scrub(keywords.get(t.id, t.keywords), "", "theme.keywords")
        new.notes = [path_map.get(p, p) for p in t.notes]
        new.people = [interviewee[p] for p in t.notes if p in interviewee]
        new.quotes = quotable(t.quotes, "theme.quote")
        # The other side's quotes and keys name notes and say things too: shown like the rest, or not at all.
        new.contrary_quotes = quotable(getattr(t, "contrary_quotes", []), "theme.contrary_quote")
        new.contrary_keys = [shown_key[k] for k in getattr(t, "contrary_keys", []) if k in shown_key]
        for attr in ("anchor", "description"):
            if isinstance(getattr(t, attr, None), str):
                setattr(new, attr, scrubber.scrub(getattr(t, attr), "", f"theme.{attr}"))
        if hasattr(t, "snippet_keys"):
            new.snippet_keys = members.get(new.id, [])
        themes.append(new)

    # Folders first (a cache path holds a login name), then the names in what is left.
    warnings = [BuildWarning(path_map.get(w.path) or scrubber.replacement_for(w.path) or "a file",
                             scrubber.scrub(_FILE_PATH.sub("[path]", w.message), w.path, "warning"))
                for w in analysis.warnings]
    mentions = [_scrub_record(m, scrubber, path_map, interviewee) for m in analysis.mentions]
    career_paths = [_scrub_record(p, scrubber, path_map, interviewee) for p in analysis.career_paths]

    cfg = copy.deepcopy(analysis.config)
    cfg.never_share = []  # the terms themselves are the secret
    cfg.path = cfg.notes_dir = cfg.out_dir = cfg.cache_dir = None
    cfg.profile.goals = [scrubber.scrub(g, "", "profile.goals") for g in cfg.profile.goals]
    cfg.mentor_questions = [scrubber.scrub(q, "", "mentor.questions") for q in cfg.mentor_questions]
    cfg.profile.name = ""

    plan = None
    if analysis.plan_result is not None:
        plan = copy.copy(analysis.plan_result)
        names = _names_pattern(people)
        for name, value in _fields(plan):
            _set(plan, name, _scrub_table(value, scrubber, f"plan.{name}", path_map, people, names))

    return Synthesis(
        notes_dir=Path("notes"), config=cfg, note_records=notes, snippet_records=snippets,
        embeddings=analysis.embeddings, theme_records=themes, plan_result=plan, mentions=mentions,
        career_paths=career_paths, warnings=warnings, timings=dict(analysis.timings),
        cached_notes=analysis.cached_notes, granularity=analysis.granularity,
    )


def _label_from_shown_words(theme: Any, shown: set[str]) -> tuple[str, str, str]:
    """The theme's label, id and key phrases without the key phrases that only withheld words gave.

    A phrase stays when each of its words (or a word it is the stem of) occurs in the text being shared, or in
    the codebook's own name for the theme.
    """
    own = set(re.findall(r"[^\W_]+", f"{getattr(theme, 'anchor', '')} {getattr(theme, 'description', '')}".lower()))
    if getattr(theme, "kind", "discovered") == "codebook":
        own |= set(theme.id.split("-"))

    def shown_word(word: str) -> bool:
        return len(word) < 3 or word in own or word in shown or any(w.startswith(word[:-1]) for w in shown
                                                                     if len(word) > 4 and w[:3] == word[:3])

    def kept(phrases: str) -> str:
        return ", ".join(p for p in re.split(r"\s*[,;|]\s*", phrases)
                         if p and all(shown_word(w) for w in re.findall(r"[^\W_]+", p.lower())))

    label = kept(theme.label) or getattr(theme, "anchor", "") or theme.category or "theme"
    words = [w for w in theme.id.split("-") if w]
    keep_id = getattr(theme, "kind", "") == "codebook" or all(shown_word(w) or w.isdigit() for w in words)
    return (label, theme.id if keep_id else re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-"),
            kept(getattr(theme, "keywords", "") or ""))


def _unique_slug(slug: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _scrub_record(record: Any, scrubber: Scrubber, path_map: dict[str, str], interviewee: dict[str, str]) -> Any:
    """A copy of a dataclass record (a skill mention, a career path) with its note and person mapped and every
    other string scrubbed."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    note = getattr(record, "note", "")
    changes = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name == "note" and isinstance(value, str):
            changes[f.name] = path_map.get(value, value)
        elif f.name == "person" and note in interviewee:
            changes[f.name] = interviewee[note]
        elif f.name not in _LEXICON_FIELDS and isinstance(value, (str, list, tuple, dict)):
            changes[f.name] = _scrub_value(value, scrubber, note, f.name)
    return dataclasses.replace(record, **changes)


def _scrub_value(value: Any, scrubber: Scrubber, note: str, field_name: str) -> Any:
    if isinstance(value, str):
        return scrubber.scrub(value, note, field_name)
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_value(v, scrubber, note, field_name) for v in value)
    if isinstance(value, dict):
        return {k: _scrub_value(v, scrubber, note, field_name) for k, v in value.items()}
    return value


def _fields(result: Any) -> Iterator[tuple[str, Any]]:
    items = vars(result).items() if hasattr(result, "__dict__") else (
        (f.name, getattr(result, f.name)) for f in dataclasses.fields(result))
    yield from list(items)


def _set(result: Any, name: str, value: Any) -> None:
    try:
        setattr(result, name, value)
    except dataclasses.FrozenInstanceError:
        object.__setattr__(result, name, value)


def _scrub_table(value: Any, scrubber: Scrubber, where: str, path_map: dict[str, str],
                 people: dict[str, str], names: re.Pattern[str] | None = None) -> Any:
    """A plan table with every text cell scrubbed: provenance lines ("note:line text") in the scope of their
    note, people columns mapped to their pseudonyms."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        return _scrub_value(value, scrubber, "", where) if isinstance(value, (str, list, tuple, dict)) else value
    frame = value.copy()
    notes_column = frame["note"].tolist() if "note" in frame.columns else None
    for column in frame.columns:
        if not (frame[column].dtype == object or str(frame[column].dtype) in ("string", "str")):
            continue
        field_name = f"{where}.{column}"
        if column in _LEXICON_FIELDS:
            continue  # canonical skill names and kinds: the analysis's own words
        if column in _PEOPLE_COLUMNS:
            frame[column] = [_people_cell(v, scrubber, people, names, field_name) for v in frame[column]]
        elif notes_column is not None and column not in ("note", "notes"):
            frame[column] = [_cell(v, scrubber, field_name, path_map, note)
                             for v, note in zip(frame[column], notes_column)]
        else:
            frame[column] = [_cell(v, scrubber, field_name, path_map, "") for v in frame[column]]
    if frame.index.dtype == object:
        frame.index = [_cell(v, scrubber, f"{where}.index", path_map, "") for v in frame.index]
    return frame


_PEOPLE_COLUMNS = ("person", "people", "valued_by")
# Where a name may start and end inside a list of people written for reading: "A, B and C", "A; B", "A and 2 more".
_LIST_START = r"(?:(?<=^)|(?<=, )|(?<=; )|(?<= and ))"
_LIST_END = r"(?=$|, |; | and )"


def _names_pattern(people: dict[str, str]) -> re.Pattern[str] | None:
    """One pattern for every name the analysis gave an interviewee, longest first, matched as whole list items."""
    if not people:
        return None
    names = "|".join(re.escape(name) for name in sorted(people, key=len, reverse=True))
    return re.compile(f"{_LIST_START}(?:{names}){_LIST_END}")


def _people_cell(value: Any, scrubber: Scrubber, people: dict[str, str], names: re.Pattern[str] | None,
                 field_name: str) -> Any:
    """A cell of people: each as the analysis named them ("Ana Ruiz", "UI designer at Target", a file name made
    readable) becomes their pseudonym, whatever joins them; anything else is scrubbed."""
    if not isinstance(value, str) or not value:
        return value
    if value in people:
        return people[value]
    if names is not None:
        value = names.sub(lambda m: people[m.group(0)], value)
    return scrubber.scrub(value, "", field_name)


def _cell(value: Any, scrubber: Scrubber, field_name: str, path_map: dict[str, str], note: Any) -> Any:
    if isinstance(value, (dt.date, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_cell(v, scrubber, field_name, path_map, note) for v in value)
    if not isinstance(value, str):
        return _scrub_value(value, scrubber, "", field_name)
    note = note if isinstance(note, str) else ""
    lines = value.split("\n")
    out = []
    for line in lines:
        m = _PROVENANCE.match(line)
        if m and m["note"] in path_map:  # "note.md:12 what was said", quoted from that note
            out.append(f"{path_map[m['note']]}:{m['line']} {scrubber.scrub(m['text'], m['note'], field_name)}")
        else:
            out.append(scrubber.scrub(line, note if note in path_map else "", field_name))
    return "\n".join(out)
