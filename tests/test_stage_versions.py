"""Cache versions: a stage's code cannot change without its version number, and models count by their bytes."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import infosynth
from infosynth.config import Config
from infosynth.versions import PACKAGE_DIR, STAGES, source_digest, stage_key, stale_stages

ROOT = Path(__file__).resolve().parents[1]


def test_every_stage_matches_its_recorded_version_and_digest():
    # When this fails: bump the stage's number in infosynth/versions.py if its results can change, then run
    # `python scripts/record_stage_digests.py` (see the message for each stage).
    assert stale_stages() == {}


def test_every_file_a_stage_names_exists():
    for stage in STAGES.values():
        for name in stage.code:
            assert (PACKAGE_DIR / name).is_file(), name
        for entry in stage.data:
            assert (PACKAGE_DIR / entry).exists(), entry


def _copy_sources(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    root.mkdir()
    for stage in STAGES.values():
        for name in stage.code:
            (root / name).parent.mkdir(parents=True, exist_ok=True)  # a stage may read a subpackage's module
            shutil.copy2(PACKAGE_DIR / name, root / name)
    return root


def test_a_code_change_without_a_version_bump_is_caught(tmp_path):
    root = _copy_sources(tmp_path)
    assert stale_stages(root) == {}
    source = (root / "analysis" / "encoder.py").read_text(encoding="utf-8")
    (root / "analysis" / "encoder.py").write_text(source + "\nMAX_TOKENS_OVERRIDE = 64\n", encoding="utf-8")
    problems = stale_stages(root)
    assert list(problems) == ["encode"] and "bump it" in problems["encode"]
    bumped = {**STAGES, "encode": dataclasses.replace(STAGES["encode"], version=99)}
    assert "not recorded" in stale_stages(root, stages=bumped)["encode"]  # bumped: record the digest too
    recorded = {name: {"version": s.version, "sources": source_digest(s, root)} for name, s in bumped.items()}
    assert stale_stages(root, recorded=recorded, stages=bumped) == {}


def test_the_record_script_refuses_a_change_whose_version_did_not_move(tmp_path):
    import json

    root = _copy_sources(tmp_path)
    digests = tmp_path / "stage_digests.json"
    digests.write_text((PACKAGE_DIR / "stage_digests.json").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "ingest" / "notes.py").write_text((root / "ingest" / "notes.py").read_text(encoding="utf-8") + "\n# a comment\n",
                                    encoding="utf-8")
    code = ("import sys, infosynth.versions as v; from pathlib import Path; "
            f"v.PACKAGE_DIR = Path({str(root)!r}); v.DIGESTS_FILE = Path({str(digests)!r}); "
            "sys.argv = ['record'] + sys.argv[1:]; "
            "import runpy; runpy.run_path(sys.argv.pop(1), run_name='__main__')")
    script = str(ROOT / "scripts" / "record_stage_digests.py")
    refused = subprocess.run([sys.executable, "-c", code, script], capture_output=True, text=True)
    assert refused.returncode == 1 and "parse" in refused.stderr
    assert json.loads(digests.read_text())["parse"] == json.loads((PACKAGE_DIR / "stage_digests.json").read_text())["parse"]
    accepted = subprocess.run([sys.executable, "-c", code, script, "--same-results", "parse"], capture_output=True,
                              text=True)
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(digests.read_text())["parse"]["sources"] == source_digest(STAGES["parse"], root)


def test_a_retrained_model_changes_the_key_without_any_bump(tmp_path):
    root = tmp_path / "pkg"
    shutil.copytree(PACKAGE_DIR / "data" / "tagging", root / "data" / "tagging")
    stages = {"tag": STAGES["tag"]}
    before = stage_key(stages=stages, root=root)
    with open(root / "data" / "tagging" / "model.npz", "ab") as fh:
        fh.write(b"\0")
    assert stage_key(stages=stages, root=root) != before
    assert stage_key(stages={"tag": dataclasses.replace(STAGES["tag"], version=STAGES["tag"].version + 1)}, root=root) != stage_key(
        stages=stages, root=root)


def test_the_cache_key_is_made_of_versions_and_data_not_source_text(tmp_path):
    # Editing a module's text (here a rename) neither breaks the key nor changes it: its stage version does that.
    package = tmp_path / "copy" / "infosynth"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("data", "__pycache__"))
    (package / "data").symlink_to(PACKAGE_DIR / "data")
    tagger = package / "analysis" / "tagging" / "tagger.py"
    source = tagger.read_text(encoding="utf-8")
    renamed = source.replace("_quoted(", "_quote_list(")  # as an editor renames a function: code, not strings
    assert renamed != source
    tagger.write_text(renamed, encoding="utf-8")
    code = "from infosynth.config import Config; from infosynth.pipeline import pipeline_version; print(pipeline_version(Config()))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PYTHONPATH": str(package.parent), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    from infosynth.pipeline import pipeline_version

    assert result.stdout.strip() == pipeline_version(Config())


def test_a_version_bump_means_nothing_stale_is_reused(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    for path in sorted((ROOT / "sample_notes").glob("*.md"))[:2]:
        (notes / path.name).write_bytes(path.read_bytes())
    cfg = Config(cache_dir=tmp_path / "cache")
    infosynth.build(notes, cfg)
    assert infosynth.build(notes, cfg).cached_notes == 2
    bumped = dataclasses.replace(STAGES["extract"], version=STAGES["extract"].version + 1)
    monkeypatch.setitem(STAGES, "extract", bumped)
    assert infosynth.build(notes, cfg).cached_notes == 0
