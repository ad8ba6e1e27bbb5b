"""html_to_text: the text a reader sees, one block per line, page furniture left out."""

from __future__ import annotations

import html

import pytest

from pipeline.parse.html import html_to_text


def lines_of(markup: str) -> list[str]:
    return [line.strip() for line in html_to_text(markup).splitlines() if line.strip()]


def test_inline_elements_keep_a_number_and_a_word_whole() -> None:
    assert lines_of("<p><b>833</b>&nbsp;000 тан<span>ків</span></p>") == ["833\u00a0000 танків"]


@pytest.mark.parametrize(
    "markup",
    [
        "<dl><dt>Танки</dt><dd>9876</dd></dl>",
        "<table><tr><td>Танки</td><td>9876</td></tr></table>",
        "<ul><li>Танки</li><li>9876</li></ul>",
        "<p>Танки<br>9876</p>",
        "<figure><figcaption>Танки</figcaption></figure>9876",
    ],
)
def test_block_elements_end_a_line(markup: str) -> None:
    assert lines_of(markup) == ["Танки", "9876"]


def test_soft_hyphens_and_zero_width_characters_are_removed() -> None:
    assert lines_of("<p>тан&shy;ків ‒ 9&#8203;876&#8288;&#65279;</p>") == ["танків ‒ 9876"]


def test_invisible_content_is_dropped() -> None:
    markup = (
        "<head><title>1</title></head><body><script>var a = 2;</script><style>.b{}</style>"
        "<noscript>3</noscript><template>4</template><!-- 5 --><select><option>6</option>"
        "</select><button>7</button><p>танків 9876</p></body>"
    )
    assert lines_of(markup) == ["танків 9876"]


@pytest.mark.parametrize(
    "furniture",
    [
        "<nav>831620</nav>",
        "<aside>831620</aside>",
        "<amp-sidebar>831620</amp-sidebar>",
        "<header class='site-header'>831620</header>",
        "<footer>831620</footer>",
        "<div class='jp-relatedposts'>831620</div>",
        "<div class='article__read-also'>831620</div>",
        "<div id='sidebar'>831620</div>",
        "<a class='tgme_widget_message_reply'>831620</a>",
        "<a class='tgme_widget_message_link_preview'>831620</a>",
    ],
)
def test_page_furniture_is_dropped_and_ends_a_line(furniture: str) -> None:
    assert lines_of(f"<body><p>833000{furniture}(+1380)</p></body>") == ["833000", "(+1380)"]


def test_an_articles_own_header_and_footer_stay() -> None:
    markup = (
        "<article><header><h1>Втрати ворога станом на 28 січня</h1></header><p>танків 9876</p>"
        "<footer>Джерело: Генштаб ЗСУ</footer></article>"
    )
    assert lines_of(markup) == [
        "Втрати ворога станом на 28 січня",
        "танків 9876",
        "Джерело: Генштаб ЗСУ",
    ]


@pytest.mark.parametrize(
    "markup",
    [
        "<nav><a href='/'>Головна</a><h1>Втрати</h1><p>танків 9876</p>",
        "<div class='site has-sidebar'><main><p>танків 9876</p></main></div>",
        "<body class='right-sidebar'><p>танків 9876</p></body>",
    ],
)
def test_furniture_that_holds_the_article_stays(markup: str) -> None:
    assert "танків 9876" in lines_of(markup)


def test_escaped_markup_is_read_as_html() -> None:
    escaped = html.escape("<table><tr><td>Танки</td><td>9876</td></tr></table>")
    assert lines_of(escaped) == ["Танки", "9876"]


def test_plain_text_with_an_escaped_sign_stays_text() -> None:
    assert lines_of("тиск &lt; 5 бар") == ["тиск < 5 бар"]


def test_cdata_sections_are_read_as_their_markup() -> None:
    assert lines_of("<![CDATA[<p>Танки</p><p>9876</p>]]>") == ["Танки", "9876"]


def test_nesting_deeper_than_256_levels_keeps_the_text() -> None:
    assert lines_of("<font>" * 400 + "<p>танків 9876</p>") == ["танків 9876"]


def test_declared_encoding_does_not_redecode_the_text() -> None:
    markup = (
        '<?xml version="1.0" encoding="windows-1251"?><html><head><meta charset="windows-1251">'
        "</head><body><p>танків 9876</p></body></html>"
    )
    assert lines_of(markup) == ["танків 9876"]


@pytest.mark.parametrize("markup", ["", "   ", "<!-- only a comment -->"])
def test_nothing_visible_gives_no_text(markup: str) -> None:
    assert lines_of(markup) == []
