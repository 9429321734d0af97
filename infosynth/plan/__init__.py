"""The plan: from what interviewees said to what the user does next.

* :mod:`.skills` — the skills table and the skill gaps against the user's profile;
* :mod:`.actions` — the action library and the growth plan by quarter;
* :mod:`.goals` — whether the notes support or challenge each goal;
* :mod:`.questions` — questions worth asking next;
* :mod:`.build` — :func:`build_plan`, which runs them in order into a :class:`PlanResult`.
"""
