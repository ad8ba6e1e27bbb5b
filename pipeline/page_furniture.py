"""What on a web page is furniture around an article, never its text: one list for the
fetchers' main-text extraction (pipeline.sources.text) and the parser's HTML reader
(pipeline.parse.html), which must drop the same things."""

from __future__ import annotations

# Menus, sidebars (where "Read also" carries yesterday's bulletin), a site's own header and
# footer (an article's own <header> and <footer> stay: its headline, date and source line).
FURNITURE_TAGS: tuple[str, ...] = ("nav", "aside", "amp-sidebar", "header", "footer")
# The same furniture as classes or ids, matched within a name ("jp-relatedposts",
# "widget-area sidebar"): sidebars and "Read also" / related-posts blocks, often inside the
# article's body.
FURNITURE_NAMES: tuple[str, ...] = ("related", "read-also", "readalso", "read_also", "sidebar")
