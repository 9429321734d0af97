"""People and their jobs as the report names them, including notes without front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from infosynth.ingest.notes import parse_note
from infosynth.ingest.people import display_name, fill_from_body, job_from_body, short_names


@pytest.mark.parametrize("note, name", [
    ({"person": "Laura DeLaune; Elizabeth Briggs", "path": "a.md"}, "Laura DeLaune and Elizabeth Briggs"),
    ({"person": "Sam Ortiz, Jo Lee & Kim Park", "path": "a.md"}, "Sam Ortiz, Jo Lee and Kim Park"),
    ({"person": "Dana Cole (met at the job fair)", "path": "a.md"}, "Dana Cole"),
    ({"person": "", "title": "14 bls economists", "path": "14-bls-economists.md"}, "BLS economists"),
    ({"person": "", "title": "06 school social workers", "path": "06-school-social-workers.md"},
     "School social workers"),
    ({"title": "Informational interview - Court clerk at Dane County", "path": "n.md"}, "Court clerk at Dane County"),
    ({"title": "What is it like to run a kitchen?", "role": "Sous chef", "organization": "Harbor Inn",
      "path": "n.md"}, "Sous chef, Harbor Inn"),
])
def test_display_names_read_as_people_never_as_file_slugs(note, name):
    assert display_name(note) == name


def test_several_people_are_never_cut_mid_name():
    assert short_names("Laura DeLaune and Elizabeth Briggs", 18) == "Laura DeLaune + 1"
    assert short_names("Nurse manager, Riverside Regional Medical Center", 30) == "Nurse manager"
    assert short_names("Riverside Regional Medical Center infection prevention", 30) == "Riverside Regional Medical…"


@pytest.mark.parametrize("title, lines, expected", [
    ("", ["Dev = Sr. Health Data Analyst @ St. Brigid Medical Center", "Met on Zoom"],
     {"role": "Sr. Health Data Analyst", "organization": "St. Brigid Medical Center", "person": ""}),
    ("James Whitaker, Nurse Manager", [], {"role": "Nurse Manager", "organization": "", "person": "James Whitaker"}),
    ("Electrician at Volt Brothers - site visit notes", [],
     {"role": "Electrician", "organization": "Volt Brothers", "person": ""}),
    ("Staff accountant, Hale & Moss", [], {"role": "Staff accountant", "organization": "Hale & Moss", "person": ""}),
    ("Ithaca College", [], {"role": "", "organization": "", "person": ""}),
])
def test_role_and_organisation_from_the_title_or_first_lines(title, lines, expected):
    assert job_from_body(title, lines) == expected


def test_a_note_without_front_matter_gets_its_role_and_person_from_the_body():
    note = parse_note("# James Whitaker, Nurse Manager\n\n- Runs a 32-bed med-surg unit\n", "whitaker.md")
    fill_from_body(note)
    assert (note.person, note.role) == ("James Whitaker", "Nurse Manager")

    note = parse_note("# Ithaca College\n\n- Admissions counsellors travel all autumn\n", "ithaca.md")
    fill_from_body(note)
    assert note.person == ""

    note = parse_note("---\nrole: Charge nurse\n---\n# Ana Ruiz, Nurse Manager\n- Nights\n", "ana.md")
    fill_from_body(note)
    assert note.role == "Charge nurse"  # the front matter is never overridden


@pytest.mark.parametrize("body, person", [
    ("Shonda Mills, Corporate Trainer, First Meridian Bank\nTues Apr 2 - zoom 30 min\n\n- Pay started ~62k\n",
     "Shonda Mills"),
    ("QC chemist — Renata Kovac, Golden Prairie Foods (the snack plant off Rt 9)\n\n- Runs the micro lab\n",
     "Renata Kovac"),
    ("4/30 — Dwayne Ellis, K-12 Sci Curric Coord @ Maple Grove USD\n\n- Plans PD for 40 teachers\n", "Dwayne Ellis"),
    ("Tasha G — instructional designer (Lumenstack)\n\nSat Feb 3, zoom, ~40 min\n", "Tasha G"),
    ("# Saturday coffee with the education director\n\nMet Ines Valcourt at the café inside the science center this "
     "morning, and I'm writing this up tonight while it's fresh.\n", "Ines Valcourt"),
    ("Met April 4 at the Daybreak Diner, 40 min\n\n- Nights are long\n", ""),  # a date, not April
    # a first line that is a sentence names whoever it is about, not necessarily the person met
    ("Sarah Lee, who runs the lab, said the pay is low.\n- Nights are long\n", ""),
])
def test_a_first_line_that_reads_as_a_title_names_the_person_met(body, person):
    note = parse_note(body, "n.md")
    fill_from_body(note)
    assert note.person == person


@pytest.mark.parametrize("front_matter, person", [
    ("name: Priya Venkataraman, RDH", "Priya Venkataraman"),  # letters after a name are not a second person
    ("person: Hannah Lindqvist, MLS(ASCP)", "Hannah Lindqvist"),
    ("who: Marisol Pruitt\nrole: Emergency Communications Officer II", "Marisol Pruitt"),
    ("who: her manager and two nurses", ""),
    ("name: Sam Ortiz Jr.", "Sam Ortiz Jr."),
])
def test_front_matter_names_the_person_met_without_their_letters(front_matter, person):
    note = parse_note(f"---\n{front_matter}\n---\n- Nights are long\n", "n.md")
    assert note.person == person


def test_a_note_that_opens_on_the_meeting_is_named_after_the_person_met():
    note = parse_note("coffee w/ Jorge Batista (Tri-Valley Water Utility) at Ferris Street Roasters, 3/28\n\n"
                      "- IA mgr, team of 4, reports to the audit committee not the CFO\n"
                      "- Lunch with Sarah, the CFO, every month is where the audit plan really gets set\n",
                      "04-internal-auditor.md")
    fill_from_body(note)
    assert note.person == "Jorge Batista"
    kinds = [s.kind for s in note.snippets]
    assert kinds[0] == "logistics"  # the meeting itself: never tagged, themed or quoted
    assert kinds[2] != "logistics"  # further down, a lunch with a named person is what someone said


@pytest.mark.parametrize("opening, person", [
    ("Spoke with Jorge Batista (Tri-Valley Water), 3/28", "Jorge Batista"),
    ("Talked to Priya Shah at the county, March 3", "Priya Shah"),
    ("Informational interview with Ana Ruiz - RN, ICU", "Ana Ruiz"),
    ("Info interview w/ Tom Lee, 4/2", "Tom Lee"),
    ("Chatted with Sarah Kim over Zoom", "Sarah Kim"),
    ("Coffee chat w/ J. Smith (PM @ Stripe) - 3/14", "J. Smith"),
])
def test_the_ways_people_write_whom_they_met_on_the_first_line(opening, person):
    note = parse_note(f"{opening}\n\n- she works nights on the cardiac unit\n- talked to Dana about the rota\n", "n.md")
    fill_from_body(note)
    assert note.person == person and note.snippets[0].kind == "logistics"
    assert note.snippets[2].kind == "bullet"  # not the first line: what someone said


@pytest.mark.parametrize("title, person", [
    ("HVAC tech -- Dwayne Pike, Summit Comfort Heating & Air", "Dwayne Pike"),
    ("call w/ Marcus O. (CPS investigator, Harlan Co. DCFS) 4/2", "Marcus O."),
    ("Coffee with Ana Ruiz.", "Ana Ruiz"),
])
def test_the_person_in_a_title_is_found_whatever_the_punctuation(title, person):
    note = parse_note(f"# {title}\n\n- 11 yrs in the field\n", "n.md")
    assert note.person == person


def test_an_honorific_goes_before_a_name_is_cut():
    assert short_names("Ms. Keisha Lindqvist", 17) == "Keisha Lindqvist"


def test_the_job_in_brackets_after_whom_the_meeting_was_with():
    note = parse_note("Coffee chat w/ J. Smith (PM @ Stripe) - 3/14\n\n- roadmaps and customer calls\n", "n.md")
    fill_from_body(note)
    assert (note.person, note.role, note.organization) == ("J. Smith", "PM", "Stripe")
    titled = parse_note("# Call with Priya Shah (pharmacy manager @ Kaiser)\n\n- hospitals want residency\n", "p.md")
    fill_from_body(titled)
    assert (titled.person, titled.role, titled.organization) == ("Priya Shah", "pharmacy manager", "Kaiser")


def test_key_value_lines_opening_a_note_are_its_front_matter():
    note = parse_note("# Call with Jane\nName: Jane Okafor\n**Role:** ICU charge nurse\nCompany: St. Mary's Hospital\n"
                      "Date: 2026-03-04\n\n- 12 hr shifts, three a week\n- Role: she precepts the new grads too\n",
                      "jane.md")
    assert (note.person, note.role, note.organization, str(note.date)) == (
        "Jane Okafor", "ICU charge nurse", "St. Mary's Hospital", "2026-03-04")
    assert [(s.line, s.text) for s in note.snippets] == [
        (7, "12 hr shifts, three a week"), (8, "Role: she precepts the new grads too")]
    both = parse_note("Person: Jane Okafor\nRole: ICU nurse @ St. Mary's Hospital\n\n- nights are long\n", "b.md")
    fill_from_body(both)
    assert (both.role, both.organization) == ("ICU nurse", "St. Mary's Hospital")
    outliner = parse_note("person:: Jane Okafor\nrole:: ICU charge nurse\n\n- nights are long\n", "o.md")
    assert (outliner.person, outliner.role, len(outliner.snippets)) == ("Jane Okafor", "ICU charge nurse", 1)
    # consent written the same way is honoured: a note that says no stays out of shared copies
    assert not parse_note("Name: Jane Okafor\nShare: no\n\n- nights are long\n", "j.md").share
    assert not parse_note("Share: yes\nShare: no\n\n- nights are long\n", "j.md").share  # said twice
    private = parse_note("Interviewee: Jane Okafor\nConsent: ask me first\n\n- nights are long\n", "j.md")
    assert not private.share
    # a field's name with something else after it stays what was written; the fields below are still read
    odd = parse_note("Date: 3/4/26\nWho: Jane Okafor\n\n- nights are long\n", "d.md")
    assert odd.person == "Jane Okafor" and [s.text for s in odd.snippets] == ["Date: 3/4/26", "nights are long"]
    assert parse_note("Who: her manager and two nurses\n\n- x\n", "w.md").person == ""
    # a note that opens on what was said keeps it
    note = parse_note("Pay: 38/hr, more on nights\nRole: charge nurse\n\n- she likes it\n", "p.md")
    assert note.role == "" and note.snippets[0].text == "Pay: 38/hr, more on nights"


def test_a_running_log_of_several_interviews_in_one_file_is_named_in_a_warning():
    warnings = []
    body = ("# Interview log\n\n## Coffee with Jane Okafor\n- nights are long\n\n## 2026-03-11 Tom Reyes\n"
            "- residency matters\n\n## Takeaways\n- hospitals want residency\n")
    parse_note(body, "log.md", warn=warnings.append)
    assert len(warnings) == 1 and warnings[0].path == "log.md"
    assert "2 interviews in one file (Jane Okafor, Tom Reyes)" in warnings[0].message
    one = []
    parse_note("# Coffee with Luis Ferreira\n\n## Typical day\n- standups\n\n## Advice\n- learn SQL\n", "l.md",
               warn=one.append)
    assert one == []  # one interview, its sections named by topic


def test_obsidian_links_and_underlined_titles_name_the_person_as_written():
    linked = parse_note('---\nperson: "[[Dana Okafor]]"\norg: "[[Lakeshore Regional Health]]"\n---\n'
                        "# Dana Okafor — nurse informatics\n\nMet via [[Jess R.]], Teams call\n\n- super users get "
                        "pulled into the build\n", "dana.md")
    assert (linked.person, linked.organization) == ("Dana Okafor", "Lakeshore Regional Health")
    underlined = parse_note("MEDICAL WRITER - Owen Achterberg\n================================\n\nDATE: April 18 "
                            "2024\n\nBACKGROUND\n==========\n- 5 yrs peds oncology RN, then writing\n", "09.md")
    fill_from_body(underlined)
    assert (underlined.title, underlined.person) == ("MEDICAL WRITER - Owen Achterberg", "Owen Achterberg")
    assert [s.heading for s in underlined.snippets if "peds" in s.text] == ["BACKGROUND"]  # the title is no section


@pytest.mark.parametrize("text, role, organization", [
    # a label of a few words, or a live log's clock time, is not part of the job
    ("Writer chat\n\nROLE NOW: Senior Medical Writer at Halvorsen Scientific Communications (med comms)\n",
     "Senior Medical Writer", "Halvorsen Scientific Communications"),
    ("Art therapist chat\n\n14:04 art therapist at Maplestone Children's Hospital 3 days/wk\n",
     "art therapist", "Maplestone Children's Hospital"),
    # a title naming the job alone leaves a first line room to name the employer too
    ("# MEDICAL WRITER - Owen Achterberg\n\nROLE NOW: Senior Medical Writer at Halvorsen Scientific Communications\n",
     "Senior Medical Writer", "Halvorsen Scientific Communications"),
    # a career step told as it happened, or a sentence in the first person, is not the job held now
    ("Call notes\n\nMarcus started as an HR coordinator at Lakeshore, mostly scheduling interviews.\n", "", ""),
    ("# Hospice RN case manager\n\nNow I'm a case manager at Evening Star Hospice, 13 patients.\n",
     "Hospice RN case manager", ""),
    # a title may hold such a word: "Works manager" is a job
    ("# Works manager - Castlegate Foundry\n\n- runs the melt shop and the night shift\n", "Works manager", ""),
])
def test_the_job_in_the_first_lines_is_read_without_labels_or_history(text, role, organization):
    note = parse_note(text, "n.md")
    fill_from_body(note)
    assert (note.role, note.organization) == (role, organization)


@pytest.mark.parametrize("text, person, role, organization", [
    # a title the lexicon knows only as a whole ("HR Business Partner"), or in capitals as written ("GM")
    ("# Coffee w/ Marcus Oyelaran, HR Business Partner at Lakeshore Health\n\n- covers two hospitals\n",
     "Marcus Oyelaran", "HR Business Partner", "Lakeshore Health"),
    ("# Rafa Duarte, GM @ Copper Kettle\n\n- 40 staff, two dining rooms\n", "Rafa Duarte", "GM", "Copper Kettle"),
    # a title that names its field after "of"
    ("# Maria Ruiz - Director of Nursing, St. Agnes Hospital\n\n- 300 nurses report up to her\n",
     "Maria Ruiz", "Director of Nursing", "St. Agnes Hospital"),
    # a first line that names the person before a dash, then the job
    ("- [[Ingrid Solvang]] — associate curator of decorative arts at [[Wexbridge Museum of Art]]\n"
     "  - zoom, 35 min\n  - the PhD is basically required\n",
     "Ingrid Solvang", "associate curator of decorative arts", "Wexbridge Museum of Art"),
    # "of" in a name or a phrase does not make a title
    ("# Lunch with Dana Lee, Bank of America\n\n- she moved from branch work to compliance\n", "Dana Lee", "", ""),
])
def test_titles_known_as_a_whole_or_naming_their_field(text, person, role, organization):
    note = parse_note(text, "n.md")
    fill_from_body(note)
    assert (note.person, note.role, note.organization) == (person, role, organization)


@pytest.mark.parametrize("text, person, role, organization", [
    # an emoji, a middle dot or a spaced slash parts a title as a dash does; the call's app is no one met
    ("# Anjali Menon 🚢 Guest Services Officer, Meridian Star Cruises\n\nWhatsApp video, 3/17, ~30 min\n\n"
     "Contracts are 6 months on, 2 off.\n", "Anjali Menon", "Guest Services Officer", "Meridian Star Cruises"),
    ("# Nikhil Desai · Actuarial Analyst II · Caldwell Life\n\nGoogle Meet, 5/9, 30 min. He's 25.\n\n"
     "## what he does\nPricing for term life.\n", "Nikhil Desai", "Actuarial Analyst II", ""),
    # a note without a title: the heading it opens on, or a first line that reads as one
    ("## Gary Whitfield – Catering Sales Manager, Lakeside Conference Centre\nZoom, 3/14, 50 min.\n\n"
     "He sells weddings and galas.\n", "Gary Whitfield", "Catering Sales Manager", "Lakeside Conference Centre"),
    ("## Crime Scene Tech — Cilla Nakamura (Harlan County Sheriff's Office)\nMet 3/14 @ Daybreak Diner, 50 min\n\n"
     "### How she got in\n- started in evidence intake\n", "Cilla Nakamura", "", ""),
    ("## Staff Accountant — Marcus Feld (Dunmore Supply Co.)\nZoom, 2/8\n\n- close is 5 days\n", "Marcus Feld",
     "Staff Accountant", "Dunmore Supply Co"),
    # the employer in brackets after a name and a job, on the title or the first line
    ("# 🪨 Shiv Reardon – exploration geologist (Karrabin Minerals, WA)\n\nTeams, 3/9\n\n- 2 weeks on, 1 off\n",
     "Shiv Reardon", "exploration geologist", "Karrabin Minerals"),
    ("Helen Marchetti, family mediator (Stillwater Family Mediation), 3/12, her office, ~1 hr\n\n- mostly divorces\n",
     "Helen Marchetti", "family mediator", "Stillwater Family Mediation"),
    ("# Ana Ruiz, charge nurse (ICU)\n\n- 12-hour nights\n", "Ana Ruiz", "charge nurse", ""),
    # a job and where it is done, parted by a dash; the note's first line typed as a title with a full stop
    ("# Brewery owner - Hollow Oak Brewing\n\n- brews 30% of the time\n", "", "Brewery owner", "Hollow Oak Brewing"),
    ("GIS analyst — Wojciech \"Wojtek\" Zieliński, King County Dept of Natural Resources & Parks.\nvideo call 5/8\n\n"
     "- lots of ArcGIS Pro\n", 'Wojciech "Wojtek" Zieliński', "GIS analyst", ""),
    ("Notes from talking to Siobhán Ní Bhriain, Associate Registrar at the Cleveland Museum of Art. Zoom, 14 Feb.\n\n"
     "- loans in and out\n", "Siobhán Ní Bhriain", "", ""),
    ("hr generalist chat w priya\n(priya raghunathan, hr generalist @ medline industries, mundelein office)\n\n"
     "- day = employee relations, leave admin\n", "Priya", "hr generalist", "medline industries"),
    ("* Ines Marchetti, reporter, The Pell River Courier (prints 2x/wk + web)\n* met at Dot's Diner 4/6\n"
     "* newsroom is 4 people now\n", "Ines Marchetti", "reporter", "The Pell River Courier"),
    # the first line under a title that is only a name; a title that ends on the kind of meeting
    ("# Ingrid Thorsen\nDirector of Programs, Millbrook Regional Food Bank\nIn person, Wed 5/1, an hour\n\n"
     "## Background\nTaught home ec for 22 years.\n", "Ingrid Thorsen", "Director of Programs",
     "Millbrook Regional Food Bank"),
    ("# Court reporter chat — Margaret \"Peg\" Lindqvist\nCoffee at Bettany's Diner, Sat 2/17.\n\nQ: How did you get in?\n"
     "A: Two-year steno program.\n", 'Margaret "Peg" Lindqvist', "Court reporter", ""),
    # typed in lower case, or numbered
    ("tess delgado - payroll specialist @ st brendan health\nphone call 4/2 on her lunch, 25 min\n- 44, in payroll 12 yrs\n",
     "Tess Delgado", "payroll specialist", "st brendan health"),
    ("# 6. Priya Venkataraman — CPS investigator\n\n*Teams call, Thurs 4/11*\n\n1. **Caseload:** 12–15 open\n",
     "Priya Venkataraman", "CPS investigator", ""),
    # a firm of them is not one person's job; the note-taker's own career is not the interviewee's job
    ("## Staff auditor — Kwame Asante-Rudd, Bellweather & Crane CPAs (regional)\n1) Zoom Tue 3/19 at 6pm\n",
     "Kwame Asante-Rudd", "Staff auditor", ""),
])
def test_who_and_what_job_from_titles_as_people_type_them(text, person, role, organization):
    note = parse_note(text, "07-loan-officer.md")
    fill_from_body(note)
    assert (note.person, note.role, note.organization) == (person, role, organization)


def test_the_note_takers_own_career_is_never_the_interviewees_job():
    # "Teller at Riverbend for 2 years, same spot I'm in now basically": the note-taker's job, not the loan officer's
    path = Path(__file__).parent / "data" / "finance-notes" / "notes" / "07-loan-officer-derek.md"
    note = parse_note(path.read_text(encoding="utf-8"), path.name)
    fill_from_body(note)
    assert "teller" not in note.role.lower() and note.organization != "Riverbend"
    # ... and its first line, over the meeting line, is read as its title
    assert (note.person, note.role) == ("Derek Whitfield", "consumer & mortgage loan officer")
    assert [s.kind for s in note.snippets[:2]] == ["sentence", "logistics"]


def test_a_role_field_that_names_the_employer_too_is_split():
    note = parse_note("---\ninterviewee: Dominic Asante\nrole: Front Office Manager, The Harborline Hotel (312 rooms)\n"
                      "---\n\n- 312 rooms, 40 staff\n", "01.md")
    fill_from_body(note)
    assert (note.role, note.organization) == ("Front Office Manager", "The Harborline Hotel")


def test_fields_under_a_form_title_and_a_message_thread_opener_name_the_person():
    form = parse_note("SFL-TAP INFORMATIONAL INTERVIEW WORKSHEET (v2)\n\nNAME: Dale Renner\n\n"
                      "Q1. What does a normal week look like?\n- cycle counts and vendor calls\n", "01.md")
    assert form.person == "Dale Renner" and all("Dale" not in s.text for s in form.snippets)
    thread = parse_note("linkedin convo w/ Owen Takahashi (Sr. Technical Writer, Vireo Biologics), copied in 3/22 "
                        "so I don't lose it. never got on a call\n\nOwen: most of the job is reading protocols\n",
                        "05.md")
    fill_from_body(thread)
    assert (thread.person, thread.role, thread.organization) == (
        "Owen Takahashi", "Sr. Technical Writer", "Vireo Biologics")
    assert thread.snippets[0].kind == "logistics"
    coffee = parse_note("# Saturday coffee with the Brightwater education director\n\n- she runs the field trips\n",
                        "04.md")
    fill_from_body(coffee)
    assert coffee.role == "Brightwater education director"
