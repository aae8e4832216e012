"""The HTML report from a small hand-written OUT_DIR: self-contained, deterministic, injection-proof."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError
from pipeline.graph import graph_from_node_link
from pipeline.report import build_report, collect, embed_json
from pipeline.report.layout import layered_layout

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
DATA_BLOCK = re.compile(r'<script type="application/json" id="vng-data">(.*?)</script>', re.S)

STANCE_SCORES = {"kritisch": {"kritisch": 0.8, "neutraal": 0.15, "steunend": 0.05},
                 "steunend": {"kritisch": 0.05, "neutraal": 0.15, "steunend": 0.8}}


def _passage(doc_id: str, n: int, text: str, stance: str, targets: list[str], request: bool = False) -> dict[str, Any]:
    return {"id": f"{doc_id}#p{n:03d}", "section": "Opvang", "text": text, "page": None, "kind": "paragraph",
            "themes": ["opvang"], "theme_scores": {"opvang": 0.9}, "stance": stance,
            "stance_scores": STANCE_SCORES[stance], "request": request, "targets": targets}


def _letter(doc_id: str, date: str | None, title: str, passages: list[dict[str, Any]],
            requests: list[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "sha256": "0" * 64, "date": date, "date_source": "explicit",
            "doc_type": "kamerbrief", "title": title, "passages": passages, "entities": [], "claims": [],
            "requests": list(requests)}


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2), encoding="utf-8")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    a, b, c = "brief_a", "brief_b", "brief_c"
    letters = [
        _letter(a, "2024-04-18", "Inbreng paviljoens", [
            _passage(a, 1, "De VNG steunt noodopvang in paviljoens.", "steunend", ["noodopvang"]),
            _passage(a, 2, "Wij vragen u om een termijn van twaalf maanden.", "steunend", ["noodopvang"], request=True),
        ], [{"addressee": "Tweede Kamer", "doc_id": a, "passage_id": f"{a}#p002",
             "sentence": "Wij vragen u om een termijn van twaalf maanden.", "targets": ["noodopvang"]}]),
        _letter(b, "2025-11-13", f"Evaluatie {IMG}", [
            _passage(b, 1, f"Paviljoens leiden tot overbewoning. {SCRIPT} {IMG} </script><!-- & done", "kritisch",
                     ["noodopvang"]),
        ]),
        _letter(c, None, "Zonder datum", [
            _passage(c, 1, 'Een brief zonder datum, zie <a href="https://example.org/x">hier</a>.', "kritisch", [])]),
    ]
    for letter in letters:
        _write(out / "letters" / f"{letter['doc_id']}.json", letter)
    _write(out / "graph.json", {
        "directed": True, "multigraph": True, "graph": {},
        "nodes": [
            {"id": "gemeentetaak:zorg", "kind": "gemeentetaak", "label": "zorg", "mentions": 2,
             "first_seen": "2025-11-13", "last_seen": "2025-11-13"},
            {"id": "maatregel:noodopvang", "kind": "maatregel", "label": "noodopvang", "mentions": 3,
             "first_seen": "2024-04-18", "last_seen": "2025-11-13"},
            {"id": "risico:overbewoning", "kind": "risico", "label": f"overbewoning {SCRIPT}", "mentions": 1,
             "first_seen": "2025-11-13", "last_seen": "2025-11-13"},
        ],
        "edges": [
            {"source": "maatregel:noodopvang", "target": "risico:overbewoning", "key": "leidt_tot",
             "relation": "leidt_tot", "weight": 1, "docs": [b], "first_seen": "2025-11-13", "last_seen": "2025-11-13",
             "stances": {"kritisch": 1},
             "evidence": [{"doc_id": b, "passage_id": f"{b}#p001", "sentence": f"Paviljoens leiden tot overbewoning. {SCRIPT}"}]},
            {"source": "risico:overbewoning", "target": "gemeentetaak:zorg", "key": "raakt", "relation": "raakt",
             "weight": 1, "docs": [b], "first_seen": "2025-11-13", "last_seen": "2025-11-13", "stances": {},
             "evidence": [{"doc_id": b, "passage_id": f"{b}#p001", "sentence": "Dat raakt de zorg."}]},
        ],
    })
    _write(out / "positions.json", {"undated": [c], "targets": {"noodopvang": {
        "timeline": [
            {"target": "noodopvang", "date": "2024-04-18", "doc_id": a, "stance": "steunend", "confidence": 0.8,
             "scores": STANCE_SCORES["steunend"], "passage_ids": [f"{a}#p001", f"{a}#p002"]},
            {"target": "noodopvang", "date": "2025-11-13", "doc_id": b, "stance": "kritisch", "confidence": 0.8,
             "scores": STANCE_SCORES["kritisch"], "passage_ids": [f"{b}#p001"]},
        ],
        "change_points": [{"target": "noodopvang", "from": "steunend", "to": "kritisch", "confident": True, "from_doc_id": a,
                           "to_doc_id": b, "from_date": "2024-04-18", "to_date": "2025-11-13",
                           "from_passages": [f"{a}#p001"], "to_passages": [f"{b}#p001"]}],
    }}})
    _write(out / "manifest.json", {"version": "0.1.0", "started": "2026-01-01T00:00:00+00:00",
                                   "finished": "2026-01-01T00:00:05+00:00", "counts": {"ok": 3, "failed": 1, "skipped": 0},
                                   "files": [{"source": "kapot.pdf", "status": "failed", "error": "damaged"}]})
    return out


def _data_block(html: str) -> str:
    (block,) = DATA_BLOCK.findall(html)
    return block


def test_writes_one_self_contained_file(out_dir: Path) -> None:
    path = build_report(out_dir)
    assert path == out_dir / "report.html"
    html = path.read_text(encoding="utf-8")
    page = html.replace(_data_block(html), "")  # letter text may name URLs; as data they load nothing
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I), "external resource"
    assert not re.search(r"<script[^>]*\ssrc\s*=|<link\b|@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "default-src 'none'" in html  # the CSP forbids any network access
    assert not list(out_dir.glob(".report.html.*"))  # no temp file left behind


def test_csp_hashes_match_the_inline_blocks(out_dir: Path) -> None:
    # A stale hash would make the browser refuse our own script: the page would stay empty.
    html = build_report(out_dir).read_text(encoding="utf-8")
    (script,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
    for block in (script, style):
        digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in html


def test_same_inputs_give_the_same_bytes(out_dir: Path, tmp_path: Path) -> None:
    first = build_report(out_dir).read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(out_dir, copy)
    (copy / "report.html").unlink()
    assert build_report(out_dir).read_bytes() == first
    assert build_report(copy).read_bytes() == first
    # A new run of `vng analyze` over the same letters changes only the manifest's timestamps.
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    _write(copy / "manifest.json", {**manifest, "started": "2027-01-01T00:00:00+00:00",
                                    "finished": "2027-01-01T00:01:00+00:00"})
    assert build_report(copy).read_bytes() == first


def test_injected_markup_stays_data(out_dir: Path) -> None:
    html = build_report(out_dir).read_text(encoding="utf-8")
    block = _data_block(html)
    outside = html.replace(block, "")
    assert "alert(" not in outside and "<img" not in outside
    assert "</script" not in block.lower() and "<!--" not in block
    assert "<" not in block and ">" not in block  # every angle bracket is a \u escape
    data = json.loads(block)
    texts = [p["t"] for p in data["passages"]]
    assert any(SCRIPT in t and IMG in t and "</script><!-- & done" in t for t in texts)  # the text survives intact
    assert any(IMG in letter["title"] for letter in data["letters"])


def test_placeholders_in_letter_text_are_not_filled_in(out_dir: Path) -> None:
    letter = out_dir / "letters" / "brief_c.json"
    data = json.loads(letter.read_text(encoding="utf-8"))
    data["passages"][0]["text"] = "/*@@JS@@*/ /*@@CSS@@*/"
    _write(letter, data)
    html = build_report(out_dir).read_text(encoding="utf-8")
    assert "/*@@JS@@*/ /*@@CSS@@*/" in _data_block(html)
    assert html.count("use strict") == 1


def test_embed_json_round_trips() -> None:
    value = {"t": "a</script><!--b & c\u2028d", "n": [1, 2.5, None]}
    assert json.loads(embed_json(value)) == value


def test_collected_data_matches_the_inputs(out_dir: Path) -> None:
    data = collect(out_dir)
    assert [letter["id"] for letter in data["letters"]] == ["brief_a", "brief_b", "brief_c"]  # by date, undated last
    assert [letter["p"] for letter in data["letters"]] == [[0, 2], [2, 3], [3, 4]]
    assert [(letter["nr"], letter["ne"]) for letter in data["letters"]] == [(1, 0), (0, 0), (0, 0)]
    assert data["requests"] == [{"l": 0, "p": 1, "a": "Tweede Kamer", "tg": ["noodopvang"],
                                 "t": "Wij vragen u om een termijn van twaalf maanden."}]
    (timeline,) = data["timelines"]
    assert [(p["l"], p["st"], p["p"]) for p in timeline["points"]] == [(0, "steunend", [0, 1]), (1, "kritisch", [2])]
    assert timeline["changes"] == [{"i": 1, "b": 0, "from": "steunend", "to": "kritisch", "ok": 1}]
    assert [(letter["ds"], letter["fic"], letter["dw"]) for letter in data["letters"]] == [("explicit", 0, None)] * 3
    graph = data["graph"]
    assert [n["k"] for n in graph["nodes"]] == ["maatregel", "risico", "gemeentetaak"]
    assert [(e["s"], e["t"], e["rel"], e["docs"]) for e in graph["edges"]] == [(0, 1, "leidt_tot", [1]), (1, 2, "raakt", [1])]
    assert graph["edges"][0]["ev"][0] == {"l": 1, "p": 2, "t": f"Paviljoens leiden tot overbewoning. {SCRIPT}"}
    assert data["problems"] == [["kapot.pdf", "failed", "damaged"]]


def test_layout_puts_kinds_in_columns_inside_the_canvas(out_dir: Path) -> None:
    graph = graph_from_node_link(json.loads((out_dir / "graph.json").read_text(encoding="utf-8")))
    layout = layered_layout(graph)
    assert layout.kinds == ("maatregel", "risico", "gemeentetaak")
    xs = [layout.positions[n][0] for n in ("maatregel:noodopvang", "risico:overbewoning", "gemeentetaak:zorg")]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert all(0 < x < layout.width and 0 < y < layout.height for x, y in layout.positions.values())
    assert layered_layout(graph) == layout


def test_layout_orders_a_column_by_its_neighbours() -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node, kind, mentions in (("m:a", "maatregel", 9), ("m:b", "maatregel", 1), ("r:x", "risico", 1),
                                 ("r:y", "risico", 9)):
        graph.add_node(node, kind=kind, mentions=mentions)
    graph.add_edge("m:a", "r:x", key="leidt_tot")
    graph.add_edge("m:b", "r:y", key="leidt_tot")
    positions = layered_layout(graph).positions
    # m:a (most mentioned) stays on top; r:y is mentioned more, but r:x follows its neighbour m:a: no crossing.
    assert positions["m:a"][1] < positions["m:b"][1]
    assert positions["r:x"][1] < positions["r:y"][1]


def test_missing_outputs_say_what_to_do(tmp_path: Path, out_dir: Path) -> None:
    with pytest.raises(InputError, match="vng analyze"):
        build_report(tmp_path / "empty")
    (out_dir / "graph.json").unlink()
    with pytest.raises(InputError, match=r"graph\.json"):
        build_report(out_dir)
