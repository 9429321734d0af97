"""Relationships: contact status from front matter, what is due when, and thank-you / outreach drafts."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import infosynth.cli.relationships  # noqa: F401  (attaches the commands to the group)
from infosynth.cli import cli
from infosynth.config import Config
from infosynth.relationships.contacts import contacts, due_followups, note_header, pipeline_counts, read_contact_notes
from infosynth.relationships.outreach import render_outreach, template_environment
from infosynth.relationships.takeaways import to_second_person
from infosynth.relationships.thank_you import draft_thank_you

TODAY = dt.date(2026, 11, 26)
SAMPLE_NOTES = Path(__file__).resolve().parents[1] / "sample_notes"


def header(front_matter: str, name: str = "note.md", body: str = "") -> object:
    return note_header(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{body}", name)


def kinds(notes, today=TODAY, cfg=None) -> list[tuple[str, str, int]]:
    return [(f.person, f.kind, f.days_overdue) for f in due_followups(notes, today, cfg)]


# ------------------------------------------------------------------------------------------------ due rules


def test_thank_you_is_due_two_days_after_the_interview_and_not_before():
    note = header("""
        person: Grace Obi
        role: Charge Nurse
        date: 2026-11-23
        status: done
    """)
    assert kinds([note], dt.date(2026, 11, 24)) == []
    assert kinds([note], dt.date(2026, 11, 25)) == [("Grace Obi", "thank-you", 0)]
    assert kinds([note], TODAY) == [("Grace Obi", "thank-you", 1)]


def test_thanked_contact_is_not_reminded_to_thank():
    note = header("person: Grace Obi\ndate: 2026-11-20\nstatus: thanked\nstatus_date: 2026-11-21")
    assert kinds([note]) == []


def test_unanswered_request_gets_a_nudge_after_a_week():
    note = header("person: Tariq Aziz\nstatus: requested\nstatus_date: 2026-11-19")
    assert kinds([note], dt.date(2026, 11, 25)) == []
    assert kinds([note]) == [("Tariq Aziz", "nudge", 0)]


def test_per_status_dates_work_like_status_date():
    # A log of dates and no status: the furthest stage reached is the status.
    note = header("person: Tariq Aziz\nrequested: 2026-11-02\n")
    [contact] = contacts([note], TODAY)
    assert contact.stage == "requested" and contact.last_contact == dt.date(2026, 11, 2)
    assert kinds([note]) == [("Tariq Aziz", "nudge", 17)]
    answered = header("person: Tariq Aziz\nrequested: 2026-11-02\nscheduled: 2026-11-04\ndate: 2026-12-03")
    assert kinds([answered]) == []
    assert contacts([answered], TODAY)[0].next_step == "interview on 2026-12-03: prepare questions"


def test_follow_up_date_that_has_come_is_due_and_replaces_the_cadence_reminder():
    note = header("person: Lena Park\nstatus: thanked\nstatus_date: 2026-05-01\nfollowup: 2026-11-20")
    assert kinds([note]) == [("Lena Park", "follow-up", 6)]
    later = header("person: Lena Park\nstatus: thanked\nstatus_date: 2026-05-01\nnext_followup: 2027-01-10")
    assert kinds([later]) == []  # not touched for 200 days, but a follow-up is already planned


def test_contact_untouched_for_the_cadence_is_due_and_cadence_is_configurable():
    note = header("person: Lena Park\nstatus: thanked\nstatus_date: 2026-08-27")  # 91 days before TODAY
    assert kinds([note]) == [("Lena Park", "keep in touch", 1)]
    assert kinds([note], cfg=Config(cadence_days=120)) == []
    recent = header("person: Lena Park\nstatus: thanked\nstatus_date: 2026-08-27\nlast_contact: 2026-10-01")
    assert kinds([recent]) == []


def test_most_overdue_first_and_a_person_with_two_notes_is_one_contact():
    notes = [
        header("person: Ana Ruiz\nstatus: done\ndate: 2026-11-20", "ana.md"),
        header("person: Bo Li\nstatus: requested\nstatus_date: 2026-11-01", "bo.md"),
        header("person: Cy Dunn\nstatus: thanked\nstatus_date: 2026-01-05", "cy-1.md"),
        header("person: Cy Dunn\nstatus: thanked\nstatus_date: 2026-10-30\ndate: 2026-10-28", "cy-2.md"),
    ]
    assert kinds(notes) == [("Bo Li", "nudge", 18), ("Ana Ruiz", "thank-you", 4)]
    assert [c.person for c in contacts(notes, TODAY)].count("Cy Dunn") == 1


def test_planned_people_with_only_front_matter_count_in_the_pipeline():
    notes = [
        header("person: Rui Costa\nstatus: planned", "rui.md"),
        header("person: Ama Mensah\nstatus: scheduled\ndate: 2026-12-02", "ama.md"),
        note_header("# Coffee with Pat Kim\n\n- likes the night shift\n", "2026-10-01-pat-kim.md"),
    ]
    assert pipeline_counts(notes) == {"planned": 1, "requested": 0, "scheduled": 1, "done": 0, "thanked": 0,
                                      "unknown": 1}
    by_name = {c.person: c for c in contacts(notes, TODAY)}
    assert by_name["Rui Costa"].next_step.startswith("send a request")
    # no status: not "done", whatever the date says
    assert by_name["Pat Kim"].stage == "unknown" and by_name["Pat Kim"].status == ""


def test_a_note_without_status_is_unknown_and_still_gets_the_reminders_a_user_expects():
    recent = note_header("# Coffee with Pat Kim\n\n- likes the night shift\n", "2026-11-10-pat-kim.md")
    old = note_header("# Call with Lee Wong\n\n- runs the day shift\n", "2026-06-01-lee-wong.md")
    future = note_header("# Coffee with Ola Ade\n\n- agenda\n", "2026-12-01-ola-ade.md")
    due = {f.person: f for f in due_followups([recent, old, future], TODAY)}
    assert due["Pat Kim"].kind == "thank-you" and due["Pat Kim"].untracked  # 16 days ago: thanks may be missing
    assert due["Pat Kim"].days_overdue == 14
    assert due["Lee Wong"].kind == "keep in touch"  # months ago: too late for thanks
    assert "Ola Ade" not in due
    steps = {c.person: c for c in contacts([recent, old, future], TODAY)}
    assert steps["Pat Kim"].next_step == "send thanks if not yet, then add a status (overdue since 2026-11-12)"
    assert steps["Pat Kim"].overdue_days == 14
    assert steps["Ola Ade"].next_step == "interview on 2026-12-01: prepare questions"
    assert {c.stage for c in steps.values()} == {"unknown"}


def test_next_steps_in_the_past_say_they_are_overdue():
    notes = [
        header("person: Ana Ruiz\nstatus: done\ndate: 2026-10-20", "ana.md"),
        header("person: Bo Li\nstatus: thanked\nstatus_date: 2026-05-01\nnext_followup: 2026-11-01", "bo.md"),
        header("person: Cy Dunn\nstatus: done\ndate: 2026-11-25", "cy.md"),
    ]
    steps = {c.person: (c.next_step, c.overdue_days) for c in contacts(notes, TODAY)}
    assert steps["Ana Ruiz"] == ("send thanks (overdue since 2026-10-22)", 35)
    assert steps["Bo Li"] == ("follow up (overdue since 2026-11-01)", 25)
    assert steps["Cy Dunn"] == ("send thanks (by 2026-11-27)", 0)


# ------------------------------------------------------------------------------------------ bad dates


def test_malformed_and_missing_dates_give_one_warning_naming_the_file(tmp_path):
    (tmp_path / "bad.md").write_text(
        "---\nperson: Noor Haddad\nstatus: requested\nstatus_date: 2026-13-45\nnext_followup: soon\n"
        "date: next Tuesday\n---\n- notes\n",
        encoding="utf-8",
    )
    (tmp_path / "ok.md").write_text("---\nperson: Ivo Petrov\nstatus: done\ndate: 2026-11-01\n---\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["followups", str(tmp_path), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: bad.md:")
    assert "2026-13-45" in warnings[0] and "soon" in warnings[0] and "next Tuesday" in warnings[0]
    assert "Ivo Petrov" in result.stdout  # the good note is still reported


def test_unknown_status_is_reported_not_fatal():
    seen = []
    note = header("person: Ed Wu\nstatus: ghosted me\nstatus_date: 2026-11-01")
    [contact] = contacts([note], TODAY, warn=seen.append)
    assert contact.status == "" and "ghosted me" in str(seen[0])


# ---------------------------------------------------------------------------------------------- commands


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2026-11-20-grace-obi.md").write_text(
        textwrap.dedent("""\
            ---
            person: Grace Obi
            role: Charge Nurse
            organization: St Brendan's Hospital
            date: 2026-11-20
            email: grace@example.org
            status: done
            ---

            ## Her path
            - Worked as a ward clerk for three years before nursing school
            - Switched to nights after her second child, says nights are calmer and the team is closer

            ## Day to day
            - Handover at 7pm takes forty minutes and she insists everyone reads the chart aloud
            - Float nurses get the sickest patients because nobody knows their strengths yet

            ## Advice
            - Learn to give a handover in under two minutes using SBAR; new grads ramble and miss the allergy
            - Volunteer for the sepsis audit, it gets you noticed by the unit manager faster than anything else

            > Nobody remembers your grades. They remember whether you answered the call bell.

            ## Follow-up
            - She runs a monthly journal club for new grads, Night Owls, and said I should come
            - Send her my CV when I finish the preceptorship
            - talk to her colleague Marcus Flynn in the ICU about the residency
        """),
        encoding="utf-8",
    )
    (folder / "2026-10-02-tom-reyes.md").write_text(
        textwrap.dedent("""\
            ---
            person: Tom Reyes
            role: Electrician
            date: 2026-10-02
            status: thanked
            status_date: 2026-10-03
            ---
            - apprenticeship is four years, the first year is mostly carrying conduit
            - learn to read blueprints early, it is what gets you trusted on site
            - nights and weekends happen when a job runs late
        """),
        encoding="utf-8",
    )
    (folder / "planned-ines.md").write_text("---\nperson: Ines Duarte\nstatus: planned\n---\n", encoding="utf-8")
    return folder


def test_contacts_command_lists_everyone_and_writes_csv(tmp_path):
    folder = write_folder(tmp_path / "notes")
    runner = CliRunner()
    result = runner.invoke(cli, ["contacts", str(folder), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    for expected in ("Grace Obi", "Charge Nurse", "Tom Reyes", "Ines Duarte", "planned 1"):
        assert expected in result.stdout
    result = runner.invoke(cli, ["contacts", str(folder), "--today", "2026-11-26", "--csv", "-"])
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("person,role,organization,email,status,last_contact,next_step")
    assert any(line.startswith("Grace Obi,Charge Nurse,St Brendan's Hospital") for line in lines)


def test_missing_notes_folder_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["followups", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "nope" in result.output


def test_contacts_and_followups_do_not_import_heavy_libraries(tmp_path):
    folder = write_folder(tmp_path / "notes")
    script = textwrap.dedent(f"""
        import sys
        from click.testing import CliRunner
        from infosynth.cli import cli
        import infosynth.cli.relationships
        for args in (["contacts", {str(folder)!r}], ["followups", {str(folder)!r}, "--today", "2026-11-26"]):
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 0, result.output
        assert "Grace Obi" in result.output
        print(sorted(m for m in ("spacy", "sklearn", "pandas") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_followups_on_sample_notes_list_what_a_person_expects():
    if not (SAMPLE_NOTES / "infosynth.toml").is_file():
        pytest.skip("sample_notes not present")
    due = {(f.person, f.kind) for f in due_followups(read_contact_notes(SAMPLE_NOTES), TODAY)}
    expected = {
        ("Derek Mensah", "thank-you"),  # done, not thanked
        ("Camila Ortiz", "thank-you"),
        ("Fatima Haddad", "nudge"),  # requested three weeks ago
        ("Priya Natarajan", "keep in touch"),  # thanked in February
        ("Sofia Delgado", "follow-up"),  # next_followup in the past
    }
    assert expected <= due
    assert not any(person in ("Marcus Oyelaran", "Rachel Kim", "Laura Chen", "Rob Tanaka") for person, _ in due)


# ------------------------------------------------------------------------------------------- thank-you


def test_thank_you_cites_real_text_of_the_note_and_the_suggested_follow_ups(tmp_path):
    folder = write_folder(tmp_path / "notes")
    note_path = folder / "2026-11-20-grace-obi.md"
    draft = draft_thank_you(note_path, folder, Config())
    source = note_path.read_text(encoding="utf-8")
    lines = source.split("\n")
    flat = re.sub(r"\s+", " ", source)
    assert 2 <= len(draft.takeaways) <= 3
    for takeaway in draft.takeaways:
        assert takeaway.text in flat  # the note's own words
        assert takeaway.text.split()[0] in lines[takeaway.line - 1]  # on the line it says
        assert takeaway.phrasing in draft.text
    # Logistics and the follow-up section are not "takeaways".
    assert not any("CV" in t.text or "journal club" in t.text for t in draft.takeaways)
    text = draft.text
    assert text.startswith("Subject: Thank you, Grace") and "Hi Grace," in text
    assert "I'll send you my CV when I finish the preceptorship" in text
    assert "Night Owls" in text  # an offer tied to her journal club
    assert "None" not in text and "{{" not in text


def test_second_person_rewrite_keeps_other_people_intact():
    she = ("she", "her", "hers", "herself")
    assert to_second_person("she insists everyone reads the chart aloud", she) == "you insist everyone reads the chart aloud"
    assert to_second_person("Grace says nights are calmer", she, ["Grace"]) == "You say nights are calmer"
    assert to_second_person("he told her to apply", ("he", "him", "his", "himself")) == "you told her to apply"
    assert to_second_person("her manager gave her a chance", she) == "your manager gave you a chance"
    # After a comma the same subject may go on ("…, treats both as non-negotiable"); items of a list do not.
    assert to_second_person("She runs on Sunday mornings, treats both as non-negotiable", she) == \
        "You run on Sunday mornings, treat both as non-negotiable"
    assert to_second_person("She uses Figma, Miro, spreadsheets, tools the team already has", she) == \
        "You use Figma, Miro, spreadsheets, tools the team already has"
    # A clause after a dash or a colon opens on the subject too; the next clause's subject is its own.
    he = ("he", "him", "his", "himself")
    assert to_second_person("Best part: a table complains — he comps it, brings the chef out", he) == \
        "Best part: a table complains — you comp it, bring the chef out"
    assert to_second_person("He runs the floor — the team rotates, covers the weekends", he) == \
        "You run the floor — the team rotates, covers the weekends"


def test_thank_you_command_names_an_unreadable_note(tmp_path):
    bad = tmp_path / "binary.md"
    bad.write_bytes(b"\x00\x01\x02" * 10)
    result = CliRunner().invoke(cli, ["thank-you", str(bad)])
    assert result.exit_code == 2 and "binary.md" in result.output


# ------------------------------------------------------------------------------------------- templates


def test_templates_render_gracefully_with_missing_fields():
    env = template_environment()
    for name in ("thank_you.md.j2", "outreach.md.j2"):
        text = env.get_template(name).render()
        assert "None" not in text and "Undefined" not in text and "Hi," in text
    text = render_outreach(name="Dr. Ama Okafor", role="Pediatric Surgeon")
    assert "Hi Dr. Okafor," in text and "20-minute" in text and "None" not in text
    assert "as a pediatric surgeon" in text


def test_outreach_has_purpose_reference_ask_and_use_of_insight():
    text = render_outreach(
        "Rosa Lind", "Sous Chef", "Harbor Kitchen", reference="Dev Patel said you train most of the new cooks",
        purpose="I manage a bakery counter and I'm weighing culinary school", sender="Sam Rivera", minutes=15,
    )
    assert "Dev Patel said you train most of the new cooks." in text
    assert "I manage a bakery counter and I'm weighing culinary school." in text
    assert "15-minute call" in text and "not asking about openings" in text
    assert text.rstrip().endswith("Sam Rivera")


def test_user_templates_folder_overrides_the_built_in_one(tmp_path):
    (tmp_path / "outreach.md.j2").write_text("Dear {{ name }}, {{ missing_field }}{{ role }}.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["outreach", "--name", "Rosa Lind", "--role", "Sous Chef", "--templates", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Dear Rosa Lind, Sous Chef.\n"


def test_outreach_run_above_a_notes_folder_signs_with_its_profile_name_and_names_the_org(tmp_path, monkeypatch):
    notes = tmp_path / "career-notes"
    notes.mkdir()
    (notes / "infosynth.toml").write_text('[profile]\nname = "Noor Haddad"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [
        "outreach", "--name", "Rosa Lind", "--role", "Sous Chef", "--org", "Harbor Kitchen",
        "--reference", "Dev Patel said you train most of the new cooks",
    ])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.rstrip().endswith("Best,\nNoor Haddad")
    assert text.startswith("Subject: A 20-minute conversation about your work as a sous chef at Harbor Kitchen?")
    assert "Dev Patel said you train most of the new cooks. I'd love to hear about your work as a sous chef at " \
           "Harbor Kitchen." in text


def test_outreach_without_a_profile_name_says_the_draft_is_unsigned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["outreach", "--name", "Rosa Lind", "--role", "Sous Chef"])
    assert result.exit_code == 0
    assert "not signed" in result.stderr and "[profile]" in result.stderr


def write_done_interview(tmp_path: Path, filename: str, person: str, role: str, date: str,
                         body: str) -> tuple[Path, Path]:
    """The sample folder plus one interview that took place (``status: done``): (folder, note)."""
    folder = write_folder(tmp_path / "notes")
    note_path = folder / filename
    note_path.write_text(f"---\nperson: {person}\nrole: {role}\ndate: {date}\nstatus: done\n---\n"
                         + textwrap.dedent(body), encoding="utf-8")
    return folder, note_path


def test_thank_you_never_cites_the_writers_questions_or_logistics(tmp_path):
    folder, note_path = write_done_interview(tmp_path, "2026-12-01-wren-adair.md", "Wren Adair", "Charge Nurse", "2026-12-01",
                                             """\
        Set up by my charge nurse Tom Brennan, who trained with her years ago.

        ## Questions I asked
        - What would you tell a new grad who wants your job in five years?
          - take every staffing meeting you are offered, even as an observer
        - Q: Which certification mattered most? A: the charge nurse course, more than any degree
        - Met at the hospital cafeteria after her night shift ended
        """)
    draft = draft_thank_you(note_path, folder, Config())
    cited = [t.text for t in draft.takeaways]
    assert cited
    assert not any(t.startswith(("Set up by", "What would you tell", "Q:", "Met at")) for t in cited)


def test_thank_you_never_cites_who_they_are_or_half_a_quotation(tmp_path):
    folder, note_path = write_done_interview(tmp_path, "2026-03-22-kat-brennan.md", "Kat Brennan", "Operations Lead",
                                             "2026-03-22", """\
        **Kat Brennan** — Operations Lead, Ironweed Brewing Co. (production brewery + taproom, ~18k bbl/yr)

        - The cellar job she eventually got was never advertised: the head brewer knew her from the canning line.
        - Training the bartenders: "Don't tell them it's a hazy IPA. Tell them we named it after the creek where
          the owners got engaged. They'll remember it and buy a four-pack on the way out."
        - The Cicerone certificate got her past the owners' doubts about hiring someone from a bar job.
        """)
    draft = draft_thank_you(note_path, folder, Config())
    cited = [t.phrasing for t in draft.takeaways]
    assert cited
    assert not any(c.startswith("You —") or "Operations Lead, Ironweed" in c for c in cited)
    assert all(c.count('"') % 2 == 0 for c in cited)  # never 'Tell them we named it after the creek…"' alone
    assert any("got you past the owners" in c for c in cited)  # "her" before "past" is the person, not "your"


def test_thank_you_never_cites_what_was_said_off_the_record(tmp_path):
    folder, note_path = write_done_interview(tmp_path, "2026-12-02-ines-varga.md", "Ines Varga", "Dispatch Supervisor", "2026-12-02",
                                             """\
        - Twelve-hour shifts, four on and four off, with the rota set a quarter ahead.
        - She is quietly applying to the state centre and asked me to keep this between us.
        - Certification came after six months of supervised calls on the main console.

        ## Off the record
        - Two of the supervisors are leaving in spring because the overtime budget was cut.
        """)
    draft = draft_thank_you(note_path, folder, Config())
    cited = " ".join(t.text for t in draft.takeaways)
    assert cited
    assert "state centre" not in cited and "overtime budget" not in cited


def test_thank_you_never_takes_up_an_offer_or_a_project_mentioned_off_the_record(tmp_path):
    folder, note_path = write_done_interview(tmp_path, "2026-12-03-ines-varga.md", "Ines Varga", "Dispatch Supervisor", "2026-12-03",
                                             """\
        - Twelve-hour shifts, four on and four off, with the rota set a quarter ahead.
        - She offered to send me the call-taker training outline.

        ## Off the record
        - She offered to introduce me to the deputy director who is about to leave.
        - She runs a side project mapping response times across the county; her chief does not know about it.
        """)
    text = draft_thank_you(note_path, folder, Config()).text
    assert "training outline" in text  # the follow-up said openly is taken up
    assert "deputy director" not in text and "side project" not in text


def test_thank_you_to_a_note_that_opens_on_the_meeting_names_the_person_and_cites_answers_with_questions(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    note = folder / "04-internal-auditor.md"
    note.write_text(
        "coffee w/ Jorge Batista (Tri-Valley Water Co.) at Ferris Street Roasters, 3/28\n\n"
        "- you're not always popular, dept heads see audit coming and get defensive\n"
        "- Q: what would you learn if starting over?\n"
        "  - data analytics -- ACL/IDEA, or even python\n"
        "- the CIA mattered more for this job than his degree did\n", encoding="utf-8")
    text = draft_thank_you(note, folder, Config()).text
    assert text.startswith("Subject: Thank you, Jorge") and "Hi Jorge," in text
    assert "coffee w/" not in text  # the meeting itself is not a takeaway
    # the answer is cited with the question it answers
    assert "When I asked “what would you learn if starting over?”, you said: data analytics" in text


def test_an_organisation_ending_in_a_full_stop_ends_the_sentence_once(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    note = folder / "07-electrician.md"
    note.write_text("---\nperson: Renee Castellanos\norganization: Brightline Electric Co.\n---\n"
                    "- pulling wire, bending conduit, reading blueprints\n- NEC changes every 3 yrs\n", encoding="utf-8")
    text = draft_thank_you(note, folder, Config()).text
    assert "about your work at Brightline Electric Co. I really" in text and "Co.." not in text
