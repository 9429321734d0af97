"""Word lists that tell a name from an ordinary word, and the text keys names are compared by.

Names come from the shipped lists (``data/names/``: the 1990 US Census names, and first names from many countries
that cannot be mistaken for a word); ordinary English words from the lemma table
of the shipped lookup lemmatizer; skills, tools and role words from the skill and role lexicons. Everything is
read lazily and once.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .._fast.lookups import lemma_lookup
from ..resources import DATA_DIR

NAMES_DIR = DATA_DIR / "names"
LEXICON_DIR = DATA_DIR / "lexicons"

TITLES = {
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "judge", "rev", "father",
    "sister", "coach", "capt", "captain", "sgt", "officer", "nurse", "chef", "dean", "principal", "director",
    "aunt", "auntie", "uncle", "grandma", "grandpa", "cousin", "ofc", "det", "lt", "cpl", "pvt", "maj", "cmdr",
}
# Titles that always introduce a name; the others ("Director", "Nurse") are also ordinary job words.
HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev", "sgt", "capt"}
PARTICLES = {"de", "del", "della", "der", "den", "van", "von", "da", "di", "dos", "du", "la", "le", "al", "el",
             "bin", "ibn", "ben", "st", "y", "ó", "o", "mac", "ter", "ten", "af", "zu"}
LEGAL_SUFFIXES = {"inc", "llc", "llp", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "plc", "sa",
                  "bv", "pty", "pllc", "lp", "nv", "oy", "ab", "as", "srl", "spa"}
# Words that end an organisation's name: legal forms and the kinds of places people work at.
ORG_SUFFIXES = LEGAL_SUFFIXES | {
    "pd", "labs", "lab", "laboratories", "utility", "hospital", "hospitals", "clinic", "clinics", "university", "college",
    "institute", "foundation", "partners", "associates", "agency", "studios", "studio", "ventures", "capital",
    "consulting", "consultants", "bank", "academy", "school", "schools", "solutions", "technologies", "systems",
    "group", "holdings", "industries", "media", "health", "healthcare", "trust", "center", "centre", "council",
    "district", "department", "authority", "ministry", "office", "commission", "court", "insurance", "mutual",
    "hotel", "hotels", "resort", "resorts", "hospice", "builders", "construction", "electric", "engineering",
    "diagnostics", "analytical", "analytics", "logistics", "freight", "services", "network", "networks",
    "courier", "gazette", "herald", "times", "tribune", "press", "post", "journal", "news", "museum", "library",
    "society", "association", "union", "cooperative", "coop", "collective", "pharmaceuticals", "pharma",
    "therapeutics", "biotech", "biosciences", "medical", "dental", "care", "company", "firm", "brewery",
    "restaurant", "restaurants", "kitchen", "bakery", "café", "cafe", "brewing", "brewers", "roasters",
    "dentistry", "orthodontics", "guild", "winery", "distillery", "works", "motors", "airlines", "airways",
    "railways", "rail", "energy", "power", "utilities", "water", "telecom", "software", "games", "films",
    "records", "publishing", "publishers", "books", "bureau", "board", "service", "charity",
    "radio", "television", "broadcasting", "theatre", "theater", "orchestra", "church", "ministries", "parish",
    "cathedral", "zoo", "aquarium", "gallery", "conservancy", "alliance", "federation", "coalition",
    "partnership", "pharmacy", "chambers", "farms", "dairy", "foods", "airport", "magazine",
    "shelter", "outfitters", "fitness",
}
INSTITUTIONS = {"hospital", "clinic", "university", "college", "institute", "academy", "foundation", "bank",
                "school", "museum", "hospice", "council", "court", "department", "ministry", "library"}
GENERIC_ORG_WORDS = {"high", "middle", "elementary", "primary", "secondary", "medical", "law", "business",
                     "graduate", "grad", "public", "private", "community", "state", "art", "arts", "design",
                     "nursing", "teaching", "the", "a", "my", "our", "their", "her", "his", "local", "big", "small",
                     "new", "old", "good", "top", "online", "coding", "summer", "night", "city", "county", "national",
                     "regional", "general", "central", "international", "global", "united", "first", "st", "saint",
                     "north", "south", "east", "west", "of", "and", "&", "for", "in", "at"}
# Words that precede or follow a person's name often enough to count as evidence for an unknown proper noun.
CUES_BEFORE = {"with", "asked", "ask", "told", "met", "mentor", "manager", "boss", "colleague", "friend", "cc",
               "ping", "emailed", "email", "intro", "introduced", "via", "thanks", "thank", "coworker", "teammate",
               "named", "called", "contact", "recruiter", "cousin", "sister", "brother", "neighbor", "neighbour",
               "supervisor", "deputy", "apprentice", "assistant", "director", "lead", "mentee", "tell", "call",
               "text", "message", "dm", "by"}
# After "NAME, his/her/my …", a word for someone's relation to the person makes NAME a person: "Gagné, his old
# manager at the county, …", "Ilse, my first preceptor". A tool or a place is never "her old manager".
RELATION_WORDS = {"mentor", "manager", "boss", "colleague", "friend", "coworker", "co-worker", "teammate",
                  "recruiter", "cousin", "sister", "brother", "neighbor", "neighbour", "supervisor", "deputy",
                  "apprentice", "assistant", "director", "mentee", "preceptor", "partner", "wife", "husband",
                  "mother", "father", "mum", "mom", "dad", "aunt", "uncle", "classmate", "tutor", "professor",
                  "teacher", "predecessor", "successor", "counterpart", "trainer", "trainee", "supervisee",
                  "advisor", "adviser", "coach", "roommate", "flatmate", "landlord", "client", "patient", "contact"}
POSSESSIVES = {"his", "her", "their", "my", "our", "your"}
# After "NAME's", words for what a person has or says: "Oyinkansola's advice", "Tuilagi's caseload" (but not
# "Medicaid's rules").
PERSONAL_THINGS = RELATION_WORDS | {"advice", "tip", "tips", "story", "stories", "team", "office", "number",
                                    "email", "phone", "desk", "caseload", "path", "route", "take", "view", "views",
                                    "words", "idea", "suggestion", "recommendation", "experience", "career",
                                    "background", "shift", "shifts", "patients", "clients", "students"}
ORG_CUES_BEFORE = {"at", "joined", "join", "left", "leaving", "@", "from", "for"}
# Strong: the word before is certainly a person's when these follow ("Will said", "Hope from HR").
CUES_AFTER = {"said", "says", "told", "thinks", "thought", "mentioned", "recommended", "recommends", "suggested",
              "suggests", "explained", "noted", "added", "asked", "asks", "introduced", "offered", "replied",
              "wrote", "emailed", "shared", "warned", "admitted", "laughed", "agreed", "insisted", "argued",
              "believes", "stressed", "pointed", "swears", "credits", "reckons"}
# Weaker: verbs people do, read as a cue only for a word already known to be a name in that note.
PERSON_VERBS = CUES_AFTER | {
    "is", "was", "has", "had", "runs", "ran", "leads", "led", "manages", "managed", "works", "worked", "joined",
    "left", "moved", "started", "spent", "spends", "switched", "studied", "became", "wants", "wanted",
    "wishes", "wished", "hires", "hired", "mentors", "mentored", "covers", "covered", "handles", "handled",
    "walked", "talked", "taught", "teaches", "came", "went", "keeps", "kept", "uses", "used", "built",
    "builds", "did", "does", "got", "gets", "feels", "felt", "knows", "knew", "loves", "likes", "hates",
    "will", "would", "can", "could", "should", "might", "must", "also", "still", "never", "always", "just",
}
# After an unknown word opening a sentence, what only a person does: feelings, wishes, a life's moves ("Tanvika
# loves nights", "Tanvika joined in 2019"). Not what a tool or a firm also does: "Kubernetes manages the
# containers", "Figma became the standard", "Kaggle taught her the basics", "Acme moved to Austin".
PERSON_ONLY_VERBS = {"feels", "felt", "loves", "loved", "likes", "liked", "hates", "hated", "wants", "wanted",
                     "wishes", "wished", "hopes", "hoped", "worries", "worried", "enjoys", "enjoyed", "misses",
                     "missed", "studied", "graduated", "retired", "joined", "left", "quit", "mentors", "mentored",
                     "supervises", "supervised"}
# Followed by "me" or "us", what a person does to the note-taker ("Tamatea walked me through the board"). Not
# what a course, a tool or an employer also does: "Udacity taught me", "Deloitte hired me", "Slack reminded me".
ACTS_ON_ME = {"walked", "walks", "coached", "coaches", "mentored", "mentors", "encouraged", "encourages", "urged",
              "urges", "advised", "advises", "promised", "assured", "convinced", "persuaded", "talked"}
MONTH_CONTEXT = {"in", "since", "until", "till", "by", "of", "early", "late", "mid", "last", "next", "this",
                 "every", "through", "before", "after", "end", "during", "each", "between"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
# Short forms that are also first names ("Jan", "Jun") or words: read as months only before a day or a year.
MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# Common capitalised words that are never a name on their own: closed-class words (often sentence-initial),
# calendar words, and note-taking vocabulary. Open-class English words come from the shipped lemma table.
STOP_WORDS = set(
    """
    a an the and or but nor so yet for of in on at by to from with without into onto over under about above
    after before between through during since until upon via per vs versus than then there here where when why
    how what which who whom whose that this these those it its i me my mine we us our ours you your yours he him
    his she her hers they them their theirs one ones some any many much more most few less least all both each
    either neither every other another such same own also just only very really quite rather still even again
    ever never always often sometimes usually maybe perhaps not no yes ok okay if unless because though although
    something anything nothing everything someone anyone everyone noone somebody anybody everybody nobody
    somewhere anywhere everywhere nowhere mostly mainly partly
    now honestly basically actually previously recently currently formerly initially originally eventually
    anyway otherwise meanwhile afterwards luckily unfortunately obviously hopefully apparently personally ideally
    generally typically
    while whereas as like unlike be is am are was were been being do does did done have has had having can could
    shall should will would may might must ought let lets get got gets getting go goes went going
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec spring summer autumn fall winter today tomorrow yesterday tonight weekend
    saas paas iaas b2b b2c q1 q2 q3 q4 note notes todo tldr tl dr fyi btw imo imho etc eg ie ps asap eod eow pto wfh ooo hr it pm ux
    ui qa ceo cto cfo coo vp svp evp ic phd mba bsc msc ba bs ma ms mr dr
    interview interviews interviewee call coffee chat takeaways takeaway background questions question
    follow followup next steps advice summary overview intro introduction typical day week culture skills
    roles role tools tool team company org organization organisation career path paths bootcamp
    english spanish french german chinese mandarin japanese korean hindi arabic portuguese italian russian
    american british canadian australian european asian african indian irish scottish welsh
    linkedin slack zoom teams google microsoft excel word powerpoint outlook notion jira confluence github
    gitlab figma figjam miro tableau looker python sql java javascript typescript swift kotlin rust golang
    aws azure gcp salesforce hubspot airtable trello asana canvas moodle blackboard storyline articulate
    youtube twitter reddit medium substack discord glassdoor indeed handshake coursera udemy edx whatsapp
    """.split()
)

_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "İ": "I"})


@functools.lru_cache(maxsize=None)
def _name_list(filename: str) -> frozenset[str]:
    """A lower-case name list from ``data/names/`` (empty when the file is not shipped)."""
    path = NAMES_DIR / filename
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def first_names() -> frozenset[str]:
    return _name_list("first_names.txt")


def last_names() -> frozenset[str]:
    return _name_list("last_names.txt")


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English open-class words: the lemmas of the shipped lookup lemmatizer."""
    table = lemma_lookup()
    return frozenset(str(w).lower() for w in table.lemmas() if str(w).isalpha()) if table else frozenset()


