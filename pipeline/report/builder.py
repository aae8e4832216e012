"""Build OUT_DIR/report.html: one self-contained, offline page over the outputs of `vng analyze`.

The page is a template with the CSS, the JS and the data inlined. The data is a compact JSON document
in a `<script type="application/json">` block; the JS renders everything from it with textContent and
createElement, never innerHTML, so letter text can never become markup. A Content-Security-Policy with
the hashes of our own script and style blocks forbids the network and any other script as a second wall.

Embedded data (short keys keep 1,000 letters at a few MB):
    letters:   [{id, date, ds (date_source), dw (date window or null), type, title, source, pg (pages),
                 fic (1: marked fictional), ne (entities), nr (requests), p: [first, end) passage index}]
    passages:  [{l (letter index), id, s (section), t (text), k (kind), th (themes), st (stance), r (0/1), tg}]
    requests:  [{l, p (passage index or -1), a (addressee), tg, t (sentence)}]
    timelines: [{name, points: [{l, d, st, c, sc: [kritisch, neutraal, steunend], p: [passage index],
                                 u (1: uncertain, not a confident position), s (deciding sentence),
                                 sp (its passage index or -1)}],
                 changes: [{i (point index after the change), b (point index before), from, to,
                            ok (1: a confident change, listed under "What changed")}]}]
    graph:     {w, h, kinds, nodes: [{id, k, lb, m, x, y, f, ls}],
                edges: [{s, t (node index), rel, w, docs: [letter index], st, ev: [{l, p, t}]}]}
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.export import write_text_atomic
from pipeline.extract.letter_date import date_label
from pipeline.graph import graph_from_node_link
from pipeline.positions import CONFIDENT_AT
from pipeline.report.layout import layered_layout
from pipeline.types import STANCES, THEMES, LetterResult

REPORT_NAME = "report.html"
_PLACEHOLDER = re.compile(r"/\*@@(CSP|CSS|JS|DATA)@@\*/")


def _asset(name: str) -> str:
    return (resources.files("pipeline.report") / "assets" / name).read_text(encoding="utf-8")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path} is missing; run `vng analyze CORPUS --out {path.parent}` first") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{path} cannot be read as JSON ({error}); run `vng analyze` again") from error


def _letter_key(letter: dict[str, Any]) -> tuple[bool, str, str]:
    # Chronological, undated letters last, doc_id as tie-break: a total order, so stable output.
    return (letter.get("date") is None, letter.get("date") or "", str(letter["doc_id"]))


def _theme_order(found: Iterable[str]) -> list[str]:
    found = set(found)
    return [t for t in THEMES if t in found] + sorted(found - set(THEMES))


_VIEW_PASSAGE_FIELDS = ("id", "section", "text", "kind", "themes", "stance", "request", "targets")
_VIEW_REQUEST_FIELDS = ("passage_id", "addressee", "targets", "sentence")


def _window(value: Any) -> str | None:
    """A date window (issue 18 adds it to the letters) as "start/end" text, whatever form it takes."""
    if not value:
        return None
    return "/".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)


def letter_view(result: LetterResult) -> dict[str, Any]:
    """What the report shows of a letter, taken from its result in memory (no JSON round trip)."""
    return {
        "doc_id": result.doc_id, "date": result.date, "doc_type": result.doc_type, "title": result.title,
        "date_source": result.date_source, "date_window": _window(getattr(result, "date_window", None)),
        "fictional": result.fictional, "page_count": result.page_count,
        "date_label": date_label(result.date, result.date_source, result.date_window),
        "source": result.source, "n_entities": len(result.entities), "n_requests": len(result.requests),
        "passages": [{"id": p.id, "section": p.section, "text": p.text, "kind": p.kind, "themes": p.themes,
                      "stance": p.stance, "request": p.request, "targets": p.targets} for p in result.passages],
        "requests": [{"passage_id": q.passage_id, "addressee": q.addressee, "targets": q.targets,
                      "sentence": q.sentence} for q in result.requests],
    }


def json_letter_view(data: dict[str, Any]) -> dict[str, Any]:
    """The same view from a letters/*.json document (for `vng report` on an existing OUT_DIR)."""
    return {
        "doc_id": data["doc_id"], "date": data.get("date"), "doc_type": data.get("doc_type"),
        "date_label": date_label(data.get("date"), data.get("date_source", "explicit"), data.get("date_window")),
        "title": data.get("title"), "source": data.get("source"),
        "date_source": data.get("date_source"), "date_window": _window(data.get("date_window")),
        "fictional": bool(data.get("fictional")), "page_count": data.get("page_count"),
        "n_entities": len(data.get("entities", [])), "n_requests": len(data.get("requests", [])),
        "passages": [{k: p.get(k) for k in _VIEW_PASSAGE_FIELDS} for p in data.get("passages", [])],
        "requests": [{k: q.get(k) for k in _VIEW_REQUEST_FIELDS} for q in data.get("requests", [])],
    }


def collect(out_dir: Path, letters: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The compact data document the page renders, from the files in out_dir.

    `letters`: letter views (letter_view) when the caller has the letters in memory."""
    letter_files = sorted((out_dir / "letters").glob("*.json")) if letters is None else []
    manifest_path = out_dir / "manifest.json"
    # A run in which every file failed still gets a report: it lists the failures.
    if not letters and not letter_files and not manifest_path.exists():
        raise InputError(f"no letters in {out_dir / 'letters'}; run `vng analyze CORPUS --out {out_dir}` first")
    manifest = _read_json(manifest_path) if manifest_path.exists() else {}
    loaded = letters if letters is not None else [json_letter_view(_read_json(p)) for p in letter_files]
    raw_letters = sorted(loaded, key=_letter_key)
    graph_data = _read_json(out_dir / "graph.json")
    positions = _read_json(out_dir / "positions.json")

    letter_index = {str(d["doc_id"]): i for i, d in enumerate(raw_letters)}
    passage_index: dict[str, int] = {}
    letter_rows: list[dict[str, Any]] = []
    passages: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    themes_seen: set[str] = set()
    for li, data in enumerate(raw_letters):
        first = len(passages)
        for p in data.get("passages", []):
            passage_index[str(p["id"])] = len(passages)
            themes_seen.update(p.get("themes") or [])
            passages.append({"l": li, "id": p["id"], "s": p.get("section"), "t": p.get("text") or "",
                             "k": p.get("kind") or "paragraph", "th": list(p.get("themes") or []),
                             "st": p.get("stance"), "r": 1 if p.get("request") else 0,
                             "tg": list(p.get("targets") or [])})
        for q in data.get("requests", []):
            requests.append({"l": li, "p": passage_index.get(str(q.get("passage_id")), -1),
                             "a": q.get("addressee"), "tg": list(q.get("targets") or []), "t": q.get("sentence") or ""})
        letter_rows.append({"id": data["doc_id"], "date": data.get("date"), "ds": data.get("date_source"),
                        "dw": data.get("date_window"), "dl": data.get("date_label"), "type": data.get("doc_type"),
                        "title": data.get("title"), "source": data.get("source"), "pg": data.get("page_count"),
                        "fic": 1 if data.get("fictional") else 0,
                        "ne": data["n_entities"], "nr": data["n_requests"],
                        "p": [first, len(passages)]})

    return {
        # No run timestamps: re-running `vng analyze` on the same letters must give the same report.
        "version": manifest.get("version"),
        "files": manifest.get("counts") or {},
        "problems": [[f.get("source"), f.get("status"), f.get("error")]
                     for f in manifest.get("files", []) if f.get("status") != "ok"],
        "stances": list(STANCES),
        "confident_at": CONFIDENT_AT,
        "themes": _theme_order(themes_seen),
        "letters": letter_rows,
        "passages": passages,
        "requests": requests,
        "timelines": _timelines(positions, letter_index, passage_index),
        "graph": _graph(graph_data, letter_index, passage_index),
    }


def _timelines(positions: dict[str, Any], letter_index: dict[str, int],
               passage_index: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for name, target in sorted((positions.get("targets") or {}).items()):
        points = [pt for pt in target.get("timeline", []) if pt.get("doc_id") in letter_index]
        at = {str(pt["doc_id"]): i for i, pt in enumerate(points)}
        into: dict[int, dict[str, Any]] = {}  # one mark per point: a confident change wins over an uncertain one
        for c in target.get("change_points", []):
            if c.get("to_doc_id") in at and (at[c["to_doc_id"]] not in into or c.get("confident")):
                into[at[c["to_doc_id"]]] = {"i": at[c["to_doc_id"]], "b": at.get(c.get("from_doc_id"), -1),
                                            "from": c.get("from"), "to": c.get("to"), "ok": 1 if c.get("confident") else 0}
        changes = [into[i] for i in sorted(into)]
        out.append({
            "name": name,
            "points": [{"l": letter_index[pt["doc_id"]], "d": pt.get("date"), "st": pt.get("stance"),
                        "c": pt.get("confidence"), "sc": [(pt.get("scores") or {}).get(s) for s in STANCES],
                        "p": [passage_index[i] for i in pt.get("passage_ids", []) if i in passage_index],
                        "u": 0 if pt.get("confident", True) else 1, "s": pt.get("sentence"),
                        "sp": passage_index.get(pt.get("sentence_passage_id") or "", -1)}
                       for pt in points],
            "changes": changes,
        })
    return out


def _graph(data: dict[str, Any], letter_index: dict[str, int], passage_index: dict[str, int]) -> dict[str, Any]:
    graph = graph_from_node_link(data)
    layout = layered_layout(graph)
    nodes = sorted(graph.nodes, key=lambda n: (layout.positions[n], str(n)))  # column by column, top down
    node_index = {n: i for i, n in enumerate(nodes)}
    edges = []
    for source, target, key, attrs in sorted(graph.edges(keys=True, data=True),
                                             key=lambda e: (node_index[e[0]], node_index[e[1]], str(e[2]))):
        evidence = [{"l": letter_index.get(str(ev.get("doc_id")), -1),
                     "p": passage_index.get(str(ev.get("passage_id")), -1), "t": ev.get("sentence") or ""}
                    for ev in attrs.get("evidence", [])]
        edges.append({"s": node_index[source], "t": node_index[target], "rel": attrs.get("relation", key),
                      "w": attrs.get("weight", len(evidence)), "st": attrs.get("stances") or {},
                      "docs": sorted(letter_index[d] for d in attrs.get("docs", []) if d in letter_index),
                      "ev": evidence})
    return {
        "w": layout.width, "h": layout.height, "kinds": list(layout.kinds),
        "nodes": [{"id": n, "k": graph.nodes[n].get("kind"), "lb": graph.nodes[n].get("label") or n,
                   "m": graph.nodes[n].get("mentions"), "x": layout.positions[n][0], "y": layout.positions[n][1],
                   "f": graph.nodes[n].get("first_seen") or None, "ls": graph.nodes[n].get("last_seen") or None}
                  for n in nodes],
        "edges": edges,
    }


def embed_json(data: Any) -> str:
    """JSON safe inside <script>: '<', '>' and '&' as \\u escapes, so no text can close the block
    ('</script'), open a comment ('<!--') or look like markup to any HTML parser."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: dict[str, Any]) -> str:
    """The page as a string: deterministic for the same data."""
    css, js = _asset("report.css"), _asset("report.js")
    # Our own assets must not end their own blocks early; data is escaped by embed_json.
    if re.search(r"</style", css, re.I) or re.search(r"</script", js, re.I):
        raise ValueError("report assets must not contain </style or </script")
    # The CSP hashes the exact block contents, so the blocks in the template hold nothing but the
    # placeholder: the substituted text is then exactly what is hashed.
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    values = {"CSP": csp, "CSS": css, "JS": js, "DATA": embed_json(data)}
    # One pass: substituted text is never scanned again, so data can never fill in a placeholder.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("report.html"))


def build_report(out_dir: Path, letters: Sequence[dict[str, Any]] | None = None) -> Path:
    """Write out_dir/report.html from the outputs of `vng analyze` in out_dir; return its path.

    `letters`: letter views (letter_view) when the caller has the letters in memory (saves reading them)."""
    path = out_dir / REPORT_NAME
    write_text_atomic(path, render(collect(out_dir, letters)))
    return path
