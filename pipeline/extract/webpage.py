"""Saved web pages (.html, .htm) through lxml: the letter's main text, without the site around it.

What goes: scripts, styles, forms, and the site's furniture (`nav`, `header`, `footer`, `aside`, elements
with a navigation, banner or contentinfo role, or a class/id naming a menu, breadcrumb, cookie bar,
share buttons or sidebar). What is read: `<main>`, else `<article>`, else the body. Every block-level
element that holds text becomes one line that starts a block: `h1`-`h6` are headings, `li` are list
items (written with a "•" bullet), table rows are one line each, `<br>` breaks a block into lines.
Superscript digits (`<sup>2</sup>`) are footnote references and are marked as the PDF reader marks them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from pipeline.errors import EmptyInputError, NotTextError
from pipeline.extract.pdf import FOOTNOTE_REF_MARK
from pipeline.types import Line, RawDocument

_DROP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
              "svg", "button", "select", "input", "textarea", "object", "embed", "canvas", "dialog"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
_DROP_NAME_RE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|cookiebar|"
                           r"skip-?link|share|social|sidebar|site-?header|site-?footer)(?:$|[\s_-])", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
               "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
               "address", "figure", "figcaption", "hr", "body", "center"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_URL_ONLY_RE = re.compile(r"^(?:\d{1,2}\s+)?(?:https?://|www\.)\S*$")


def read_html(data: bytes, source: str) -> RawDocument:
    if not data.strip():
        raise EmptyInputError(f"{source}: the file is empty; nothing to analyse")
    if b"\x00" in data[:4096]:
        raise NotTextError(f"{source}: the file holds binary data, not a web page; save the page again as HTML")
    try:
        root = lxml.html.fromstring(data)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotTextError(f"{source}: not a readable web page ({error}); save it again as HTML or PDF") from error
    _drop_furniture(root)
    main = _main_element(root)
    lines = tuple(_block_lines(main))
    if not lines:
        raise EmptyInputError(f"{source}: the web page holds no text outside its navigation; nothing to analyse")
    return RawDocument(source=source, kind="html", lines=lines, page_count=None, layout="html",
                       layout_evidence=(("blocks", len(lines)), ("main", str(main.tag))))


def _drop_furniture(root: lxml.html.HtmlElement) -> None:
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in _DROP_TAGS or (element.get("role") or "").lower() in _DROP_ROLES \
                or _DROP_NAME_RE.search(names) or element.get("hidden") is not None \
                or element.get("aria-hidden") == "true":
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _main_element(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for path in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(path)
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _text_of(element: lxml.html.HtmlElement) -> Iterator[str]:
    """The element's text with <br> as line breaks and superscript digits marked as references."""
    parts: list[str] = []
    def walk(node: lxml.html.HtmlElement) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif node.tag == "sup" and node.text_content().strip().isdigit():
            parts.append(FOOTNOTE_REF_MARK + node.text_content().strip())
            parts.append(node.tail or "")
            return
        else:
            parts.append(node.text or "")
            for child in node:
                if isinstance(child.tag, str):
                    walk(child)
                else:
                    parts.append(child.tail or "")
        if node is not element:
            parts.append(node.tail or "")
    walk(element)
    for piece in "".join(parts).split("\n"):
        piece = " ".join(piece.split())
        if piece:
            yield piece


def _has_block_child(element: lxml.html.HtmlElement) -> bool:
    return any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in element.iterdescendants())


def _block_lines(element: lxml.html.HtmlElement) -> Iterator[Line]:
    tag = element.tag
    if tag == "tr":
        cells = [" ".join(cell.text_content().split()) for cell in element if cell.tag in ("td", "th")]
        text = " ".join(cell for cell in cells if cell)
        if text:
            yield Line(text=text, page=None, gap_before=True)
        return
    if tag in _HEADINGS or not _has_block_child(element):
        for index, piece in enumerate(_text_of(element)):
            if tag == "li" and index == 0 and not _URL_ONLY_RE.match(piece):
                piece = f"• {piece}"
            yield Line(text=piece, page=None, gap_before=index == 0,
                       style="heading" if tag in _HEADINGS else None)
        return
    # Mixed content: runs of loose text and inline elements between block children are blocks of their own.
    run: list[str] = []

    def flush() -> Iterator[Line]:
        text = " ".join(" ".join(run).split())
        run.clear()
        if text:
            yield Line(text=text, page=None, gap_before=True)

    run.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
            yield from flush()
            yield from _block_lines(child)
        elif isinstance(child.tag, str):
            run.append(" ".join(_text_of(child)))
        run.append(child.tail or "")
    yield from flush()