def _is_inflected_form(word: str) -> bool:
    """True for "met", "told", "children": forms the lemmatizer maps to another word."""
    table = lemma_lookup()
    return table is not None and table.is_form(word)


# Last words of role titles that name a field or a thing, not a person: "Zendesk (support)" is no one.
_NOT_PERSON_HEADS = {"product", "engineering", "analytics", "ops", "sales", "finance", "people", "data", "support",
                     "design", "agency", "construction", "apprenticeship", "banking", "learning", "department",
                     "internship", "hotel", "model", "general", "major", "saw", "pair", "anchor", "partie",
                     "clerkship", "researchops", "server", "runner", "guide", "printer", "mixer",
                     "blender", "grinder", "processor", "tender", "filler", "layer", "cutter", "conductor",
                     "collector", "setter", "controller", "caller", "tester", "driver", "vendor",
                     "distributor", "manufacturer", "publisher", "member", "official", "professional", "expert",
                     "master", "principal"}


@functools.lru_cache(maxsize=1)
def role_heads() -> frozenset[str]:
    """Lower-case last words of the role lexicon's titles that name a person ("nurse", "paramedic", "engineer"):
    what "Kealoha - charge nurse" or "Seumalo (paramedic)" ends in."""
    from ..lexicon import load_roles

    heads: set[str] = set()
    for entry in load_roles():
        for title in (entry.name, *entry.aliases):
            words = re.findall(r"[^\W\d_]+", title.lower())
            if words and len(words[-1]) > 2:
                heads.add(words[-1])
    return frozenset(heads - _NOT_PERSON_HEADS)


