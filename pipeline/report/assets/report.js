// The report's only script: renders every section from the JSON data block.
// Rule: text from the letters goes into the page as text nodes (textContent / createTextNode),
// never as HTML, so a letter can never add markup or script.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("vng-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var STANCES = DATA.stances; // kritisch, neutraal, steunend
  var LETTERS = DATA.letters;
  var PASSAGES = DATA.passages;
  var PAGE = 200; // rows rendered per "show more": big corpora stay fast to open

  // ---------- small DOM helpers (text only) ----------
  function text(value) {
    return document.createTextNode(value === null || value === undefined ? "" : String(value));
  }
  function append(node, children) {
    (Array.isArray(children) ? children : [children]).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "object" ? child : text(child));
    });
    return node;
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    return append(node, children === undefined ? [] : children);
  }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    return append(node, children === undefined ? [] : children);
  }
  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.setAttribute("class", value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    });
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }
  function option(value, label) {
    return el("option", { value: value }, label);
  }
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }
  function byId(id) {
    return document.getElementById(id);
  }
  function kindClass(kind) {
    return ["maatregel", "risico", "gemeentetaak"].indexOf(kind) >= 0 ? "kind-" + kind : "kind-other";
  }
  function letterName(li) {
    var letter = LETTERS[li];
    return letter.title || letter.id;
  }
  // A date the pipeline inferred from dates in the text is shown as "≈ date" and says so on hover.
  var DATE_SOURCES = { explicit: "from the letter's date line", pdf_metadata: "from the PDF's metadata",
    inferred: "inferred from dates in the text", unknown: "no date found" };
  function dateText(li) {
    var letter = LETTERS[li];
    if (!letter.date) return "no date";
    return (letter.ds === "inferred" ? "\u2248 " : "") + letter.date;
  }
  function dateNode(li, withSource) {
    var letter = LETTERS[li];
    var node = el("span", { class: "date" + (letter.ds === "inferred" ? " inferred" : ""),
      title: DATE_SOURCES[letter.ds] || letter.ds || "" }, dateText(li));
    if (withSource && letter.date) {
      node = el("span", { class: "date-cell" }, [node, el("span", { class: "dsrc" },
        (letter.ds === "inferred" ? "inferred" : letter.ds === "pdf_metadata" ? "PDF metadata" : "date line") +
        (letter.dw ? " \u00b7 window " + letter.dw : ""))]);
    }
    return node;
  }
  // Stance by shape and label as well as colour: triangle up, circle, triangle down.
  var STANCE_GLYPH = { steunend: "\u25b2", neutraal: "\u25cf", kritisch: "\u25bc" };
  function stanceBadge(stance) {
    return el("span", { class: "badge st-" + stance }, (STANCE_GLYPH[stance] || "") + " " + stance);
  }
  function shortText(value, max) {
    return value.length > max ? value.slice(0, max - 1) + "\u2026" : value;
  }
  // "Show more" paging shared by the requests table and the search results.
  function paged(container, moreBox, items, render, size) {
    var shown = 0;
    function more() {
      var end = Math.min(items.length, shown + (size || PAGE));
      var frag = document.createDocumentFragment();
      for (var i = shown; i < end; i++) frag.appendChild(render(items[i]));
      container.appendChild(frag);
      shown = end;
      clear(moreBox);
      if (shown < items.length) {
        var button = el("button", { type: "button", class: "more" }, "Show more (" + (items.length - shown) + " left)");
        button.addEventListener("click", more);
        moreBox.appendChild(button);
      }
    }
    clear(container);
    more();
  }

  // ---------- navigation to letters and passages ----------
  var letterNodes = [];
  var passageOwnerRendered = {};

  function letterLink(li, label) {
    var link = el("a", { href: "#letter-" + encodeURIComponent(LETTERS[li].id), class: "letter-link" },
      label === undefined ? letterName(li) : label);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      revealLetter(li);
    });
    return link;
  }
  function passageLink(pi, label) {
    var link = el("a", { href: "#" + encodeURIComponent(PASSAGES[pi].id), class: "passage-link" },
      label || "passage " + PASSAGES[pi].id.split("#").pop());
    link.addEventListener("click", function (event) {
      event.preventDefault();
      revealPassage(pi);
    });
    return link;
  }
  function setHash(id) {
    if (history.replaceState) history.replaceState(null, "", "#" + encodeURIComponent(id));
  }
  function revealLetter(li) {
    var node = letterNodes[li];
    node.open = true;
    renderLetterBody(li);
    setHash("letter-" + LETTERS[li].id);
    closeDrawerOnPhone();
    node.scrollIntoView({ block: "start" });
    node.querySelector("summary").focus({ preventScroll: true });
  }
  function revealPassage(pi) {
    var li = PASSAGES[pi].l;
    letterNodes[li].open = true;
    renderLetterBody(li);
    var node = byId(PASSAGES[pi].id);
    setHash(PASSAGES[pi].id);
    closeDrawerOnPhone();
    node.scrollIntoView({ block: "center" });
    node.focus({ preventScroll: true });
    node.classList.remove("flash");
    void node.offsetWidth; // restart the highlight animation
    node.classList.add("flash");
  }

  // ---------- the side panel (details of a graph edge or node) ----------
  // Fixed at the right edge on wide screens and at the bottom on phones, so what a click opens is
  // always in view; focus moves into it and back to what opened it when it closes (Escape or ×).
  var drawer = byId("edge-info"), drawerOpener = null;
  function openDrawer(children, opener) {
    clear(drawer);
    var close = el("button", { type: "button", class: "close", "aria-label": "Close the details" }, "\u00d7");
    close.addEventListener("click", function () { closeDrawer(true); });
    append(drawer, [close].concat(children));
    drawer.hidden = false;
    drawerOpener = opener || null;
    setDrawerRoom(true, opener);
    drawer.scrollTop = 0;
    drawer.focus({ preventScroll: true });
  }
  function closeDrawer(returnFocus) {
    if (drawer.hidden) return;
    drawer.hidden = true;
    setDrawerRoom(false, drawerOpener);
    if (returnFocus && drawerOpener && drawerOpener.focus) drawerOpener.focus();
    if (window.onDrawerClosed) window.onDrawerClosed();
  }
  // On wide screens the page makes room for the panel: charts are fitted to the narrower width and
  // the page is scrolled so that what was clicked stays where it was on the screen.
  function setDrawerRoom(on, anchor) {
    if (document.body.classList.contains("with-drawer") === on) return;
    var top = anchor && anchor.getBoundingClientRect ? anchor.getBoundingClientRect().top : null;
    document.body.classList.toggle("with-drawer", on);
    relayout();
    if (top !== null) window.scrollBy(0, anchor.getBoundingClientRect().top - top);
  }
  function closeDrawerOnPhone() {
    if (window.innerWidth < 900) closeDrawer(false);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !drawer.hidden) closeDrawer(true);
  });

  // ---------- passages ----------
  // Folding keeps string length (lower case, accents off), so match offsets are offsets into the text.
  var ACCENTS = /[àáâãäåèéêëìíîïòóôõöùúûüýÿçñ]/g;
  var PLAIN = { "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "è": "e", "é": "e", "ê": "e", "ë": "e",
    "ì": "i", "í": "i", "î": "i", "ï": "i", "ò": "o", "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ù": "u", "ú": "u",
    "û": "u", "ü": "u", "ý": "y", "ÿ": "y", "ç": "c", "ñ": "n" };
  function fold(value) {
    return value.toLowerCase().replace(ACCENTS, function (c) { return PLAIN[c]; });
  }

  function highlighted(value, terms) {
    var folded = fold(value);
    if (!terms.length || folded.length !== value.length) return [text(value)];
    var marks = [];
    terms.forEach(function (term) {
      for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
        marks.push([at, at + term.length]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return; // overlaps the previous mark
      if (m[0] > pos) out.push(text(value.slice(pos, m[0])));
      out.push(el("mark", {}, value.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < value.length) out.push(text(value.slice(pos)));
    return out;
  }

  function passageNode(pi, options) {
    options = options || {};
    var p = PASSAGES[pi];
    var meta = el("div", { class: "pmeta" });
    if (options.withLetter) {
      append(meta, [dateNode(p.l), letterLink(p.l), passageLink(pi, p.id.split("#").pop())]);
    } else {
      append(meta, el("span", { class: "pid" }, p.id.split("#").pop()));
    }
    if (p.s) append(meta, el("span", { class: "section" }, "\u00a7 " + p.s));
    if (p.st) append(meta, stanceBadge(p.st));
    if (p.r) append(meta, el("span", { class: "badge req" }, "request"));
    p.th.forEach(function (theme) { append(meta, el("span", { class: "chip theme" }, theme)); });
    p.tg.forEach(function (target) { append(meta, el("span", { class: "chip target" }, target)); });
    var node = el("div", { class: "passage" + (p.k === "list_item" ? " li" : ""), "data-pid": p.id }, [meta]);
    if (options.anchor) { node.id = p.id; node.setAttribute("tabindex", "-1"); }
    node.appendChild(append(el("p", { class: "ptext" }), highlighted(p.t, options.terms || [])));
    return node;
  }


  // Widths of the chart boxes, measured once before anything is rendered (a cheap layout of the empty
  // page) and again on resize; reading them later would force a layout of the whole page mid-script.
  // A vertical scrollbar appears once the page is filled: SCROLLBAR keeps room for it.
  var WIDTHS = { timeline: 0, graph: 0 }, SCROLLBAR = 16;
  function measureWidths() {
    WIDTHS.timeline = byId("timeline-charts").clientWidth - 26 - SCROLLBAR; // the chart's padding and border
    WIDTHS.graph = byId("graph-view").clientWidth - 2 - SCROLLBAR;
  }

  // ---------- summary and the fictional banner ----------
  function renderSummary() {
    var dates = LETTERS.map(function (l) { return l.date; }).filter(Boolean).sort();
    var parts = [plural(LETTERS.length, "letter", "letters") +
      (dates.length ? " (" + dates[0] + " to " + dates[dates.length - 1] + ")" : ""),
      plural(PASSAGES.length, "passage", "passages"), plural(DATA.requests.length, "request", "requests"),
      plural(DATA.timelines.length, "measure", "measures") + " tracked",
      plural(DATA.graph.nodes.length, "node", "nodes") + ", " + plural(DATA.graph.edges.length, "edge", "edges")];
    if (DATA.version) parts.push("vng-brieven " + DATA.version);
    byId("summary").textContent = parts.join(" \u00b7 ");
    var fictional = LETTERS.filter(function (l) { return l.fic; }).length;
    if (fictional) {
      var banner = byId("fictional");
      banner.hidden = false;
      append(banner, [el("strong", {}, "Fictional examples. "),
        (fictional === LETTERS.length ? "All " + plural(fictional, "letter", "letters") + " in this report are"
          : fictional + " of the " + LETTERS.length + " letters are") +
        " marked \u201cFICTIEF VOORBEELD\u201d: made-up letters written to demonstrate the pipeline, not letters " +
        "of the VNG, and not the VNG's positions."]);
    }
    if (DATA.problems.length) {
      var list = el("ul");
      DATA.problems.forEach(function (row) {
        list.appendChild(el("li", {}, [el("strong", {}, row[1]), " " + row[0] + (row[2] ? ": " + row[2] : "")]));
      });
      byId("problems").appendChild(el("details", { class: "problems" },
        [el("summary", {}, plural(DATA.problems.length, "file was", "files were") + " not analysed"), list]));
    }
  }

  // ---------- what changed ----------
  var QUOTE = 260; // characters of the first passage quoted per side; the rest is one click away

  function quoteItem(pi, max) {
    return el("li", {}, [el("q", {}, max ? shortText(PASSAGES[pi].t, max) : PASSAGES[pi].t), " ", passageLink(pi)]);
  }

  function changeSide(title, point) {
    var box = el("div", { class: "side" }, [el("h4", {}, [title + ": ", stanceBadge(point.st),
      point.c !== null && point.c !== undefined ? " " + Math.round(point.c * 100) + "%" : ""]),
      el("p", { class: "cite" }, [dateNode(point.l), " \u00b7 ", letterLink(point.l)])]);
    if (!point.p.length) return box;
    box.appendChild(el("ul", { class: "quotes" }, quoteItem(point.p[0], QUOTE)));
    if (point.p.length > 1 || PASSAGES[point.p[0]].t.length > QUOTE) {
      var more = el("details", {}, el("summary", {}, point.p.length === 1 ? "the passage in full"
        : "all " + point.p.length + " passages in full"));
      more.addEventListener("toggle", function () {
        if (!more.open || more.querySelector("ul")) return;
        more.appendChild(el("ul", { class: "quotes" }, point.p.map(function (pi) { return quoteItem(pi, 0); })));
      }, { once: false });
      box.appendChild(more);
    }
    return box;
  }

  function renderChanges() {
    byId("changes-threshold").textContent = Math.round((DATA.confident_at || 0) * 100);
    var confident = [], unsure = 0;
    DATA.timelines.forEach(function (tl) {
      tl.changes.forEach(function (c) {
        if (c.ok && c.b >= 0) confident.push({ tl: tl, c: c });
        else unsure++;
      });
    });
    // Newest first, then by measure: a total order, the same on every load.
    confident.sort(function (a, b) {
      var da = a.tl.points[a.c.i].d || "", db = b.tl.points[b.c.i].d || "";
      return da < db ? 1 : da > db ? -1 : a.tl.name < b.tl.name ? -1 : a.tl.name > b.tl.name ? 1 : 0;
    });
    byId("changes-count").textContent = (confident.length ? plural(confident.length, "confident change", "confident changes")
      : "No confident change of stance") + (unsure ? " \u00b7 " + plural(unsure, "less certain change is", "less certain changes are") +
      " shown only in the timelines" : "");
    paged(byId("changes-list"), byId("changes-more"), confident, function (item) {
      var tl = item.tl, c = item.c, after = tl.points[c.i], before = tl.points[c.b];
      return el("li", { class: "change", "data-target": tl.name, "data-from-doc": LETTERS[before.l].id,
        "data-to-doc": LETTERS[after.l].id }, [
        el("h3", {}, [tl.name + ": ", stanceBadge(c.from), " \u2192 ", stanceBadge(c.to)]),
        el("p", { class: "cite" }, ["in ", letterLink(after.l), " (", dateNode(after.l), "), after ",
          letterLink(before.l), " (", dateNode(before.l), ")"]),
        el("div", { class: "sides" }, [changeSide("Before", before), changeSide("After", after)])]);
    }, 10);
  }

  // ---------- letters ----------
  function renderLetterBody(li) {
    if (passageOwnerRendered[li]) return;
    passageOwnerRendered[li] = true;
    var letter = LETTERS[li];
    var body = letterNodes[li].querySelector(".letter-body");
    append(body, el("p", { class: "source" }, "doc_id " + letter.id + (letter.source ? " \u00b7 source " + letter.source : "") +
      (letter.pg ? " \u00b7 " + plural(letter.pg, "page", "pages") : "") +
      " \u00b7 date " + (DATE_SOURCES[letter.ds] || "unknown") + (letter.dw ? " (window " + letter.dw + ")" : "")));
    var list = el("div", { class: "passages" });
    for (var pi = letter.p[0]; pi < letter.p[1]; pi++) list.appendChild(passageNode(pi, { anchor: true }));
    if (letter.p[0] === letter.p[1]) list.appendChild(el("p", { class: "hint" }, "No passages."));
    body.appendChild(list);
  }

  function renderLetters() {
    var box = byId("letters-list");
    var frag = document.createDocumentFragment();
    frag.appendChild(el("div", { class: "lrow lhead", "aria-hidden": "true" }, [el("span", {}, "Date (source)"),
      el("span", {}, "Type"), el("span", {}, "Title"), el("span", { class: "num" }, "Passages"),
      el("span", { class: "num" }, "Entities"), el("span", { class: "num" }, "Requests")]));
    LETTERS.forEach(function (letter, li) {
      var row = el("span", { class: "lrow" }, [dateNode(li, true),
        el("span", { class: "type" }, (letter.type || "").replace("_", " ")),
        el("span", { class: "title" }, letter.title || letter.id),
        el("span", { class: "num", "data-label": "passages" }, el("span", { class: "n-passages" }, letter.p[1] - letter.p[0])),
        el("span", { class: "num", "data-label": "entities" }, el("span", { class: "n-entities" }, letter.ne)),
        el("span", { class: "num", "data-label": "requests" }, el("span", { class: "n-requests" }, letter.nr))]);
      var node = el("details", { class: "letter" + (letter.fic ? " fictional" : ""), id: "letter-" + letter.id,
        "data-doc": letter.id }, [el("summary", {}, row), el("div", { class: "letter-body" })]);
      node.addEventListener("toggle", function () { if (node.open) renderLetterBody(li); });
      letterNodes[li] = node;
      frag.appendChild(node);
    });
    if (!LETTERS.length) frag.appendChild(el("p", { class: "hint" }, "No letters were analysed."));
    box.appendChild(frag);
  }

  // ---------- position timeline ----------
  function dayNumber(date) {
    var parts = date.split("-");
    return Date.UTC(+parts[0], (+parts[1] || 1) - 1, +parts[2] || 1) / 864e5;
  }
  // Shapes for the stances, centred on (x, y) with "radius" r.
  function shapePath(stance, x, y, r) {
    if (stance === "steunend") return "M" + x + "," + (y - r * 1.2) + " L" + (x + r * 1.1) + "," + (y + r * 0.8) +
      " L" + (x - r * 1.1) + "," + (y + r * 0.8) + " Z";
    if (stance === "kritisch") return "M" + x + "," + (y + r * 1.2) + " L" + (x + r * 1.1) + "," + (y - r * 0.8) +
      " L" + (x - r * 1.1) + "," + (y - r * 0.8) + " Z";
    return "M" + (x - r) + "," + y + " a" + r + "," + r + " 0 1,0 " + 2 * r + ",0 a" + r + "," + r + " 0 1,0 " + -2 * r + ",0 Z";
  }

  var timelineCharts = [];
  var EAGER_CHARTS = 6; // drawn on load; the others when scrolled near
  var DATE_LABEL_GAP = 78; // px between date labels on an axis: thinner than that, labels are left out

  function timelineScale() {
    var days = LETTERS.filter(function (l) { return l.date; }).map(function (l) { return dayNumber(l.date); });
    var lo = days.length ? Math.min.apply(null, days) : 0, hi = days.length ? Math.max.apply(null, days) : 1;
    if (hi - lo < 60) { lo -= 30; hi += 30; } // one date (or close ones): give the axis some width
    return { lo: lo, hi: hi };
  }

  // Drawn at the width of its box, in real pixels (no scaling), so text keeps its CSS size on a phone.
  function drawChart(chart, width) {
    var tl = chart.tl, scale = chart.scale;
    var W = Math.max(300, Math.min(980, width)), H = 132, LEFT = 74, RIGHT = 40, TOP = 16, BOTTOM = 36;
    function x(day) { return LEFT + (day - scale.lo) / (scale.hi - scale.lo) * (W - LEFT - RIGHT); }
    var levels = ["steunend", "neutraal", "kritisch"]; // top to bottom
    function y(stance) { return TOP + Math.max(0, levels.indexOf(stance)) * (H - TOP - BOTTOM) / 2; }
    var changes = {};
    tl.changes.forEach(function (c) { changes[c.i] = c; });
    var plot = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "stance on " + tl.name + " over time" });
    levels.forEach(function (level) {
      append(plot, [svg("line", { class: "tl-grid", x1: LEFT, x2: W - RIGHT, y1: y(level), y2: y(level) }),
        svg("text", { class: "tl-level", x: LEFT - 8, y: y(level) + 4, "text-anchor": "end" }, level)]);
    });
    // Points sharing a date are spread a little so that each can be clicked.
    var seen = {};
    var xs = tl.points.map(function (pt) {
      var base = pt.d ? x(dayNumber(pt.d)) : LEFT;
      var k = seen[base] = (seen[base] || 0) + 1;
      return base + (k - 1) * 8;
    });
    // The axis shows the letters' dates (as many as fit), not only years.
    var lastLabel = -Infinity;
    tl.points.forEach(function (pt, i) {
      append(plot, svg("line", { class: "tl-grid", x1: xs[i], x2: xs[i], y1: H - BOTTOM + 2, y2: H - BOTTOM + 7 }));
      if (xs[i] - lastLabel < DATE_LABEL_GAP) return;
      lastLabel = xs[i];
      append(plot, svg("text", { class: "tl-date" + (LETTERS[pt.l].ds === "inferred" ? " inferred" : ""), x: xs[i],
        y: H - BOTTOM + 20, "text-anchor": "middle" }, pt.d ? dateText(pt.l) : "no date"));
    });
    if (tl.points.length > 1) {
      plot.appendChild(svg("polyline", { class: "tl-line", points: tl.points.map(function (pt, i) {
        return xs[i].toFixed(1) + "," + y(pt.st); }).join(" ") }));
    }
    tl.changes.forEach(function (c) {
      append(plot, svg("line", { class: "tl-change-line" + (c.ok ? "" : " uncertain"), x1: xs[c.i], x2: xs[c.i],
        y1: TOP - 8, y2: H - BOTTOM }));
    });
    // Marks shrink when a measure has many letters, so that a dense chart stays readable.
    var r = Math.max(3, Math.min(6.5, (W - LEFT - RIGHT) / (tl.points.length * 2.5)));
    tl.points.forEach(function (pt, i) {
      var label = (pt.d ? dateText(pt.l) : "no date") + " \u00b7 " + letterName(pt.l) + " \u00b7 " + pt.st +
        (pt.c !== null && pt.c !== undefined ? " (" + Math.round(pt.c * 100) + "%)" : "") + (pt.u ? ", uncertain" : "") +
        (changes[i] ? " \u00b7 " + (changes[i].ok ? "change" : "uncertain change") + " from " + changes[i].from : "");
      if (changes[i]) plot.appendChild(svg("circle", { class: "tl-change" + (changes[i].ok ? "" : " uncertain"),
        cx: xs[i], cy: y(pt.st), r: r + 5, "stroke-width": r < 4 ? 1 : 2 }));
      var dot = svg("path", { class: "tl-point fill-" + pt.st + (pt.u ? " uncertain" : "") +
        (chart.selected === i ? " selected" : ""),
        d: shapePath(pt.st, xs[i], y(pt.st), r), tabindex: 0, role: "button", "aria-label": label,
        "data-doc": LETTERS[pt.l].id, "data-i": i }, svg("title", {}, label));
      function select() {
        Array.prototype.forEach.call(plot.querySelectorAll(".tl-point.selected"), function (n) {
          n.classList.remove("selected"); });
        dot.classList.add("selected");
        chart.selected = i;
        showPoint(chart.panel, tl, i, changes[i]);
      }
      dot.addEventListener("click", select);
      dot.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(); }
      });
      plot.appendChild(dot);
    });
    if (chart.plot) chart.box.replaceChild(plot, chart.plot);
    else chart.box.appendChild(plot);
    chart.plot = plot;
    chart.width = width;
  }

  function renderTimelines() {
    var scale = timelineScale();
    var timelines = DATA.timelines.slice().sort(function (a, b) {
      return b.points.length - a.points.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    var box = byId("timeline-charts");
    timelines.forEach(function (tl) {
      var node = el("div", { class: "tl-chart", "data-target": tl.name, "data-letters": tl.points.length });
      append(node, el("h3", {}, [tl.name, el("span", { class: "count" },
        plural(tl.points.length, "letter", "letters") + " \u00b7 " + plural(tl.changes.length, "change", "changes"))]));
      var plotBox = el("div", { class: "tl-plot" });
      var panel = el("div", { class: "panel tl-panel", hidden: "hidden", tabindex: "-1" });
      append(node, [plotBox, panel]);
      box.appendChild(node);
      timelineCharts.push({ node: node, tl: tl, box: plotBox, panel: panel, scale: scale, plot: null, selected: -1 });
    });

    var filter = byId("timeline-filter"), onlyChanges = byId("timeline-changes"), all = byId("timeline-all");
    var undated = LETTERS.filter(function (l) { return !l.date; }).length;
    var single = timelines.filter(function (tl) { return tl.points.length < 2; }).length;
    all.parentNode.appendChild(text(" (" + single + ")"));
    // Charts are drawn when they come near the viewport (the first few at once): a corpus with many
    // measures and letters opens as fast as a small one.
    var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        var chart = timelineCharts[+entry.target.getAttribute("data-chart")];
        observer.unobserve(entry.target);
        if (!chart.plot) drawChart(chart, WIDTHS.timeline);
      });
    }, { rootMargin: "600px 0px" }) : null;
    function apply() {
      var term = fold(filter.value.trim());
      var shown = 0;
      timelineCharts.forEach(function (c, k) {
        var visible = (!term || fold(c.tl.name).indexOf(term) >= 0) && (!onlyChanges.checked || c.tl.changes.length > 0) &&
          (all.checked || c.tl.points.length >= 2);
        c.node.classList.toggle("off", !visible);
        if (visible) {
          shown++;
          if (c.plot || c.watched) return;
          if (shown <= EAGER_CHARTS || !observer) drawChart(c, WIDTHS.timeline);
          else { c.watched = true; c.node.setAttribute("data-chart", k); observer.observe(c.node); }
        }
      });
      byId("timeline-count").textContent = shown + " of " + plural(timelineCharts.length, "measure", "measures") +
        " shown" + (all.checked ? "" : " (measures in at least two letters)") +
        (undated ? " \u00b7 " + plural(undated, "letter", "letters") + " without a date not shown" : "");
    }
    filter.addEventListener("input", apply);
    onlyChanges.addEventListener("change", apply);
    all.addEventListener("change", apply);
    apply();
  }

  // Charts follow the page width (a phone turned sideways, a resized window, the side panel).
  function relayout() {
    measureWidths();
    timelineCharts.forEach(function (c) {
      if (c.plot && Math.abs(c.width - WIDTHS.timeline) > 20) drawChart(c, WIDTHS.timeline);
    });
    if (window.fitGraph) window.fitGraph();
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(relayout, 150);
  });

  function showPoint(panel, tl, i, change) {
    var pt = tl.points[i];
    clear(panel).hidden = false;
    append(panel, el("h4", {}, [tl.name + ": ", stanceBadge(pt.st), " in ", letterLink(pt.l), " (", dateNode(pt.l), ")"]));
    var scores = STANCES.map(function (s, k) {
      return s + " " + (pt.sc[k] === null || pt.sc[k] === undefined ? "-" : Math.round(pt.sc[k] * 100) + "%");
    }).join(", ");
    append(panel, el("p", { class: "cite" }, "Scores: " + scores + (pt.c !== null && pt.c !== undefined ?
      " \u00b7 confidence " + Math.round(pt.c * 100) + "%" : "") + (pt.u ? " (uncertain: drawn hollow)" : "")));
    if (pt.s) {
      append(panel, el("p", { class: "deciding-label" }, "Deciding sentence" +
        (pt.sp >= 0 ? " (" + PASSAGES[pt.sp].id.split("#").pop() + ")" : "") + ":"));
      append(panel, el("blockquote", { class: "deciding" }, pt.s));
    }
    if (change) {
      var before = change.b >= 0 ? tl.points[change.b] : null;
      append(panel, el("p", { class: "change-note" }, ["Change of stance: " + change.from + " \u2192 " + change.to +
        (change.ok ? "" : " (less certain)") + (before ? "; before in " : ""), before ? letterLink(before.l) : null,
        before ? " (" + dateText(before.l) + ")" : ""]));
    }
    var list = el("div", { class: "passages" });
    pt.p.forEach(function (pi) { list.appendChild(passageNode(pi, { withLetter: true })); });
    if (!pt.p.length) list.appendChild(el("p", { class: "hint" }, "No passages recorded."));
    panel.appendChild(list);
    // Right under the chart: brought into view and focused, so the click visibly opens something.
    panel.scrollIntoView({ block: "nearest" });
    panel.focus({ preventScroll: true });
  }
  // ---------- graph ----------
  function renderGraph() {
    var G = DATA.graph;
    var view = byId("graph-view");
    if (!G.nodes.length) {
      byId("graph-letter").closest(".controls").hidden = true;
      view.appendChild(el("p", { class: "hint" }, "The letters hold no claims about measures, risks or tasks."));
      return;
    }
    var plot = svg("svg", { width: G.w, height: G.h, viewBox: "0 0 " + G.w + " " + G.h, role: "img",
      "aria-label": "graph of measures, risks and municipal tasks" });
    // Fit the width of the box, but never so small that a label drops below MIN_LABEL px: then the
    // box scrolls sideways instead (phones).
    var MIN_LABEL = 10.5, LABEL = 12.5;
    function fit() {
      var width = Math.min(G.w, Math.max(WIDTHS.graph, Math.ceil(G.w * MIN_LABEL / LABEL)));
      plot.setAttribute("width", width);
      plot.setAttribute("height", Math.round(G.h * width / G.w));
    }
    window.fitGraph = fit;
    var defs = svg("defs");
    ["leidt_tot", "raakt", "other"].forEach(function (rel) {
      // Fixed-size arrow heads (userSpaceOnUse): they must not grow with the line width.
      defs.appendChild(svg("marker", { id: "arrow-" + rel, viewBox: "0 0 10 10", refX: 8, refY: 5, markerWidth: 9,
        markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-" + rel })));
    });
    plot.appendChild(defs);
    G.kinds.forEach(function (kind) {
      var xs = G.nodes.filter(function (n) { return n.k === kind; }).map(function (n) { return n.x; });
      if (!xs.length) return;
      var middle = (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2; // a kind may span columns
      plot.appendChild(svg("text", { class: "g-col", x: middle, y: 16, "text-anchor": "middle" }, kind));
    });
    function radius(n) { return 6 + Math.min(10, Math.sqrt(n.m || 1)); }
    var maxW = Math.max.apply(null, G.edges.map(function (e) { return e.w; }).concat([1]));

    var edgeGroup = svg("g", { class: "g-edges" }), nodeGroup = svg("g", { class: "g-nodes" });
    var edgeNodes = G.edges.map(function (e, i) {
      var a = G.nodes[e.s], b = G.nodes[e.t], ra = radius(a), rb = radius(b), d;
      if (a.x === b.x) { // same column (risico -> risico): an arc to the left of the column
        var bend = 50 + Math.abs(b.y - a.y) * 0.35;
        d = "M" + (a.x - ra) + "," + a.y + " C" + (a.x - bend) + "," + a.y + " " + (b.x - bend) + "," + b.y + " " +
          (b.x - rb - 2) + "," + b.y;
      } else {
        var dir = b.x > a.x ? 1 : -1, mid = (a.x + b.x) / 2;
        d = "M" + (a.x + dir * ra) + "," + a.y + " C" + mid + "," + a.y + " " + mid + "," + b.y + " " +
          (b.x - dir * (rb + 2)) + "," + b.y;
      }
      var rel = e.rel === "leidt_tot" || e.rel === "raakt" ? e.rel : "other";
      var label = a.lb + " \u2014" + e.rel + "\u2192 " + b.lb + " (" + plural(e.w, "sentence", "sentences") + ")";
      var group = svg("g", { class: "g-edge", "data-i": i, "data-rel": e.rel, tabindex: 0, role: "button", "aria-label": label }, [
        svg("path", { class: "g-edge-line rel-" + rel, d: d, "stroke-width": (1.5 + 5 * Math.sqrt(e.w / maxW)).toFixed(2),
          "marker-end": "url(#arrow-" + rel + ")" }),
        svg("path", { class: "g-edge-hit", d: d }),
        svg("title", {}, label)]);
      group.addEventListener("click", function () { selectEdge(i, group); });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); selectEdge(i, group); }
      });
      edgeGroup.appendChild(group);
      return group;
    });
    var firstX = Math.min.apply(null, G.nodes.map(function (n) { return n.x; }));
    var lastX = Math.max.apply(null, G.nodes.map(function (n) { return n.x; }));
    var nodeNodes = G.nodes.map(function (n, i) {
      // Labels left of the first column, right of the last, above the nodes in between (where the
      // lines leave to the right).
      var r = radius(n), side = n.x === firstX ? "left" : n.x === lastX ? "right" : "above";
      var at = side === "left" ? { x: n.x - r - 6, y: n.y + 4, "text-anchor": "end" }
        : side === "right" ? { x: n.x + r + 6, y: n.y + 4, "text-anchor": "start" }
        : { x: n.x, y: n.y - r - 4, "text-anchor": "middle" };
      var label = n.lb + " (" + n.k + ", " + plural(n.m || 0, "mention", "mentions") +
        (n.f ? ", " + n.f + " to " + n.ls : "") + ")";
      var group = svg("g", { class: "g-node", "data-id": n.id, "data-kind": n.k, tabindex: 0, role: "button",
        "aria-label": label }, [
        svg("circle", { class: kindClass(n.k), cx: n.x, cy: n.y, r: r }),
        svg("text", at, shortText(n.lb, 34)),
        svg("title", {}, label)]);
      group.addEventListener("click", function () { selectNode(i, group); });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); selectNode(i, group); }
      });
      nodeGroup.appendChild(group);
      return group;
    });
    append(plot, [edgeGroup, nodeGroup]);
    view.appendChild(plot);
    fit();

    // Filters: by node kind and by letter.
    var kindsBox = byId("graph-kinds"), kindOn = {};
    G.kinds.forEach(function (kind) {
      kindOn[kind] = true;
      var box = el("input", { type: "checkbox", checked: "checked", "data-kind": kind });
      box.addEventListener("change", function () { kindOn[kind] = box.checked; apply(); });
      var count = G.nodes.filter(function (n) { return n.k === kind; }).length;
      kindsBox.appendChild(el("label", { class: "kind-toggle" },
        [box, " ", el("span", { class: "swatch " + kindClass(kind) }), kind + " (" + count + ")"]));
      kindsBox.appendChild(text(" "));
    });
    var letterSelect = byId("graph-letter");
    letterSelect.appendChild(option("", "all letters"));
    var withEdges = {};
    G.edges.forEach(function (e) { e.docs.forEach(function (li) { withEdges[li] = true; }); });
    LETTERS.forEach(function (l, li) {
      if (withEdges[li]) letterSelect.appendChild(option(String(li), (l.date || "no date") + " \u00b7 " + shortText(letterName(li), 70)));
    });
    letterSelect.addEventListener("change", apply);

    var visibleEdge = [];
    function apply() {
      var letter = letterSelect.value === "" ? -1 : +letterSelect.value;
      var used = {};
      var shownEdges = 0, shownNodes = 0;
      G.edges.forEach(function (e, i) {
        var on = kindOn[G.nodes[e.s].k] && kindOn[G.nodes[e.t].k] && (letter < 0 || e.docs.indexOf(letter) >= 0);
        visibleEdge[i] = on;
        edgeNodes[i].classList.toggle("off", !on);
        if (on) { used[e.s] = used[e.t] = true; shownEdges++; }
      });
      G.nodes.forEach(function (n, i) {
        var on = kindOn[n.k] && (letter < 0 || used[i] === true);
        nodeNodes[i].classList.toggle("off", !on);
        if (on) shownNodes++;
      });
      byId("graph-count").textContent = plural(shownNodes, "node", "nodes") + ", " + plural(shownEdges, "edge", "edges") + " shown";
      if (selectedEdge >= 0 && !visibleEdge[selectedEdge]) clearSelection();
    }

    var selectedEdge = -1;
    function unmark() {
      selectedEdge = -1;
      edgeNodes.forEach(function (g) { g.classList.remove("selected", "dim"); });
      nodeNodes.forEach(function (g) { g.classList.remove("selected"); });
    }
    window.onDrawerClosed = unmark;
    function clearSelection() {
      unmark();
      closeDrawer(false);
    }
    function edgeTitle(e) {
      return G.nodes[e.s].lb + " \u2014" + e.rel + "\u2192 " + G.nodes[e.t].lb;
    }
    function selectEdge(i, opener) {
      unmark();
      selectedEdge = i;
      edgeNodes[i].classList.add("selected");
      var e = G.edges[i];
      var stances = Object.keys(e.st).sort().map(function (s) { return s + " " + e.st[s]; }).join(", ");
      var list = el("ol", { class: "evidence" });
      e.ev.forEach(function (ev) {
        var cite = el("span", { class: "cite" });
        if (ev.l >= 0) append(cite, [dateNode(ev.l), " \u00b7 ", letterLink(ev.l)]);
        if (ev.p >= 0) append(cite, [" \u00b7 ", passageLink(ev.p)]);
        list.appendChild(el("li", {}, [el("q", { class: "quote" }, ev.t), cite]));
      });
      openDrawer([el("h3", {}, edgeTitle(e)),
        el("p", { class: "cite" }, plural(e.w, "supporting sentence", "supporting sentences") + " in " +
          plural(e.docs.length, "letter", "letters") + (stances ? " \u00b7 stance of the passages: " + stances : "")),
        list], opener || edgeNodes[i]);
    }
    function selectNode(i, opener) {
      unmark();
      nodeNodes[i].classList.add("selected");
      var n = G.nodes[i];
      var links = el("ul", { class: "links" });
      G.edges.forEach(function (e, k) {
        var touches = e.s === i || e.t === i;
        edgeNodes[k].classList.toggle("dim", !touches);
        if (!touches || !visibleEdge[k]) return;
        var button = el("button", { type: "button", class: "linkish" }, edgeTitle(e) + " (" + e.w + ")");
        button.addEventListener("click", function () { selectEdge(k, nodeNodes[i]); });
        links.appendChild(el("li", {}, button));
      });
      openDrawer([el("h3", {}, n.lb),
        el("p", { class: "cite" }, n.k + " \u00b7 " + plural(n.m || 0, "mention", "mentions") +
          (n.f ? " \u00b7 first " + n.f + ", last " + n.ls : "")), links], opener || nodeNodes[i]);
    }
    apply();
  }


  // ---------- requests ----------
  function renderRequests() {
    var select = byId("requests-addressee");
    var counts = {};
    DATA.requests.forEach(function (q) { var a = q.a || "(unknown)"; counts[a] = (counts[a] || 0) + 1; });
    select.appendChild(option("", "all"));
    Object.keys(counts).sort().forEach(function (a) { select.appendChild(option(a, a + " (" + counts[a] + ")")); });
    var body = byId("requests-table").querySelector("tbody");
    function row(q) {
      var sentence = el("td", { class: "sentence", "data-label": "Sentence" }, [q.t]);
      if (q.p >= 0) append(sentence, [" ", passageLink(q.p, "\u2197")]);
      // data-label: the column name, shown before the value when rows become cards on a phone.
      return el("tr", {}, [el("td", { "data-label": "Letter" }, letterLink(q.l)),
        el("td", { class: "date", "data-label": "Date" }, dateNode(q.l)),
        el("td", { "data-label": "Addressee" }, q.a || ""), el("td", { "data-label": "Measures" }, q.tg.join(", ")),
        sentence]);
    }
    function apply() {
      var who = select.value;
      var rows = DATA.requests.filter(function (q) { return !who || (q.a || "(unknown)") === who; });
      byId("requests-count").textContent = plural(rows.length, "request", "requests");
      paged(body, byId("requests-more"), rows, row);
    }
    select.addEventListener("change", apply);
    apply();
  }

  // ---------- search ----------
  function renderSearch() {
    var input = byId("search-input"), theme = byId("search-theme"), stance = byId("search-stance"),
      letter = byId("search-letter"), requestsOnly = byId("search-requests");
    theme.appendChild(option("", "all"));
    DATA.themes.forEach(function (t) { theme.appendChild(option(t, t)); });
    stance.appendChild(option("", "all"));
    STANCES.forEach(function (s) { stance.appendChild(option(s, s)); });
    letter.appendChild(option("", "all"));
    LETTERS.forEach(function (l, li) {
      letter.appendChild(option(String(li), dateText(li) + " \u00b7 " + shortText(letterName(li), 70)));
    });
    var folded = null; // built on the first search, not on load
    var timer = null;
    function run() {
      var terms = fold(input.value).split(/\s+/).filter(Boolean);
      var li = letter.value === "" ? -1 : +letter.value;
      // Nothing is listed until there is a question: words typed or a filter chosen.
      if (!terms.length && li < 0 && !theme.value && !stance.value && !requestsOnly.checked) {
        clear(byId("search-results"));
        clear(byId("search-more"));
        byId("search-count").textContent = "Type words or choose a filter to search " +
          plural(PASSAGES.length, "passage", "passages") + ".";
        return;
      }
      if (terms.length && folded === null) folded = PASSAGES.map(function (p) { return fold(p.t); });
      var hits = [];
      for (var pi = 0; pi < PASSAGES.length; pi++) {
        var p = PASSAGES[pi];
        if (li >= 0 && p.l !== li) continue;
        if (theme.value && p.th.indexOf(theme.value) < 0) continue;
        if (stance.value && p.st !== stance.value) continue;
        if (requestsOnly.checked && !p.r) continue;
        if (terms.length && !terms.every(function (t) { return folded[pi].indexOf(t) >= 0; })) continue;
        hits.push(pi);
      }
      byId("search-count").textContent = plural(hits.length, "passage", "passages") + " of " + PASSAGES.length;
      paged(byId("search-results"), byId("search-more"), hits, function (pi) {
        return passageNode(pi, { withLetter: true, terms: terms });
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    [theme, stance, letter, requestsOnly].forEach(function (c) { c.addEventListener("change", run); });
    run();
  }

  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    if (id.indexOf("letter-") === 0) {
      for (var li = 0; li < LETTERS.length; li++) if ("letter-" + LETTERS[li].id === id) return revealLetter(li);
    }
    for (var pi = 0; pi < PASSAGES.length; pi++) if (PASSAGES[pi].id === id) return revealPassage(pi);
  }

  // Sections scroll to just below the sticky nav, whose height depends on how often it wraps.
  function measureNav() {
    document.documentElement.style.setProperty("--nav-height", document.querySelector(".nav").offsetHeight + "px");
  }
  measureNav();
  window.addEventListener("resize", measureNav);

  // The nav moves focus to the section it jumps to, so keyboard users continue from there.
  Array.prototype.forEach.call(document.querySelectorAll(".nav a"), function (link) {
    link.addEventListener("click", function () {
      var target = byId(link.getAttribute("href").slice(1));
      if (target) setTimeout(function () { target.focus({ preventScroll: true }); }, 0);
    });
  });

  measureWidths();
  renderSummary();
  renderChanges();
  renderLetters();
  renderTimelines();
  renderGraph();
  renderRequests();
  renderSearch();
  window.addEventListener("hashchange", followHash);
  followHash();
  // For tests and the load-time measurement (tests/browser/measure_load.py).
  if (window.performance && performance.mark) performance.mark("vng-ready");
  document.documentElement.setAttribute("data-ready", "1");
})();
