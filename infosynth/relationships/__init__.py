"""The relationship side of informational interviews: who is where in the pipeline, what is due, and drafts.

* :mod:`.contacts` — contact state from front matter, follow-up rules, the pipeline counts;
* :mod:`.outreach` — the outreach and thank-you templates;
* :mod:`.takeaways` — picking a note's takeaways for a thank-you, in the second person;
* :mod:`.projects` — projects and follow-ups the interviewee mentioned;
* :mod:`.thank_you` — :func:`draft_thank_you`, which puts these together.
"""