@functools.lru_cache(maxsize=1)
def vocabulary_terms() -> frozenset[str]:
    """Lower-case words of the skill and role lexicons: tools and titles, never names on their own."""
    import csv

    words: set[str] = set()
    for filename in ("core_skills.csv", "skills.csv", "core_roles.csv"):
        path = LEXICON_DIR / filename
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row[:3]:
                    for term in cell.split("|"):
                        words.update(w for w in re.findall(r"[^\W\d_]+", term.lower()) if len(w) > 1)
    return frozenset(words)


@functools.lru_cache(maxsize=65536)
def is_english(word: str) -> bool:
    """True when ``word`` is an ordinary English word (so a capitalised use may just start a sentence).

    >>> is_english("Meetings"), is_english("the"), is_english("Natarajan")
    (True, True, False)
    """
    w = word.lower().rstrip(".").replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if _english_as_written(w):
        return True
    words = english_words()
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
                         ("ly", ""), ("er", ""), ("ers", "")):
        stem = w[: -len(suffix)] + repl
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and (stem in words or stem in STOP_WORDS):
            return True
    return False


def is_plain_word(word: str) -> bool:
    """An English word as written (a stop word, a lemma or an inflected form the lemmatizer knows, or a skill,
    tool or role word), without the suffix guesses of :func:`is_english`: "Notes" and "Runs" are, "Mendes"
    ("mend" + "es") is not.

    >>> is_plain_word("Notes"), is_plain_word("Runs"), is_plain_word("Mendes")
    (True, True, False)
    """
    return _english_as_written(bare(word).lower().replace("’", "'")) or is_stop(word)


