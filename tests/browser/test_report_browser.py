"""The report in a real headless Chromium: it renders what the outputs hold, and letter text stays text;
it answers first ("What changed"), and works at a desktop (1280x800) and a phone (390x844) size.

Needs Debian's chromium at /usr/bin/chromium and Playwright for Python (`pip install playwright`; no
`playwright install`: we drive the system browser). Skipped, with the reason, when either is missing.
Set VNG_UPDATE_SCREENSHOT=1 to also refresh docs/report.png and docs/report-phone.png for the README.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.report import build_report
from tests.conftest import SHARED_CORPUS, real_letters

REPO = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = [pytest.param(DESKTOP, id="1280x800"), pytest.param(PHONE, id="390x844")]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")

pytestmark = pytest.mark.slow

INJECTED_LETTER = """Vereniging van Nederlandse Gemeenten

Datum
12 maart 2025

Onderwerp
Opvang <img src=x onerror="window.__pwned=1"> en spreiding

Geachte dames en heren,

Inleiding
De VNG maakt zich zorgen over de noodopvang in paviljoens. <script>window.__pwned=2;alert(1)</script> Gemeenten
kunnen de opvang niet langer dragen zonder extra middelen van het Rijk, en de druk op de
opvang loopt verder op.

Financiering
Wij vragen u de minister te verzoeken de financiering van de noodopvang <b>structureel</b> te
regelen. Zie ook <a href="https://example.org">deze link</a> & de bijlage <img src=x onerror=alert(3)>.

Met vriendelijke groet,
VNG
"""


def _analyze(corpus: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "pipeline", "analyze", str(corpus), "--out", str(out),
                           "--workers", "1"], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    build_report(out)
    return out


@pytest.fixture(scope="session")
def examples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _analyze(REPO / "corpora" / "examples", tmp_path_factory.mktemp("report") / "out")


@pytest.fixture(scope="session")
def real_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not real_letters():
        pytest.skip(f"the real letters are not at {SHARED_CORPUS}")
    return _analyze(SHARED_CORPUS, tmp_path_factory.mktemp("real") / "out")


@pytest.fixture(scope="session")
def injected_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("injection")
    (corpus / "brief_injectie.txt").write_text(INJECTED_LETTER, encoding="utf-8")
    return _analyze(corpus, corpus / "out")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page on a report with its console errors and dialogs recorded."""

    def __init__(self, browser: Any, out: Path, viewport: dict[str, int] | None = None) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport=viewport or {"width": 1280, "height": 1000})
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto((out / "report.html").as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=10_000)


@pytest.fixture
def page(browser: Any, examples_out: Path) -> Iterator[Page]:
    opened = Page(browser, examples_out)
    yield opened
    assert opened.errors == []
    opened.page.close()


@pytest.fixture(params=SIZES)
def sized(request: pytest.FixtureRequest, browser: Any, examples_out: Path) -> Iterator[Page]:
    """The example report at a desktop and at a phone size."""
    opened = Page(browser, examples_out, request.param)
    yield opened
    assert opened.errors == []
    opened.page.close()


def _draw_charts(p: Any) -> None:
    """Scroll every shown timeline chart into view: the report draws a chart when it comes near."""
    charts = p.locator(".tl-chart:not(.off)")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        sync_api.expect(charts.nth(i).locator("svg")).to_have_count(1)


def _in_viewport(p: Any, selector: str) -> bool:
    """The element's box overlaps the viewport (and has a size): the eye can see it without scrolling."""
    return p.eval_on_selector(selector, """n => { const r = n.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; }""")


