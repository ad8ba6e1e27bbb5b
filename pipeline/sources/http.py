"""The HTTP client every adapter uses: polite, conditional, bounded. The only httpx2 user.

Every response body is streamed and capped (raw and decompressed), redirects are
followed by hand so each hop is checked for scheme and robots.txt, and transient
failures (connection errors, timeouts, 5xx, 429) are retried with stamina inside
a fixed time budget that also caps any Retry-After the server asks for.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import time
import zlib
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx2
import stamina
import stamina.instrumentation
from protego import Protego

from pipeline.config import HttpSettings
from pipeline.sources.errors import SourceError

log = logging.getLogger(__name__)


def _log_retry(details: stamina.instrumentation.RetryDetails) -> None:
    log.warning("%s; retry %d in %.1f s", details.caused_by, details.retry_num, details.wait_for)


# stamina's default hook logs a bare "stamina.retry_scheduled"; say what failed and when
# the next try is, through this module's logger (and so the service's log format).
stamina.instrumentation.set_on_retry_hooks([_log_retry])

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
STREAM_CHUNK_BYTES = 64 * 1024


class FetchError(SourceError):
    """A request failed for good (after any retries)."""

    def __init__(self, message: str, *, url: str, http_status: int | None = None) -> None:
        super().__init__(f"{url}: {message}", http_status=http_status)
        self.url = url


class TransientError(FetchError):
    """Worth another try: connection trouble, a timeout, 5xx or 429."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, url=url, http_status=http_status)
        self.retry_after = retry_after


