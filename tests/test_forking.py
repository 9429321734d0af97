"""A few changed notes are analysed in a forked child beside the build: the same results, and never a lost note."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import infosynth
from infosynth.config import Config
from infosynth.forking import ChildFailed, ForkedCall, fork_is_safe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the build forks only on Linux")


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _raise() -> None:
    raise RuntimeError("the child's own error")


def test_a_forked_call_returns_what_the_function_returns():
    call = ForkedCall(sorted, {"b": 2, "a": 1}.items())
    assert call.result() == [("a", 1), ("b", 2)]


@pytest.mark.parametrize("function", [_raise, _kill_self], ids=["raises", "killed"])
def test_a_child_that_fails_is_reported_as_such(function):
    with pytest.raises(ChildFailed):
        ForkedCall(function).result()


def test_closing_stops_a_child_at_work():
    call = ForkedCall(time.sleep, 60)
    pid = call.pid
    call.close()
    with pytest.raises(ChildProcessError):  # gone, and reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
    call.close()  # twice is harmless


def test_fork_is_not_safe_beside_a_native_thread_pool():
    import threading

    import numpy  # noqa: F401  (its BLAS keeps a pool of native threads on a machine with two cores or more)

    if len(os.listdir("/proc/self/task")) <= threading.active_count():
        pytest.skip("no native thread runs in this process")
    assert not fork_is_safe()


# ------------------------------------------------------------------------------------------- the build

REBUILD = """
import json, sys
import infosynth, infosynth.forking as forking, infosynth.pipeline as pipeline

forks = []
class CountedCall(forking.ForkedCall):
    def __init__(self, *args):
        forks.append(len(args[1]))
        super().__init__(*args)
forking.ForkedCall = CountedCall
if sys.argv[2] == "child-fails":
    def broken(todo, cfg):
        raise RuntimeError("the child breaks")
    pipeline._analyse_all = broken
syn = infosynth.build(sys.argv[1], workers=2)  # as the command line does on a machine with two cores
frame = syn.snippets[["note", "line", "text", "categories", "theme"]].astype(str)
print(json.dumps({"forks": forks, "cached": syn.cached_notes, "rows": frame.values.tolist(),
                  "spacy_loaded_here": "spacy" in sys.modules,
                  "themes": syn.themes["label"].astype(str).tolist()}))
"""


@pytest.fixture()
def edited_folder(notes, tmp_path):
    """The eight-note folder built once (its cache in ``tmp_path / "cache"``), then one of its notes edited."""
    infosynth.build(notes, Config(cache_dir=tmp_path / "cache"))
    edited = sorted(notes.glob("*.md"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n- Added later: the night rota changes every quarter\n",
                      encoding="utf-8")
    return notes


def _rebuild_in_a_fresh_process(folder: Path, cache: Path, mode: str) -> dict:
    env = {**os.environ, "INFOSYNTH_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", REBUILD, str(folder), mode], capture_output=True, text=True,
                          env=env, cwd=folder.parent, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the build forks only with a second core")
@pytest.mark.parametrize("mode", ["child-works", "child-fails"])
def test_a_rebuild_analyses_the_edited_note_beside_it_and_gets_what_a_build_here_gets(edited_folder, tmp_path,
                                                                                      monkeypatch, mode):
    from infosynth import pipeline

    here_cache = tmp_path / "cache-here"
    shutil.copytree(tmp_path / "cache", here_cache)
    monkeypatch.setattr(pipeline, "_fork_pays", lambda notes: False)
    here = infosynth.build(edited_folder, Config(cache_dir=here_cache))
    frame = here.snippets[["note", "line", "text", "categories", "theme"]].astype(str)

    beside = _rebuild_in_a_fresh_process(edited_folder, tmp_path / "cache", mode)
    assert beside["forks"] == [1]  # one changed note, sent to one child
    # The child's results were used (this process never needed spaCy), unless the child failed.
    assert beside["spacy_loaded_here"] == (mode == "child-fails")
    assert beside["cached"] == here.cached_notes == len(here.note_records) - 1
    assert beside["rows"] == frame.values.tolist()
    assert beside["themes"] == here.themes["label"].astype(str).tolist()
    assert any("night rota changes every quarter" in row[2] for row in beside["rows"])
    # What the child (or, when it failed, the build itself) computed was kept in the cache.
    again = _rebuild_in_a_fresh_process(edited_folder, tmp_path / "cache", "child-works")
    assert again["forks"] == [] and again["cached"] == len(here.note_records)
