"""The HTTP client: conditional GET, redirects, retries, limits and robots.txt, on a real server."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from pipeline.sources.http import BodyTooLarge, FetchError, HttpClient, TransientError
from tests.fetch_fixtures import FAST_HTTP
from tests.localserver import LocalServer, Reply, refused_url

# The fetch tests' client, with a smaller body cap and one more retry to exercise.
FAST = FAST_HTTP.model_copy(
    update={"max_body_bytes": 64 * 1024, "retry_attempts": 3, "retry_timeout": 3.0}
)


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(FAST) as client:
        yield client


def test_a_second_request_is_conditional_and_304_means_unchanged(
    server: LocalServer, http: HttpClient
) -> None:
    server.serve("/feed", "<rss/>", "application/rss+xml")
    first = http.get(server.url("/feed"))
    second = http.get(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)

    assert first.status == 200 and first.content == b"<rss/>" and first.etag
    assert second.unchanged and second.content == b""
    conditional = server.requests_for("/feed")[1].headers
    assert conditional["if-none-match"] == first.etag
    assert conditional["if-modified-since"] == first.last_modified


def test_last_modified_alone_is_sent_and_honoured(server: LocalServer, http: HttpClient) -> None:
    stamp = "Tue, 28 Jan 2025 07:02:11 GMT"
    server.script("/page", Reply(304))
    response = http.get(server.url("/page"), last_modified=stamp)

    assert response.unchanged
    assert server.requests_for("/page")[0].headers["if-modified-since"] == stamp
    assert "if-none-match" not in server.requests_for("/page")[0].headers


def test_redirects_are_followed_to_the_final_url(server: LocalServer, http: HttpClient) -> None:
    server.script("/old", Reply(301, headers={"Location": "/moved"}))
    server.script("/moved", Reply(302, headers={"Location": server.url("/feed")}))
    server.serve("/feed", "<rss/>", "application/rss+xml")

    response = http.get(server.url("/old"))

    assert response.url == server.url("/feed") and response.content == b"<rss/>"


def test_a_redirect_loop_stops_at_the_limit(server: LocalServer, http: HttpClient) -> None:
    server.script("/loop", Reply(302, headers={"Location": "/loop"}))

    with pytest.raises(FetchError, match="more than 3 redirects"):
        http.get(server.url("/loop"))
    assert len(server.requests_for("/loop")) == 4


def test_a_redirect_to_another_scheme_is_refused(server: LocalServer, http: HttpClient) -> None:
    server.script("/ftp", Reply(302, headers={"Location": "ftp://127.0.0.1/feed"}))

    with pytest.raises(FetchError, match="only http:// and https://"):
        http.get(server.url("/ftp"))


def test_only_http_and_https_urls_are_fetched(http: HttpClient) -> None:
    with pytest.raises(FetchError, match="only http:// and https://"):
        http.get("file:///etc/passwd")


def test_connection_refused_is_retried_then_reported(http: HttpClient) -> None:
    with pytest.raises(TransientError, match=r"connection refused \(gave up after 3 tries\)"):
        http.get(refused_url())


def test_a_server_that_never_answers_times_out(server: LocalServer, http: HttpClient) -> None:
    server.script("/hang", Reply(hang=True))

    with pytest.raises(TransientError, match="timed out"):
        http.get(server.url("/hang"))
    assert len(server.requests_for("/hang")) == 3


def test_500_then_success_is_retried(
    server: LocalServer, http: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    server.script("/flaky", Reply(500, b"oops"), Reply(200, b"<rss/>"))

    with caplog.at_level("WARNING", logger="pipeline.sources.http"):
        assert http.get(server.url("/flaky")).content == b"<rss/>"
    assert len(server.requests_for("/flaky")) == 2
    [retry] = [record.getMessage() for record in caplog.records]
    assert retry.startswith(f"{server.url('/flaky')}: HTTP 500")
    assert "; retry 1 in " in retry


@pytest.mark.parametrize("status", [503, 429])
def test_retry_after_is_honoured(server: LocalServer, http: HttpClient, status: int) -> None:
    server.script("/busy", Reply(status, headers={"Retry-After": "1"}), Reply(200, b"<rss/>"))

    assert http.get(server.url("/busy")).content == b"<rss/>"
    first, second = server.requests_for("/busy")
    assert second.at - first.at >= 1.0


def test_retry_after_beyond_the_budget_gives_up(server: LocalServer) -> None:
    server.script("/busy", Reply(503, headers={"Retry-After": "86400"}))
    budget = FAST.model_copy(update={"retry_timeout": 1.0})

    with HttpClient(budget) as http, pytest.raises(TransientError, match="HTTP 503"):
        http.get(server.url("/busy"))
    requests = server.requests_for("/busy")
    # The wait was capped at what was left of the 1-second budget, not a day.
    assert len(requests) >= 2
    assert requests[-1].at - requests[0].at < 86400


def test_404_is_not_retried(server: LocalServer, http: HttpClient) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as raised:
        http.get(server.url("/missing"))
    assert raised.value.http_status == 404
    assert len(server.requests_for("/missing")) == 1


def test_a_declared_oversized_body_is_not_read(server: LocalServer, http: HttpClient) -> None:
    server.serve("/big", b"x" * (FAST.max_body_bytes + 1))

    with pytest.raises(BodyTooLarge, match="larger than 65536"):
        http.get(server.url("/big"))


def test_an_undeclared_oversized_body_is_cut_off(server: LocalServer, http: HttpClient) -> None:
    server.script("/stream", Reply(200, b"x" * (4 * FAST.max_body_bytes), unsized=True))

    with pytest.raises(BodyTooLarge, match="cut off"):
        http.get(server.url("/stream"))


def test_a_gzip_bomb_is_stopped_at_the_decompressed_limit(
    server: LocalServer, http: HttpClient
) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    assert len(bomb) < FAST.max_body_bytes
    server.script("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))

    with pytest.raises(BodyTooLarge, match="decompressed body larger than 65536"):
        http.get(server.url("/bomb"))


def test_gzip_within_limits_is_decompressed(server: LocalServer, http: HttpClient) -> None:
    server.script("/gz", Reply(200, gzip.compress("втрати".encode()), {"Content-Encoding": "gzip"}))

    assert http.get(server.url("/gz")).content == "втрати".encode()


def test_robots_txt_is_respected_and_read_once_per_host(
    server: LocalServer, http: HttpClient
) -> None:
    server.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    server.serve("/feed", "<rss/>", "application/rss+xml")

    http.get(server.url("/feed"))
    http.get(server.url("/feed"))
    with pytest.raises(FetchError, match=r"disallowed by .*/robots\.txt"):
        http.get(server.url("/private/page"))

    assert len(server.requests_for("/robots.txt")) == 1
    assert server.requests_for("/private/page") == []


def test_a_failing_robots_txt_means_nothing_is_fetched(
    server: LocalServer, http: HttpClient
) -> None:
    server.script("/robots.txt", Reply(500))
    server.serve("/feed", "<rss/>", "application/rss+xml")

    with pytest.raises(FetchError, match=r"robots\.txt answered HTTP 500"):
        http.get(server.url("/feed"))
    assert server.requests_for("/feed") == []


def test_the_configured_user_agent_is_sent(server: LocalServer, http: HttpClient) -> None:
    server.serve("/feed", "<rss/>", "application/rss+xml")
    http.get(server.url("/feed"))

    assert server.requests_for("/feed")[0].headers["user-agent"] == FAST.user_agent
