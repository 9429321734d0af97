#!/usr/bin/env python3
"""Print a page of a build to A4 PDF in headless Chromium and say how it came out on paper.

    python scripts/print_check.py reports/shared/mentor.html              # → mentor.pdf, mentor-page-1.png, ...
    python scripts/print_check.py reports/shared/mentor.html --max-pages 4 --min-fill 0.2

Prints the page count and how full each page is (the share of the printed area down to its last ink), writes a PNG
of every page beside the PDF, and exits 1 when there are more pages than ``--max-pages`` or a page is less full
than ``--min-fill``. Needs ``playwright`` with a system Chromium (see screenshot_report.py) and ``pypdfium2``
(``pip install -e ".[test]"``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot_report import CHROMIUM_ARGS, find_chromium  # noqa: E402

INK = 235  # a pixel darker than this (0-255 grey) is ink; the page's panel shading (#f5f7fa) is lighter


def print_pdf(html: Path, pdf: Path, browser=None) -> Path:
    """``html`` printed to ``pdf`` (A4, backgrounds on) by Chromium, with every network request refused."""
    from playwright.sync_api import sync_playwright

    def run(instance) -> None:
        page = instance.new_page()
        url = html.resolve().as_uri()
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.goto(url)
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        page.close()

    if browser is not None:
        run(browser)
        return pdf
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found: install the 'chromium' package or set CHROMIUM=/path/to/chrome")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        run(instance)
        instance.close()
    return pdf


def pages(pdf: Path, scale: float = 1.0) -> list:
    """Every page of ``pdf`` as a PIL image (``scale`` 1 = 72 dpi)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].render(scale=scale).to_pil() for i in range(len(document))]
    finally:
        document.close()


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, whitespace collapsed (a line may break inside a word: compare without spaces)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for i in range(len(document)):
            textpage = document[i].get_textpage()
            # pdfium marks a hyphen that ends a line as U+FFFE (or U+0002): it is the hyphen that was printed
            text = textpage.get_text_range().replace("\ufffe", "-").replace("\x02", "-")
            texts.append(" ".join(text.split()))
            textpage.close()
        return texts
    finally:
        document.close()


def _ink_rows(image) -> tuple[int, int] | None:
    """First and last pixel row holding ink, or None for a blank page."""
    image = image.convert("L")
    width, height = image.size
    data = image.load()
    rows = [y for y in range(height) if any(data[x, y] < INK for x in range(0, width, 2))]
    return (rows[0], rows[-1]) if rows else None


def fullness(images: list) -> list[float]:
    """How full each page is: from the top of the printed area to the page's last ink, as a share of the printed
    area's height. The printed area is where ink falls on any page (the page margins are never inked)."""
    spans = [_ink_rows(image) for image in images]
    inked = [s for s in spans if s]
    if not inked:
        return [0.0] * len(images)
    top, bottom = min(s[0] for s in inked), max(s[1] for s in inked)
    height = max(1, bottom - top)
    return [round((s[1] - top) / height, 3) if s else 0.0 for s in spans]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the page to print, e.g. reports/shared/mentor.html")
    parser.add_argument("--max-pages", type=int, default=0, help="fail when the PDF has more pages than this")
    parser.add_argument("--min-fill", type=float, default=0.0, help="fail when a page is less full than this (0-1)")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html} not found; run `infosynth build NOTES_DIR --share` first", file=sys.stderr)
        return 2
    pdf = print_pdf(args.html, args.html.with_suffix(".pdf"))
    images = pages(pdf, scale=1.5)
    full = fullness(images)
    for number, image in enumerate(images, 1):
        png = args.html.with_name(f"{args.html.stem}-page-{number}.png")
        image.save(png)
        print(f"page {number}: {full[number - 1]:.0%} full → {png}")
    print(f"{pdf}: {len(images)} A4 page{'s' * (len(images) != 1)}")
    failed = (args.max_pages and len(images) > args.max_pages) or any(f < args.min_fill for f in full)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
