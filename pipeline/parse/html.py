"""HTML pages reduced to the text a reader sees, one block element per line."""

from __future__ import annotations

from bs4 import BeautifulSoup

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


def html_to_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup(_BLOCK_TAGS):
        tag.append("\n")
    return soup.get_text()