class BodyTooLarge(FetchError):
    """The body (raw or decompressed) is bigger than ``http.max_body_bytes``."""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    url: str
    status: int
    content: bytes
    media_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def unchanged(self) -> bool:
        return self.status == 304


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("only http:// and https:// URLs are fetched", url=url)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _CappedDecoder:
    """Decompresses gzip/deflate incrementally, never producing more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.limit = limit
        self.url = url
        self.size = 0
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", url=url)

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        try:
            while data:
                piece = self._inflater.decompress(data, self.limit - self.size + 1)
                self.size += len(piece)
                out += piece
                if self.size > self.limit:
                    raise BodyTooLarge(
                        f"decompressed body larger than {self.limit} bytes: cut off",
                        url=self.url,
                    )
                data = self._inflater.unconsumed_tail
        except zlib.error as error:
            raise FetchError(f"corrupt compressed body: {error}", url=self.url) from None
        return bytes(out)


class HttpClient:
    """One per process run: it caches robots.txt and spaces requests per host."""

    def __init__(
        self, settings: HttpSettings, *, transport: httpx2.BaseTransport | None = None
    ) -> None:
        self.settings = settings
        # Per origin: the rules, None (everything allowed) or why nothing is allowed.
        self._robots: dict[str, Protego | str | None] = {}
        self._last_request_at: dict[str, float] = {}
        self._client = httpx2.Client(
            timeout=httpx2.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.connect_timeout,
            ),
            headers={
                "User-Agent": settings.user_agent,
                # Only encodings we can decompress under a size cap.
                "Accept-Encoding": "gzip, deflate",
            },
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> HttpResponse:
        """GET ``url``; a 304 comes back as an unchanged response, failures as FetchError."""
        _check_scheme(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        budget = self.settings.retry_timeout

        def retry_wait(error: Exception) -> bool | float:
            if not isinstance(error, TransientError):
                return False
            remaining = budget - (time.monotonic() - started)
            if remaining <= 0:
                return False
            if error.retry_after is not None:
                return min(error.retry_after, remaining)
            return True

        attempts = 0
        try:
            for attempt in stamina.retry_context(
                on=retry_wait,
                attempts=self.settings.retry_attempts,
                timeout=budget,
                wait_initial=min(1.0, budget / 20),
                wait_max=min(30.0, budget / 4),
                wait_jitter=min(1.0, budget / 20),
            ):
                with attempt:
                    attempts += 1
                    return self._get_following_redirects(url, headers)
        except TransientError as error:
            if attempts > 1:
                raise TransientError(
                    f"{str(error).removeprefix(error.url + ': ')} (gave up after {attempts} tries)",
                    url=error.url,
                    http_status=error.http_status,
                ) from None
            raise
        raise AssertionError("unreachable: stamina either returns or raises")

    def _get_following_redirects(self, url: str, headers: dict[str, str]) -> HttpResponse:
        for _hop in range(self.settings.max_redirects + 1):
            _check_scheme(url)
            self._check_robots(url)
            response = self._send_once(url, headers, max_bytes=self.settings.max_body_bytes)
            if isinstance(response, str):
                url = response
                continue
            return response
        raise FetchError(f"more than {self.settings.max_redirects} redirects", url=url)

    def _send_once(
        self, url: str, headers: dict[str, str], *, max_bytes: int
    ) -> HttpResponse | str:
        """One request; a redirect comes back as the absolute URL to follow next."""
        self._wait_politely(url)
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = self._client.send(request, stream=True)
        except httpx2.TimeoutException as error:
            raise TransientError(f"timed out ({type(error).__name__})", url=url) from None
        except (httpx2.NetworkError, httpx2.RemoteProtocolError) as error:
            raise TransientError(f"connection failed: {_reason(error)}", url=url) from None
        except httpx2.HTTPError as error:
            raise FetchError(f"request failed: {_reason(error)}", url=url) from None
        try:
            return self._handle(url, response, max_bytes)
        except httpx2.TimeoutException as error:
            raise TransientError(
                f"timed out reading the body ({type(error).__name__})", url=url
            ) from None
        except (httpx2.NetworkError, httpx2.RemoteProtocolError) as error:
            raise TransientError(f"connection broke: {_reason(error)}", url=url) from None
        finally:
            response.close()

    def _handle(self, url: str, response: httpx2.Response, max_bytes: int) -> HttpResponse | str:
        status = response.status_code
        # 304 first: it is the answer we hoped for, not an error.
        if status == 304:
            return self._response(url, response, b"")
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location", url=url)
            return urljoin(url, location)
        if status == 429 or status >= 500:
            raise TransientError(
                f"HTTP {status}",
                url=url,
                http_status=status,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        if status >= 400:
            raise FetchError(f"HTTP {status}", url=url, http_status=status)
        return self._response(url, response, self._read_capped(url, response, max_bytes))

    def _response(self, url: str, response: httpx2.Response, content: bytes) -> HttpResponse:
        media_type, _, params = response.headers.get("content-type", "").partition(";")
        charset = None
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ").lower()
        return HttpResponse(
            url=url,
            status=response.status_code,
            content=content,
            media_type=media_type.strip().lower(),
            charset=charset,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _read_capped(self, url: str, response: httpx2.Response, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise BodyTooLarge(
                f"body of {int(declared)} bytes is larger than {max_bytes}: not read", url=url
            )
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        decoder = None if encoding in ("", "identity") else _CappedDecoder(encoding, max_bytes, url)
        received = 0
        body = bytearray()
        for chunk in response.iter_raw(STREAM_CHUNK_BYTES):
            received += len(chunk)
            if received > max_bytes:
                raise BodyTooLarge(f"body larger than {max_bytes} bytes: cut off", url=url)
            body += decoder.feed(chunk) if decoder else chunk
        return bytes(body)

    def _wait_politely(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.settings.politeness_delay
        last = self._last_request_at.get(host)
        if last is not None and delay > 0:
            pause = delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request_at[host] = time.monotonic()

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        if origin not in self._robots:
            try:
                self._robots[origin] = self._fetch_robots(origin)
            except TransientError as error:
                # The host itself is unreachable: say so about the page that was asked for.
                message = str(error).removeprefix(f"{error.url}: ")
                raise TransientError(message, url=url) from None
        rules = self._robots[origin]
        if isinstance(rules, str):
            raise FetchError(rules, url=url)
        if rules is not None and not rules.can_fetch(url, self.settings.user_agent):
            raise FetchError(f"disallowed by {origin}/robots.txt", url=url)

    def _fetch_robots(self, origin: str) -> Protego | str | None:
        """The host's rules, None when everything is allowed, or why nothing is (RFC 9309)."""
        url = f"{origin}/robots.txt"
        for _hop in range(self.settings.max_redirects + 1):
            try:
                response = self._send_once(url, {}, max_bytes=ROBOTS_MAX_BYTES)
            except BodyTooLarge:
                log.warning("%s is too large; treating it as allowing everything", url)
                return None
            except TransientError as error:
                if error.http_status is None:
                    raise  # the host is unreachable: retried like the request itself
                # RFC 9309: a robots.txt failing with 5xx means "disallow everything".
                return f"{url} answered HTTP {error.http_status}: not fetching (RFC 9309)"
            except FetchError as error:
                if error.http_status is not None:
                    return None
                raise
            if isinstance(response, str):
                if _origin(response) != origin:
                    return None
                url = response
                continue
            return Protego.parse(response.content.decode("utf-8", errors="replace"))
        return None


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    return text.splitlines()[0]
