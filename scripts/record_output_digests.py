"""Record the SHA-256 of every file a build of sample_notes writes (tests/data/output_digests.json).

    python scripts/record_output_digests.py          # after a change that is meant to alter the outputs
    python scripts/record_output_digests.py --check  # compare a fresh build with the recorded digests

tests/test_output_digests.py rebuilds the sample notes (with --share) and fails when any output's bytes differ
from what is recorded here: a refactoring must leave every output as it was. When a change is meant to alter
what a build writes, run this script, look at `git diff tests/data/output_digests.json` (which files changed),
and commit the new digests with the change.

The build is pinned so that the digests hold on any day and machine set-up: SOURCE_DATE_EPOCH fixes "today"
(the report's date, the plan's quarters, what is overdue) and INFOSYNTH_SPACY_MODEL=blank the spaCy pipeline.
Floating-point results of the sentence encoder can differ between processor families (ONNX Runtime picks its
kernels by the vector instructions the processor has: AVX2, AVX-512, VNNI, AMX), so the digests record the machine,
those instruction sets and ONNX Runtime they were made with; the test is skipped elsewhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "tests" / "data" / "output_digests.json"
SOURCE_DATE_EPOCH = "1780272000"  # 2026-06-01 UTC
SKIPPED = {".infosynth.lock"}  # the output folder's lock file: empty, and about the build, not its results


# The processor features ONNX Runtime chooses its kernels by: machines that differ in these may compute other bits.
KERNEL_FEATURES = ("avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni",
                   "avx512_bf16", "amx_tile", "amx_int8", "asimd", "asimddp", "sve")


def cpu_features() -> str:
    """The kernel-relevant instruction sets this processor reports (Linux), or "" where that can't be read."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    flags: set[str] = set()
    for line in info.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"flags", "Features"}:
            flags.update(value.split())
    return " ".join(f for f in KERNEL_FEATURES if f in flags)


def platform_key() -> dict[str, str]:
    import onnxruntime

    return {"machine": platform.machine(), "cpu": cpu_features(), "onnxruntime": onnxruntime.__version__}


def build_digests(out: Path) -> dict[str, str]:
    """Build sample_notes (with the shared copy) into ``out``; SHA-256 of each file written, by relative path."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "INFOSYNTH_SPACY_MODEL": "blank",
           "INFOSYNTH_CACHE_DIR": str(out.parent / "cache"), "PYTHONPATH": str(ROOT)}
    env.pop("INFOSYNTH_JOBS", None)
    subprocess.run([sys.executable, "-m", "infosynth", "build", str(ROOT / "sample_notes"), "--out", str(out),
                    "--share", "--no-cache", "-q", "-j", "1"], check=True, env=env, cwd=ROOT)
    return {path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*")) if path.is_file() and path.name not in SKIPPED}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the recorded digests instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        digests = build_digests(Path(tmp) / "out")
    if args.check:
        recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))["files"]
        changed = sorted(k for k in recorded.keys() | digests.keys() if recorded.get(k) != digests.get(k))
        print("\n".join(changed) or "every output as recorded")
        return 1 if changed else 0
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text(json.dumps({"platform": platform_key(), "source_date_epoch": SOURCE_DATE_EPOCH,
                                   "files": digests}, indent=2) + "\n", encoding="utf-8")
    print(f"recorded {len(digests)} files in {DIGESTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