def _letters(out: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "letters").glob("*.json"))]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def test_sections_render_with_the_counts_of_the_outputs(page: Page, examples_out: Path) -> None:
    p = page.page
    letters = _letters(examples_out)
    rows = p.eval_on_selector_all("details.letter", "ns => ns.map(n => [n.dataset.doc, "
                                  "n.querySelector('.n-passages').textContent, n.querySelector('.n-requests').textContent])")
    assert sorted(rows) == sorted([d["doc_id"], str(len(d["passages"])), str(len(d["requests"]))] for d in letters)

    positions = json.loads((examples_out / "positions.json").read_text(encoding="utf-8"))["targets"]
    count = "ns => ns.map(n => [n.dataset.target, n.querySelectorAll('.tl-point').length, " \
            "n.querySelectorAll('.tl-change').length])"
    # By default only measures in at least two letters (a single letter cannot show a shift) ...
    _draw_charts(p)
    shown = p.eval_on_selector_all(".tl-chart:not(.off)", count)
    assert sorted(shown) == sorted([name, len(t["timeline"]), len(t["change_points"])] for name, t in positions.items()
                                   if len(t["timeline"]) >= 2)
    assert any(len(t["timeline"]) < 2 for t in positions.values()), "the examples hold a one-letter measure"
    # ... and all of them behind the toggle.
    p.locator("#timeline-all").check()
    _draw_charts(p)
    charts = p.eval_on_selector_all(".tl-chart:not(.off)", count)
    assert sorted(charts) == sorted([name, len(t["timeline"]), len(t["change_points"])] for name, t in positions.items())
    assert any(changes for _, _, changes in charts), "the examples hold a change of stance"

    graph = json.loads((examples_out / "graph.json").read_text(encoding="utf-8"))
    assert p.locator(".g-node").count() == len(graph["nodes"]) > 0
    assert p.locator(".g-edge").count() == len(graph["edges"]) > 0

    with (examples_out / "requests.csv").open(encoding="utf-8", newline="") as stream:
        requests = list(csv.DictReader(stream))
    shown = p.eval_on_selector_all("#requests-table tbody tr", "rs => rs.map(r => r.cells[4].firstChild.textContent)")
    assert sorted(shown) == sorted(r["sentence"] for r in requests) and shown

    total = sum(len(d["passages"]) for d in letters)
    assert p.locator("#search-count").text_content() == f"Type words or choose a filter to search {total} passages."
    assert page.requests == [(examples_out / "report.html").as_uri()]  # nothing else is fetched


def test_clicking_an_edge_brings_its_evidence_into_view(sized: Page, examples_out: Path) -> None:
    p = sized.page
    graph = json.loads((examples_out / "graph.json").read_text(encoding="utf-8"))
    p.locator("#graph-view").scroll_into_view_if_needed()
    # A real mouse click on the middle of a curve (the centre of its bounding box may be off the line),
    # on the first edge that no other line or label covers there.
    index, x, y = p.evaluate("""() => {
        for (const group of document.querySelectorAll('.g-edge')) {
            const path = group.querySelector('.g-edge-hit');
            const at = path.getPointAtLength(path.getTotalLength() / 2);
            const point = new DOMPoint(at.x, at.y).matrixTransform(path.getScreenCTM());
            const hit = document.elementFromPoint(point.x, point.y);
            if (hit && hit.closest('.g-edge') === group) return [+group.dataset.i, point.x, point.y];
        }
        return [-1, 0, 0];
    }""")
    assert index >= 0, "every edge is covered at its middle"
    p.mouse.click(x, y)
    info = p.locator("#edge-info")
    assert info.is_visible()
    # Where the eye is: the evidence is inside the viewport without scrolling, and focus moved to it.
    assert _in_viewport(p, "#edge-info ol.evidence q")
    assert p.evaluate("!!document.activeElement.closest('#edge-info')")
    edge = p.locator(f".g-edge[data-i='{index}']")
    data = json.loads(p.locator("#vng-data").text_content())
    shown_edge = data["graph"]["edges"][index]
    nodes = data["graph"]["nodes"]
    (expected,) = [e for e in graph["edges"] if e["source"] == nodes[shown_edge["s"]]["id"]
                   and e["target"] == nodes[shown_edge["t"]]["id"] and e["relation"] == shown_edge["rel"]]
    assert info.locator("ol.evidence q").all_text_contents() == [ev["sentence"] for ev in expected["evidence"]]
    assert "selected" in edge.get_attribute("class")

    # Escape closes the panel and gives focus back to the edge.
    p.keyboard.press("Escape")
    assert not info.is_visible()
    assert p.evaluate("document.activeElement.classList.contains('g-edge')")
    p.mouse.click(x, y)
    # The evidence links to its passage, shown in the letters section.
    info.locator("a.passage-link").first.click()
    passage_id = expected["evidence"][0]["passage_id"]
    target = p.locator(f"[id='{passage_id}']")
    assert target.is_visible() and _in_viewport(p, f"[id='{passage_id}']")
    assert p.locator(f"details.letter[data-doc='{expected['evidence'][0]['doc_id']}']").get_attribute("open") is not None


