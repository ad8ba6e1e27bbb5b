"""HTML pages reduced to the text a reader sees, one block element per line.

lxml (libxml2) builds the tree in C: about ten times faster than beautifulsoup4, whose tree
building in Python cost 0.8 ms a page whichever parser fed it.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline import page_furniture
from pipeline.parse.lexicon import visible_text

# Content a reader never sees as the article's text, whose numbers would only mislead the
# extractors: invisible elements and form controls (an archive of past dates).
_INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "select",
    "button",
    "textarea",
    "iframe",
)
_FURNITURE_TAGS = page_furniture.FURNITURE_TAGS
_ARTICLE_TAGS = ("article", "main")
# Furniture by class, and a Telegram message's quote of the post it answers and its link
# preview (another page's text).
_FURNITURE_CLASSES = (
    *page_furniture.FURNITURE_NAMES,
    "tgme_widget_message_reply",
    "tgme_widget_message_link_preview",
)
# Block elements end a line, so a number in one cell or item never glues onto the label of
# the next; inline elements (<b>833,000</b> troops) stay on their line.
_BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "li",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "caption",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "main",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "blockquote",
        "pre",
        "address",
        "details",
        "summary",
        "center",
        "title",
    )
)
_FURNITURE_CLASS = re.compile("|".join(_FURNITURE_CLASSES))
# A feed entry's HTML wrapped in CDATA: libxml2's HTML parser reads "<![CDATA[<p>" as one
# bogus comment, losing the first tag with it.
_CDATA_MARKERS = re.compile(r"<!\[CDATA\[|\]\]>")
# Bytes with a fixed encoding: a page's own "<?xml encoding=...?>" or <meta charset> cannot
# contradict the text it was already decoded to. huge_tree lifts libxml2's limit of 256
# nested elements, past which it drops the rest of the page (unclosed <font> or <div> runs).
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)


def html_to_text(markup: str) -> str:
    if "<" not in markup and "&lt;" in markup:
        # A feed summary whose markup is escaped ("&lt;p&gt;"): its first reading is HTML.
        markup = _text_of(markup)
    if "<![CDATA[" in markup:
        markup = _CDATA_MARKERS.sub("", markup)
    return visible_text(_text_of(markup))


def _text_of(markup: str) -> str:
    data = markup.encode("utf-8", "replace")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        # Nothing libxml2 can read as a document (empty or only a comment): no visible text.
        return ""
    if root is None:
        return ""
    dropped = list(root.iter(*_INVISIBLE_TAGS))
    dropped.extend(
        element
        for element in root.iter(*_FURNITURE_TAGS)
        if element.tag not in ("header", "footer")
        or next(element.iterancestors(*_ARTICLE_TAGS), None) is None
    )
    # Looking at every element's class costs as much as building the tree: only when the
    # page can have such a class at all.
    if any(name in markup for name in _FURNITURE_CLASSES):
        dropped.extend(_furniture_by_class(root))
    for element in dropped:
        if element.tag in _INVISIBLE_TAGS:
            _drop(element, line_break=False)
        elif not _holds_article(element):
            # Furniture that holds the article (an unclosed <nav> swallowing the page, a
            # "has-sidebar" wrapper) stays; the text around furniture never joins up.
            _drop(element, line_break=True)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext())


def _furniture_by_class(root: etree._Element) -> list[etree._Element]:
    furniture = []
    search = _FURNITURE_CLASS.search
    for element in root.iter(etree.Element):
        # Most elements have neither attribute: no string is built or searched for them.
        classes, identifier = element.get("class"), element.get("id")
        if (classes and search(classes)) or (identifier and search(identifier)):
            furniture.append(element)
    return furniture


def _holds_article(element: etree._Element) -> bool:
    return next(element.iter(*_ARTICLE_TAGS, "h1", "body"), None) is not None


def _drop(element: etree._Element, *, line_break: bool) -> None:
    """Remove ``element`` and its content, keeping the text that follows it (on a line of
    its own with ``line_break``)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    if line_break:
        tail = "\n" + tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
