"""Bytes to text, and an HTML page to its main text."""

from __future__ import annotations

import codecs
import logging
import re

from bs4 import BeautifulSoup, Tag

log = logging.getLogger(__name__)

# Page furniture that never holds the article.
NON_CONTENT_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
)
ARTICLE_SELECTORS = (
    "article",
    "[itemprop=articleBody]",
    ".post-content",
    ".entry-content",
    ".article-content",
    ".article__text",
    ".post__text",
    "main",
)
BLOCK_TAGS = ("p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "blockquote", "pre", "div", "time")
_BLANK_RUNS = re.compile(r"\n\s*\n\s*")
_SPACE_RUNS = re.compile(r"[ \t\r\f\v\u00a0]+")


def decode(content: bytes, charset: str | None, *, where: str) -> str:
    """Decode with the declared charset (default UTF-8); bad bytes become U+FFFD, logged."""
    encoding = charset or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        log.warning("%s: unknown charset %r, reading as UTF-8", where, encoding)
        encoding = "utf-8"
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        log.warning(
            "%s: invalid %s at byte %d; undecodable bytes replaced with U+FFFD",
            where,
            encoding,
            error.start,
        )
        return content.decode(encoding, errors="replace")


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; keep line breaks (bulletins are line lists)."""
    lines = (_SPACE_RUNS.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def element_text(element: Tag) -> str:
    """Visible text of an element, line breaks where the HTML breaks lines."""
    for line_break in element.find_all("br"):
        line_break.replace_with("\n")
    for block in element.find_all(BLOCK_TAGS):
        block.insert_before("\n")
        block.insert_after("\n")
    return tidy(element.get_text())


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    """The element whose direct paragraphs hold the most text: the usual article body."""
    best: Tag | None = None
    best_length = 0
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if not isinstance(parent, Tag) or parent is best:
            continue
        length = sum(
            len(child.get_text(" ", strip=True))
            for child in parent.find_all(("p", "li"), recursive=False)
        )
        if length > best_length:
            best, best_length = parent, length
    return best


def main_text(html: str) -> tuple[str | None, str]:
    """The page's title and the text of its main content (empty when there is none)."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = tidy(title_tag.get_text()) if isinstance(title_tag, Tag) else None
    for tag in soup.find_all(NON_CONTENT_TAGS):
        tag.decompose()
    for selector in ARTICLE_SELECTORS:
        candidate = soup.select_one(selector)
        if candidate is not None and candidate.get_text(strip=True):
            return title or None, element_text(candidate)
    dense = _densest_block(soup)
    if dense is not None:
        return title or None, element_text(dense)
    body = soup.body or soup
    return title or None, element_text(body)
