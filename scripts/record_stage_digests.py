"""Record the source digest of each per-note stage next to its version number (infosynth/stage_digests.json).

    python scripts/record_stage_digests.py                       # after bumping a stage in infosynth/versions.py
    python scripts/record_stage_digests.py --same-results parse  # a change that cannot alter results (comments)

tests/test_stage_versions.py fails while a stage's code differs from what is recorded here; this script is how the
check is brought up to date. It refuses a stage whose code changed while its version number did not, unless that
stage is named with --same-results: cached results of the old code would be served as if they were new.
"""

from __future__ import annotations

import argparse
import json
import sys

from infosynth import versions
from infosynth.versions import STAGES, recorded_digests, source_digest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--same-results", action="append", default=[], metavar="STAGE", choices=sorted(STAGES),
                        help="a stage whose code changed without changing what it produces")
    args = parser.parse_args()
    old = recorded_digests()
    new, refused = {}, []
    for name, stage in STAGES.items():
        digest = source_digest(stage)
        entry = old.get(name) or {}
        code_changed = entry.get("sources") not in (None, digest)
        if code_changed and entry.get("version") == stage.version and name not in args.same_results:
            refused.append(name)
            new[name] = entry
            continue
        new[name] = {"version": stage.version, "sources": digest, "files": list(stage.code)}
        if new[name] != entry:
            print(f"{name}: version {stage.version}, {', '.join(stage.code)} recorded")
    versions.DIGESTS_FILE.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    for name in refused:
        print(f"{name}: {', '.join(STAGES[name].code)} changed but its version is still {STAGES[name].version}; "
              f"bump STAGES[{name!r}] in infosynth/versions.py, or pass --same-results {name}", file=sys.stderr)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