def test_graph_filters_by_kind_and_letter(page: Page, examples_out: Path) -> None:
    p = page.page
    graph = json.loads((examples_out / "graph.json").read_text(encoding="utf-8"))
    kind = min(n["kind"] for n in graph["nodes"])  # whichever kinds the examples yield today
    kinds = {n["id"]: n["kind"] for n in graph["nodes"]}
    p.locator(f"#graph-kinds input[data-kind='{kind}']").uncheck()
    assert p.locator(".g-node:not(.off)").count() == sum(1 for n in graph["nodes"] if n["kind"] != kind)
    assert p.locator(".g-edge:not(.off)").count() == sum(
        1 for e in graph["edges"] if kind not in (kinds[e["source"]], kinds[e["target"]]))
    p.locator(f"#graph-kinds input[data-kind='{kind}']").check()
    doc = graph["edges"][0]["docs"][0]
    option = p.eval_on_selector("#graph-letter", f"""s => [...s.options].findIndex(o => o.value !== '' &&
        JSON.parse(document.getElementById('vng-data').textContent).letters[+o.value].id === {json.dumps(doc)})""")
    p.select_option("#graph-letter", index=option)
    assert p.locator(".g-edge:not(.off)").count() == sum(1 for e in graph["edges"] if doc in e["docs"])


def test_clicking_a_timeline_point_shows_its_passages(sized: Page, examples_out: Path) -> None:
    p = sized.page
    positions = json.loads((examples_out / "positions.json").read_text(encoding="utf-8"))["targets"]
    name, target = next((n, t) for n, t in sorted(positions.items()) if t["change_points"])
    change = target["change_points"][0]
    chart = p.locator(".tl-chart").filter(has=p.locator("h3", has_text=name)).first
    chart.scroll_into_view_if_needed()  # drawn when near the viewport
    chart.locator(f".tl-point[data-doc='{change['to_doc_id']}']").click()
    panel = chart.locator(".tl-panel")
    assert panel.is_visible()
    assert _in_viewport(p, f".tl-chart[data-target='{name}'] .tl-panel")
    texts = {p_["id"]: p_["text"] for d in _letters(examples_out) for p_ in d["passages"]}
    assert panel.locator(".ptext").all_text_contents() == [texts[i] for i in change["to_passages"]]
    assert f"{change['from']} \u2192 {change['to']}" in panel.locator(".change-note").text_content()


def test_search_filters_passages(page: Page, examples_out: Path) -> None:
    p = page.page
    passages = [x for d in _letters(examples_out) for x in d["passages"]]
    # Nothing is listed before a question is asked, and the count says what can be searched.
    assert p.locator("#search-results .passage").count() == 0
    assert p.locator("#search-count").text_content() == \
        f"Type words or choose a filter to search {len(passages)} passages."
    p.fill("#search-input", "Paviljoen")
    expected = [x for x in passages if "paviljoen" in _fold(x["text"])]
    # expect() polls from outside the page: the report's CSP forbids the eval of wait_for_function strings.
    sync_api.expect(p.locator("#search-count")).to_have_text(f"{len(expected)} passages of {len(passages)}")
    results = p.locator("#search-results .passage")
    assert results.count() == len(expected) > 0
    assert p.locator("#search-results .passage mark").count() >= len(expected)
    assert sorted(results.locator(".ptext").all_text_contents()) == sorted(x["text"] for x in expected)

    p.select_option("#search-stance", "kritisch")
    critical = [x for x in expected if x["stance"] == "kritisch"]
    assert results.count() == len(critical)


