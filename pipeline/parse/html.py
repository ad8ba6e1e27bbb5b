"""HTML pages reduced to the text a reader sees, one block element per line.

lxml (libxml2) builds the tree in C: about ten times faster than beautifulsoup4, whose tree
building in Python cost 0.8 ms a page whichever parser fed it.
"""

from __future__ import annotations

from lxml import etree

# Invisible content whose numbers would only mislead the extractors.
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "head")
# Block elements end a line, so a number in one cell or item never glues onto the label of
# the next; inline elements (<b>833,000</b> troops) stay on their line.
_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "tr",
    "td",
    "th",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "title",
)
# Bytes with a fixed encoding: a page's own "<?xml encoding=...?>" or <meta charset> cannot
# contradict the text it was already decoded to.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def html_to_text(markup: str) -> str:
    data = markup.encode("utf-8", "replace")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        # Nothing libxml2 can read as a document (empty or only a comment): no visible text.
        return ""
    if root is None:
        return ""
    for element in list(root.iter(*_DROPPED_TAGS)):
        _drop(element)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return "".join(root.itertext())


def _drop(element: etree._Element) -> None:
    """Remove ``element`` and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
