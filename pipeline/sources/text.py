"""Bytes to text, and an HTML page to its main text."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterable
from itertools import islice

from bs4 import BeautifulSoup, Tag

from pipeline import page_furniture

log = logging.getLogger(__name__)

# Page furniture that never holds the article. A site's <header> and <footer> are here too,
# but not an article's own (its headline with the bulletin's date, its source line): see
# _is_furniture.
NON_CONTENT_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    *page_furniture.FURNITURE_TAGS,
    "form",
    "iframe",
    "svg",
    "button",
)
FURNITURE_NAMES = re.compile("|".join(map(re.escape, page_furniture.FURNITURE_NAMES)))
# A "Read also" paragraph without any class: its label, then a link to another article (the
# label's words are often joined by a no-break space).
READ_ALSO_LABEL = re.compile(
    r"\W*(читайте|дивіться|смотрите|read|see)\s+(також|также|also|more)\b", re.IGNORECASE
)
_WORD = re.compile(r"\w")
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
# Elements that end a line, so a figure in one cell, <dd> or item never glues onto the label
# of the next ("Танки9 876"): the parser reads bulletins line by line.
BLOCK_TAGS = (
    "p",
    "li",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "dl",
    "ul",
    "ol",
    "table",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "time",
)
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


def _text_outside_links(element: Tag) -> str:
    """The text a reader reads as the element's own: teasers and "Read also" items are links."""
    return "".join(text for text in element.strings if text.find_parent("a") is None)


def _own_text_length(element: Tag) -> int:
    """The length of ``_text_outside_links``, counted in one pass of the element's text and
    one of its links' (a string's ancestors are many in deeply nested pages)."""
    return len(element.get_text(strip=True)) - sum(
        len(link.get_text(strip=True)) for link in element.find_all("a")
    )


def _holds_article(element: Tag, page_length: int) -> bool:
    """Whether furniture-named ``element`` is a layout wrapper around the article ("has-sidebar",
    "content-sidebar-wrap" on <body> or a container), which must stay. Holding an <article> is
    no sign: related posts are often <article> teasers."""
    if element.name in ("html", "body") or element.find(("main", "h1")) is not None:
        return True
    return _own_text_length(element) * 2 > page_length


def _is_furniture(element: Tag) -> bool:
    """Whether a NON_CONTENT_TAGS element is the site's: an article's own header and footer
    are the article's."""
    if element.name in ("header", "footer"):
        return element.find_parent(("article", "main")) is None
    return True


def _named_as_furniture(element: Tag) -> bool:
    classes = element.get("class") or ()
    names = " ".join(classes) if isinstance(classes, list) else str(classes)
    return FURNITURE_NAMES.search(f"{names} {element.get('id', '')}") is not None


def _is_read_also(block: Tag) -> bool:
    """A block holding only a "Read also" label and links: another article's headline, often
    with its older figures."""
    # The label is in the first few strings: no need to build a long block's whole text.
    opening = " ".join(islice(block.stripped_strings, 3))
    if READ_ALSO_LABEL.match(opening) is None:
        return False
    own_text = READ_ALSO_LABEL.sub("", _text_outside_links(block).strip(), count=1)
    return _WORD.search(own_text) is None


def _is_list_of_links(element: Tag) -> bool:
    return element.name in ("ul", "ol") and _WORD.search(_text_outside_links(element)) is None


def _drop_furniture(soup: BeautifulSoup) -> None:
    _decompose(tag for tag in soup.find_all(NON_CONTENT_TAGS) if _is_furniture(tag))
    page_length = _own_text_length(soup)
    _decompose(
        element
        for element in soup.find_all(_named_as_furniture)
        if not _holds_article(element, page_length)
    )
    read_also: list[Tag] = []
    for block in soup.find_all(("p", "div", "li", "h2", "h3", "h4", "h5", "h6")):
        if _is_read_also(block):
            read_also.append(block)
            # The label on its own line, its links listed below it.
            following = block.find_next_sibling()
            if following is not None and _is_list_of_links(following):
                read_also.append(following)
    _decompose(read_also)


def _decompose(elements: Iterable[Tag]) -> None:
    """Decompose the elements, each once: one inside another is gone with it (and bs4's
    ``decomposed`` check, on a live tag, searches its whole subtree for a child of that name)."""
    dropped = list(elements)
    marked = {id(element) for element in dropped}
    outermost = [
        element
        for element in dropped
        if not any(id(parent) in marked for parent in element.parents)
    ]
    for element in outermost:
        element.decompose()


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    """The element whose direct paragraphs hold the most text outside links: the usual article
    body (a column of teasers has more paragraphs, but they are links)."""
    best: Tag | None = None
    best_length = 0
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if not isinstance(parent, Tag) or parent is best:
            continue
        length = sum(
            _own_text_length(child) for child in parent.find_all(("p", "li"), recursive=False)
        )
        if length > best_length:
            best, best_length = parent, length
    return best


def main_text(html: str) -> tuple[str | None, str]:
    """The page's title and the text of its main content (empty when there is none)."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = tidy(title_tag.get_text()) if isinstance(title_tag, Tag) else None
    _drop_furniture(soup)
    for selector in ARTICLE_SELECTORS:
        # The match with the most text of its own: a "top stories" strip of teaser <article>s
        # comes before the story.
        candidate = max(soup.select(selector), key=_own_text_length, default=None)
        if candidate is not None and candidate.get_text(strip=True):
            return title or None, element_text(candidate)
    dense = _densest_block(soup)
    if dense is not None:
        return title or None, element_text(dense)
    body = soup.body or soup
    return title or None, element_text(body)