def test_letter_passages_open_on_click(page: Page, examples_out: Path) -> None:
    p = page.page
    letter = _letters(examples_out)[0]
    details = p.locator(f"details.letter[data-doc='{letter['doc_id']}']")
    details.locator("summary").click()
    # The passages are rendered on the `toggle` event, which fires after the click returns: poll.
    sync_api.expect(details.locator(".passage .ptext")).to_have_text([x["text"] for x in letter["passages"]])


def test_injected_markup_renders_as_text(browser: Any, injected_out: Path, tmp_path: Path) -> None:
    opened = Page(browser, injected_out)
    p = opened.page
    (letter,) = _letters(injected_out)
    assert "<script>" in letter["passages"][0]["text"]  # the pipeline kept the text: a real test
    p.locator("details.letter summary").first.click()
    p.fill("#search-input", "pwned")
    sync_api.expect(p.locator("#search-count")).to_have_text(f"1 passage of {len(letter['passages'])}")
    assert p.locator("main img, main script, main b, main a[href^='http']").count() == 0
    assert p.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    shown = p.locator(f"[id='{letter['passages'][0]['id']}'] .ptext").text_content()
    assert shown == letter["passages"][0]["text"]
    assert "<script>window.__pwned=2;alert(1)</script>" in p.locator("#search-results .ptext").text_content()
    assert p.locator("details.letter .title").text_content() == letter["title"]
    assert "<img src=x" in letter["title"]
    assert p.locator("#requests-table tbody tr").count() == len(letter["requests"])
    p.screenshot(path=str(tmp_path / "injection.png"), full_page=True)
    assert opened.errors == []
    p.close()


