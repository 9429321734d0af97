"""Every file a build of the sample notes writes has the bytes recorded in tests/data/output_digests.json.

A change that moves code around must leave the outputs as they were. A change meant to alter them records the
new digests with `python scripts/record_output_digests.py` (see that script) and commits them with the change.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _recorder():
    spec = importlib.util.spec_from_file_location("record_output_digests", ROOT / "scripts" / "record_output_digests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_a_build_of_the_sample_notes_writes_the_recorded_bytes(tmp_path):
    recorder = _recorder()
    recorded = json.loads(recorder.DIGESTS.read_text(encoding="utf-8"))
    if recorded["platform"] != recorder.platform_key():
        pytest.skip(f"digests recorded on {recorded['platform']}; floating point may differ here")
    digests = recorder.build_digests(tmp_path / "out")
    changed = sorted(k for k in recorded["files"].keys() | digests.keys() if recorded["files"].get(k) != digests.get(k))
    assert changed == [], ("outputs differ from tests/data/output_digests.json; if intended, run "
                           "python scripts/record_output_digests.py")
    assert {"report.html", "report.md", "report.json", "snippets.csv", "shared/mentor.html",
            "redaction-log.csv"} <= set(digests)


def test_the_build_date_comes_from_source_date_epoch(monkeypatch):
    import datetime as dt

    from infosynth.text import current_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    assert current_date() == dt.date(2026, 6, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert current_date() == dt.date.today()
