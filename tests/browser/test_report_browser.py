"""The report in a real headless Chromium: it renders what the outputs hold, and letter text stays text.

Needs Debian's chromium at /usr/bin/chromium and Playwright for Python (`pip install playwright`; no
`playwright install`: we drive the system browser). Skipped, with the reason, when either is missing.
Set VNG_UPDATE_SCREENSHOT=1 to also refresh docs/report.png for the README.
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

REPO = Path(__file__).resolve().parents[2]
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
    return _analyze(REPO / "corpora", tmp_path_factory.mktemp("report") / "out")


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

    def __init__(self, browser: Any, out: Path) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 1000})
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto((out / "report.html").as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=10_000)


@pytest.fixture()
def page(browser: Any, examples_out: Path) -> Iterator[Page]:
    opened = Page(browser, examples_out)
    yield opened
    assert opened.errors == []
    opened.page.close()


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
    charts = p.eval_on_selector_all(".tl-chart", "ns => ns.map(n => [n.dataset.target, "
                                    "n.querySelectorAll('.tl-point').length, n.querySelectorAll('.tl-change').length])")
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
    assert p.locator("#search-count").text_content() == f"{total} passages of {total}"
    assert page.requests == [(examples_out / "report.html").as_uri()]  # nothing else is fetched


def test_clicking_an_edge_shows_its_evidence(page: Page, examples_out: Path) -> None:
    p = page.page
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
    edge = p.locator(f".g-edge[data-i='{index}']")
    data = json.loads(p.locator("#vng-data").text_content())
    shown_edge = data["graph"]["edges"][index]
    nodes = data["graph"]["nodes"]
    (expected,) = [e for e in graph["edges"] if e["source"] == nodes[shown_edge["s"]]["id"]
                   and e["target"] == nodes[shown_edge["t"]]["id"] and e["relation"] == shown_edge["rel"]]
    assert info.locator("ol.evidence q").all_text_contents() == [ev["sentence"] for ev in expected["evidence"]]
    assert "selected" in edge.get_attribute("class")

    # The evidence links to its passage, shown in the letters section.
    info.locator("a.passage-link").first.click()
    passage_id = expected["evidence"][0]["passage_id"]
    target = p.locator(f"[id='{passage_id}']")
    assert target.is_visible()
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


def test_clicking_a_timeline_point_shows_its_passages(page: Page, examples_out: Path) -> None:
    p = page.page
    positions = json.loads((examples_out / "positions.json").read_text(encoding="utf-8"))["targets"]
    name, target = next((n, t) for n, t in sorted(positions.items()) if t["change_points"])
    change = target["change_points"][0]
    chart = p.locator(".tl-chart").filter(has=p.locator("h3", has_text=name)).first
    chart.locator(f".tl-point[data-doc='{change['to_doc_id']}']").click()
    panel = chart.locator(".tl-panel")
    assert panel.is_visible()
    texts = {p_["id"]: p_["text"] for d in _letters(examples_out) for p_ in d["passages"]}
    assert panel.locator(".ptext").all_text_contents() == [texts[i] for i in change["to_passages"]]
    assert f"{change['from']} \u2192 {change['to']}" in panel.locator(".change-note").text_content()


def test_search_filters_passages(page: Page, examples_out: Path) -> None:
    p = page.page
    passages = [x for d in _letters(examples_out) for x in d["passages"]]
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


def test_screenshot(page: Page, tmp_path: Path) -> None:
    """One picture of the page for the README: letters, one measure's timeline with a point opened, graph."""
    p = page.page
    first = p.locator(".tl-chart").first
    p.fill("#timeline-filter", first.get_attribute("data-target"))
    changed = first.locator(".tl-point").nth(-1)
    changed.click()
    p.locator("#graph .g-edge").first.dispatch_event("click")
    bottom = p.evaluate("document.getElementById('edge-info').getBoundingClientRect().bottom + window.scrollY")
    shot = tmp_path / "report.png"
    p.screenshot(path=str(shot), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": bottom + 16})
    assert shot.stat().st_size > 10_000
    if os.environ.get("VNG_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, REPO / "docs" / "report.png")