@pytest.mark.parametrize("viewport", SIZES)
def test_screenshots(browser: Any, examples_out: Path, tmp_path: Path, viewport: dict[str, int]) -> None:
    """Pictures of the top of the page for the README (desktop and phone): banner, What changed, letters."""
    opened = Page(browser, examples_out, viewport)
    p = opened.page
    name = "report.png" if viewport["width"] > 600 else "report-phone.png"
    shot = tmp_path / name
    height = min(p.evaluate("document.documentElement.scrollHeight"), 3400 if viewport["width"] > 600 else 3000)
    p.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
    assert shot.stat().st_size > 10_000
    assert opened.errors == []
    if os.environ.get("VNG_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, REPO / "docs" / name)
    p.close()


# ---------- answers first, phones and accessibility (at 1280x800 and 390x844) ----------

def _no_horizontal_scroll(p: Any) -> None:
    width = p.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert max(width[:2]) <= width[2], width
    p.evaluate("window.scrollTo(10000, 0)")
    assert p.evaluate("window.scrollX") == 0


def test_no_horizontal_page_scroll(sized: Page) -> None:
    p = sized.page
    _no_horizontal_scroll(p)
    # Opened content must not widen the page either: a letter, a timeline panel, a search, the side panel.
    p.locator("details.letter summary").first.click()
    p.locator(".tl-chart:not(.off) .tl-point").first.click()
    p.fill("#search-input", "de")
    sync_api.expect(p.locator("#search-results .passage").first).to_be_visible()
    p.locator(".g-edge").first.dispatch_event("click")
    _no_horizontal_scroll(p)


@pytest.mark.parametrize("viewport", SIZES)
def test_no_horizontal_page_scroll_on_the_real_letters(browser: Any, real_out: Path, viewport: dict[str, int]) -> None:
    opened = Page(browser, real_out, viewport)
    _no_horizontal_scroll(opened.page)
    assert opened.errors == []
    # The real letters are not marked fictional: no banner.
    assert not opened.page.locator("#fictional").is_visible()
    opened.page.close()


def test_every_nav_link_is_visible_and_leads_to_its_section(sized: Page) -> None:
    p = sized.page
    links = p.locator(".nav a")
    hrefs = links.evaluate_all("ns => ns.map(n => n.getAttribute('href'))")
    assert hrefs == ["#changes", "#letters", "#timeline", "#graph", "#requests", "#search"]
    for href in hrefs:
        link = p.locator(f".nav a[href='{href}']")
        assert _in_viewport(p, f".nav a[href='{href}']"), href
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= p.viewport_size["width"], href  # not cut off
        link.click()
        assert _in_viewport(p, href), href
        assert p.evaluate("location.hash") == href
        # The section's heading is not hidden under the sticky nav.
        nav_bottom = p.eval_on_selector(".nav", "n => n.getBoundingClientRect().bottom")
        heading = p.eval_on_selector(f"{href} h2", "n => n.getBoundingClientRect().top")
        assert heading >= nav_bottom - 1 or p.evaluate("innerHeight + scrollY >= document.documentElement.scrollHeight - 1")


def test_what_changed_lists_exactly_the_confident_changes(sized: Page, examples_out: Path) -> None:
    p = sized.page
    positions = json.loads((examples_out / "positions.json").read_text(encoding="utf-8"))["targets"]
    changes = [c for t in positions.values() for c in t["change_points"]]
    confident = [c for c in changes if c["confident"]]
    assert confident and len(confident) < len(changes), "the examples hold confident and less certain changes"
    while p.locator("#changes-more button").count():
        p.locator("#changes-more button").click()
    shown = p.eval_on_selector_all("#changes-list li.change",
                                   "ns => ns.map(n => [n.dataset.target, n.dataset.fromDoc, n.dataset.toDoc])")
    assert sorted(shown) == sorted([c["target"], c["from_doc_id"], c["to_doc_id"]] for c in confident)
    dates = {(c["target"], c["to_doc_id"]): c["to_date"] for c in confident}
    order = [dates[(t, d)] for t, _, d in shown]
    assert order == sorted(order, reverse=True)  # newest first
    # Each lists the stances on both sides and quotes the passages behind them.
    texts = {x["id"]: x["text"] for d in _letters(examples_out) for x in d["passages"]}
    first = p.locator("#changes-list li.change").first
    (change,) = [c for c in confident if [c["target"], c["from_doc_id"], c["to_doc_id"]] == shown[0]]
    assert f"{change['from']}" in first.locator("h3").text_content() and change["to"] in first.locator("h3").text_content()
    quoted = first.locator(".side q").all_text_contents()
    assert len(quoted) == 2
    for side, passage_ids in zip(quoted, (change["from_passages"], change["to_passages"]), strict=False):
        assert texts[passage_ids[0]].startswith(side.rstrip("\u2026"))
    # The count says how many less certain ones are left to the timelines.
    assert f"{len(changes) - len(confident)} less certain" in p.locator("#changes-count").text_content()
    # "What changed" comes first.
    sections = p.eval_on_selector_all("main > section", "ns => ns.map(n => n.id)")
    assert sections[0] == "changes"


def test_fictional_banner_on_the_examples(sized: Page, examples_out: Path) -> None:
    banner = sized.page.locator("#fictional")
    assert banner.is_visible() and _in_viewport(sized.page, "#fictional")
    assert "FICTIEF VOORBEELD" in banner.text_content()
    assert all(d["fictional"] for d in _letters(examples_out))


def test_chart_labels_are_readable_on_a_phone(browser: Any, examples_out: Path) -> None:
    opened = Page(browser, examples_out, PHONE)
    p = opened.page
    p.locator("#timeline-all").check()
    _draw_charts(p)
    sizes = p.evaluate("""() => [...document.querySelectorAll('.tl-chart svg text, #graph-view svg text')].map(t => {
        const scale = t.ownerSVGElement.getScreenCTM().a;
        return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale, t.getBoundingClientRect().height];
    })""")
    assert len(sizes) > 50
    small = [(label, round(size, 2)) for label, size, _ in sizes if size < 10]
    assert not small, small[:10]
    # The axes show the letters' dates, not only years.
    dates = p.eval_on_selector_all(".tl-chart .tl-date", "ns => ns.map(n => n.textContent)")
    assert dates and all(len(d.lstrip("\u2248 ")) == 10 for d in dates if d != "no date")
    assert opened.errors == []
    opened.page.close()


def test_stance_is_not_carried_by_colour_alone(page: Page) -> None:
    p = page.page
    p.locator("#timeline-all").check()
    _draw_charts(p)
    marks = p.eval_on_selector_all(".tl-point", "ns => ns.map(n => [n.getAttribute('class'), n.getAttribute('d'), "
                                   "n.getAttribute('aria-label')])")
    shapes: dict[str, set[str]] = {}
    for cls, path, label in marks:
        stance = next(s for s in ("kritisch", "neutraal", "steunend") if f"fill-{s}" in cls)
        assert stance in label
        # The shape's outline, independent of where it stands: its commands and relative steps.
        shapes.setdefault(stance, set()).add("".join(c for c in path if c.isalpha()))
    assert len(shapes) == 3
    assert shapes["neutraal"].isdisjoint(shapes["kritisch"] | shapes["steunend"])
    kritisch = p.locator(".fill-kritisch").first.get_attribute("d")
    steunend = p.locator(".fill-steunend").first.get_attribute("d")
    # Triangles pointing down and up: the first vertex lies below / above the centre line.
    assert float(kritisch.split(",")[1].split(" ")[0]) > float(kritisch.split(" L")[1].split(",")[1])
    assert float(steunend.split(",")[1].split(" ")[0]) < float(steunend.split(" L")[1].split(",")[1])
    badges = p.locator(".badge[class*='st-']").all_text_contents()
    assert badges and all(any(s in b for s in ("kritisch", "neutraal", "steunend")) for b in badges)


def test_tap_targets_and_visible_focus_on_a_phone(browser: Any, examples_out: Path) -> None:
    opened = Page(browser, examples_out, PHONE)
    p = opened.page
    heights = p.evaluate("""() => [...document.querySelectorAll(
        '.nav a, details.letter > summary, .controls label, button, select')].filter(n => n.offsetParent !== null)
        .map(n => [n.tagName + ' ' + (n.textContent || '').trim().slice(0, 30), n.getBoundingClientRect().height])""")
    assert heights
    low = [(name, h) for name, h in heights if h < 44]
    assert not low, low
    p.keyboard.press("Tab")
    p.keyboard.press("Tab")  # past the banner text to the nav (the first focusable elements are the nav links)
    focused = p.evaluate("""() => { const n = document.activeElement; const s = getComputedStyle(n);
        return [n.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert focused[0] == "A" and focused[1] != "none" and focused[2] >= 2, focused
    assert opened.errors == []
    opened.page.close()


def test_inferred_dates_are_marked(browser: Any, real_out: Path) -> None:
    letters = _letters(real_out)
    inferred = [d["doc_id"] for d in letters if d["date_source"] == "inferred"]
    if not inferred:
        pytest.skip("no real letter has an inferred date today")
    opened = Page(browser, real_out)
    p = opened.page
    for doc_id in inferred:
        date = p.locator(f"details.letter[data-doc='{doc_id}'] .date")
        assert "inferred" in date.get_attribute("class") and date.text_content().startswith("\u2248")
        assert "inferred" in p.locator(f"details.letter[data-doc='{doc_id}'] .dsrc").text_content()
    explicit = [d["doc_id"] for d in letters if d["date_source"] == "explicit"]
    for doc_id in explicit:
        assert not p.locator(f"details.letter[data-doc='{doc_id}'] .date").text_content().startswith("\u2248")
    assert opened.errors == []
    opened.page.close()
