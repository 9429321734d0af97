"""report.html of sample_notes/ in a real headless Chromium: no errors, no network, every section, visible charts,
readable colours, and hostile note text that runs nothing.

Needs the ``playwright`` package and a system Chromium (Debian package ``chromium``); Playwright's own browser
download is not used. Without them the tests are skipped, except under CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SECTION_IDS = ["summary", "goals", "coverage", "themes", "skills", "paths", "plan", "questions", "pipeline",
               "interviews", "warnings"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
HOSTILE_NOTE = """---
person: Quinn <script>window.__pwned = 1; alert("name")</script> Avery
role: Paralegal
date: 2026-06-30
status: done
---

## Day to day
- Drafts discovery requests <script>window.__pwned = 2; alert(document.title)</script> most mornings
- Keeps a tickler file of court deadlines <img src=x onerror="window.__pwned = 3; alert(1)"> in a shared calendar
- Says the culture is <b onmouseover="window.__pwned = 4">formal</b> but the partners mentor juniors closely
"""

# Text contrast of every visible element with its own text, against the nearest opaque background behind it.
CONTRAST_JS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                      .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (; el && el.nodeType === 1; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg')) continue;  // chart text: checked by the unit tests of the chart geometry
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}
"""


def _chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    chromium = _chromium()
    if chromium is None:
        _unavailable("no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """sample_notes/ plus one note full of markup, built and rendered with its shared copy."""
    from infosynth.pipeline import build

    notes = tmp_path_factory.mktemp("notes") / "sample_notes"
    shutil.copytree(ROOT / "sample_notes", notes)
    (notes / "2026-06-30-quinn-paralegal.md").write_text(HOSTILE_NOTE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build(notes, cache=False).render(out, share=True)
    return out / "report.html"


@pytest.fixture(scope="module")
def mentor(report) -> Path:
    return report.parent / "shared" / "mentor.html"


@pytest.fixture(scope="module")
def loaded(browser, report):
    """The page after loading, with everything it logged and requested."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    url = report.as_uri()
    events = {"console": [], "errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: events["console"].append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url) if r.url != url else None)
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page.goto(url, wait_until="load")
    page.screenshot(path=str(report.parent / "browser.png"), full_page=True)
    yield page, events
    page.close()


def test_loads_without_errors_or_network(loaded):
    page, events = loaded
    assert events["console"] == [] and events["errors"] == []
    assert events["requests"] == [], "the report must not fetch anything"


def test_every_section_is_present_with_a_heading(loaded):
    page, _ = loaded
    for section in SECTION_IDS:
        heading = page.locator(f"section#{section} h2")
        assert heading.count() == 1 and heading.is_visible(), section
        assert heading.inner_text().strip()
    assert page.locator("#themes article.theme").count() >= 2
    assert page.locator("#interviews article.interview").count() >= 10


def test_charts_are_drawn(loaded):
    page, _ = loaded
    charts = page.locator(".chart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 20
    bars = page.locator("#skills-chart .bar")
    assert bars.count() >= 5 and all(bars.nth(i).bounding_box()["width"] > 1 for i in range(bars.count()))
    heat_cells = page.locator("#coverage-chart td.heat-cell")
    assert heat_cells.count() >= 4 * 10
    assert heat_cells.first.bounding_box()["width"] > 0


def test_hostile_note_runs_nothing(loaded):
    page, events = loaded
    assert events["dialogs"] == []
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    assert page.get_by_text("Drafts discovery requests <script>", exact=False).count() >= 1


def test_text_is_readable_and_focus_is_visible(loaded):
    page, _ = loaded
    assert page.evaluate(CONTRAST_JS) == []
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # moved on screen when focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_fits_a_phone_screen_without_sideways_scrolling(browser, report):
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.route("**/*", lambda route: route.continue_() if route.request.url == report.as_uri() else route.abort())
    page.goto(report.as_uri())
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.close()


# Table cells holding one short word ("steady", "required", "Excel") whose word is drawn on more than one line.
SPLIT_WORDS_JS = """
() => [...document.querySelectorAll('table.data td')].filter(td => {
  const text = td.textContent.trim();
  if (!text || /\\s/.test(text) || text.length > 14) return false;
  const range = document.createRange();
  range.selectNodeContents(td);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
}).map(td => td.textContent.trim())
"""


@pytest.mark.parametrize("width", [400, 1100])
def test_a_short_word_in_a_table_is_never_broken_across_lines(browser, report, width):
    # "stead" / "y" in the Trend column reads as a typo; a wide table scrolls inside its frame instead.
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url == report.as_uri() else route.abort())
    page.goto(report.as_uri())
    assert page.evaluate(SPLIT_WORDS_JS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.close()


# Every visible piece of text, with the size it is drawn at: the computed font size, scaled by any SVG transform.
# Closed <details> are opened first: their text is one click away.
FONT_SIZES_JS = """
() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    const box = el.getBoundingClientRect();
    if (!rects.length || box.width <= 1 || box.height <= 1) continue;  // not drawn, or visually hidden
    let size = parseFloat(style.fontSize);
    if (el.closest('svg') && el.getScreenCTM) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    found.push([size, el.tagName + '.' + el.className, node.textContent.trim().slice(0, 40)]);
  }
  return found;
}
"""


@pytest.mark.parametrize("which", ["report", "mentor"])
def test_no_text_is_smaller_than_11px_on_a_phone(browser, report, mentor, which):
    path = report if which == "report" else mentor
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    page.goto(path.as_uri())
    sizes = page.evaluate(FONT_SIZES_JS)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    page.close()
    assert len(sizes) > 100
    small = [s for s in sizes if s[0] < 11]
    assert not small, small[:10]


def _print_check():
    import importlib.util

    spec = importlib.util.spec_from_file_location("print_check", ROOT / "scripts" / "print_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mentor_page_prints_on_at_most_four_full_a4_pages_with_cards_whole(browser, mentor):
    pytest.importorskip("pypdfium2")
    from bs4 import BeautifulSoup

    check = _print_check()
    pdf = check.print_pdf(mentor, mentor.with_suffix(".pdf"), browser=browser)
    images = check.pages(pdf)
    fullness = check.fullness(images)
    assert 2 <= len(images) <= 4, fullness
    assert min(fullness) >= 0.2, fullness  # no nearly blank page
    texts = ["".join(text.split()) for text in check.page_texts(pdf)]  # line breaks may fall anywhere
    soup = BeautifulSoup(mentor.read_text(encoding="utf-8"), "html.parser")
    cards = soup.select("article.theme, li.gap")
    assert cards
    for card in cards:
        # a card is whole when its heading and the source of its last quote are on the same page
        head = "".join(card.h3.get_text().split())[:30]
        tail = "".join(card.select(".source")[-1].get_text().split())
        pages_of = [i for i, text in enumerate(texts) if head in text], [i for i, text in enumerate(texts) if tail in text]
        assert pages_of[0] and set(pages_of[0]) & set(pages_of[1]), (head, tail, pages_of)
