#!/usr/bin/env python3
"""Render OUT_DIR/report.html in headless Chromium: a full-page screenshot and the printed PDF.

    python scripts/screenshot_report.py reports            # → reports/report.png, reports/report.pdf
    python scripts/screenshot_report.py reports --width 800

Needs the ``playwright`` Python package and a Chromium binary (``/usr/bin/chromium`` from the Debian package
``chromium``, or set ``CHROMIUM=/path/to/chrome``); Playwright's own browser download is not used. Network
access is blocked while the page loads: the report must not need any.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM, else the first of the usual names on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def capture(report: Path, width: int = 1100) -> tuple[Path, Path, list[str]]:
    """Write report.png and report.pdf beside ``report``; return their paths and any blocked requests."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: install the 'chromium' package or set CHROMIUM=/path/to/chrome")
    png, pdf = report.with_suffix(".png"), report.with_suffix(".pdf")
    blocked: list[str] = []
    url = report.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})

        def guard(route):
            if route.request.url == url:
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.goto(url)
        page.screenshot(path=str(png), full_page=True)
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True)
        browser.close()
    return png, pdf, blocked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder holding report.html (the --out of infosynth build)")
    parser.add_argument("--width", type=int, default=1100, help="viewport width in CSS pixels (default 1100)")
    args = parser.parse_args(argv)
    report = args.out_dir / "report.html"
    if not report.is_file():
        print(f"{report} not found; run `infosynth build NOTES_DIR --out {args.out_dir}` first", file=sys.stderr)
        return 2
    png, pdf, blocked = capture(report, args.width)
    print(f"wrote {png} and {pdf}")
    if blocked:
        print("the report tried to load: " + ", ".join(blocked), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