def _english_as_written(w: str) -> bool:
    """``w`` (lower case, no possessive) is a stop word, a lemma or an inflected form the lemmatizer knows."""
    return w in STOP_WORDS or w in english_words() or _is_inflected_form(w)


@functools.lru_cache(maxsize=1)
def wordpiece_vocabulary() -> frozenset[str]:
    """Whole words of the shipped embedding tokenizer's vocabulary (about 20,000 common English words)."""
    path = DATA_DIR / "embeddings" / "minilm-static" / "tokenizer.json"
    if not path.is_file():
        return frozenset()
    import json

    vocab = json.loads(path.read_text(encoding="utf-8")).get("model", {}).get("vocab", {})
    return frozenset(w for w in vocab if w.isalpha())


def is_common_word(word: str) -> bool:
    """A word common enough to be in the tokenizer vocabulary: ordinary words, but also well-known places,
    products and frequent names."""
    return word.lower() in wordpiece_vocabulary() or is_english(word)


def is_stop(word: str) -> bool:
    """A closed-class, calendar or note word, or a skill, tool or role word: never a name on its own."""
    w = bare(word).lower()
    return w in STOP_WORDS or w in vocabulary_terms()


def is_name_word(word: str) -> bool:
    """A word that can only be a name: neither English, nor a skill/tool/role word, nor a stop word."""
    return len(bare(word)) >= 2 and not is_stop(word) and not is_english(word)


def bare(word: str) -> str:
    """A token without a trailing full stop or possessive."""
    word = word.rstrip(".")
    return re.sub(r"['’]s$", "", word)


def ascii_fold(text: str) -> str:
    """Accents and special letters folded to ASCII: "Ayşe Yıldız" → "Ayse Yildiz", "Łukasz" → "Lukasz"."""
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode("ascii")


def name_key(text: str) -> str:
    """Comparison key of a name: lower-case letters and digits only, accents folded."""
    return re.sub(r"[\W_]+", "", ascii_fold(text).lower()) or text.lower()


def is_capitalised(token: str) -> bool:
    """"Priya", "McKay", "Ó" are; "priya", "SQL", "I" are not."""
    t = token.rstrip(".")
    return len(t) >= 2 and t[0].isupper() and any(c.islower() for c in t[1:3])


def main_part(value: str) -> str:
    """A front-matter value without bracketed remarks: "Joshua Steele (joshuapsteele.com)" → "Joshua Steele"."""
    return re.sub(r"\s*[(\[][^)\]]*[)\]]", "", value).strip(" ,;-–—")


def reads_as_month(word: str, before: str, before2: str, after: str) -> bool:
    """"in June", "by May 3", "from March to June", "out by Jan 31": a month, not a person called June, May or
    Jan (lower-case neighbouring words)."""
    if word.lower().rstrip(".") in MONTH_ABBREVIATIONS:
        return after[:1].isdigit()
    if word.lower() not in MONTHS:
        return False
    return (before in MONTH_CONTEXT or after[:1].isdigit()
            or before in ("to", "and", "or", "through", "until", "till", "-") and before2 in MONTHS)
