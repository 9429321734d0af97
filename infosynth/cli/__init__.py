"""The command line: a thin click layer over the library, one module per group of commands.

* :mod:`.common` — the ``infosynth`` group, exit codes, reading the config and the notes folder;
* :mod:`.commands` — ``build``, ``init``, ``evaluate``;
* :mod:`.relationships` — ``contacts``, ``followups``, ``thank-you``, ``outreach``;
* :mod:`.starter` — what ``init`` writes.

Exit codes: 0 success (warnings allowed), 1 warnings under ``--strict`` (or an evaluation below its bar),
2 usage errors, a bad config, nothing to build, an output folder that cannot be used or a failing template,
3 the outputs could not be written (disk full, a write error) or, with ``--no-wait``, another build holds the
output folder.
"""

from __future__ import annotations

from . import commands, relationships  # noqa: F401  (importing them attaches their commands to the group)
from .common import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="infosynth")
