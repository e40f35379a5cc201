"""Fetching http(s) URLs, with limits and a guard against server-side request forgery.

Every request, including each redirect hop, is checked first: the scheme
must be http or https, and every address the host name resolves to must be
public, unless ``Settings.allow_private`` says otherwise. Veille often runs
on a server and fetches URLs found in feeds written by others; without the
guard a feed could make it read ``http://169.254.169.254/`` (a cloud
metadata service) or an intranet page.

Redirects are followed by hand, up to ``Settings.max_redirects``; bodies are
streamed and cut at ``Settings.max_document_bytes`` (after content-encoding
is undone, so a compressed bomb is cut too). The kind of what was fetched
comes from the ``Content-Type`` header, or from the content itself when the
header is generic.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from veille.config import Settings
from veille.errors import BlockedAddressError, FetchError, InputError
from veille.model import Document, Failure
from veille.readers.decode import InputKind, decode, parse_content_type, read_failure, too_large
from veille.readers.files import read_stream

__all__ = ["ACCEPT", "Fetched", "check_url", "fetch", "fetch_page", "make_client", "read_url"]

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_KINDS: dict[str, InputKind] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+xml": "feed",
    "application/x-ndjson": "jsonl",
    "application/ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/warc": "warc",
}
"""Media types that say what a body is; any other type is sniffed."""
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response: the final URL after redirects, and the body."""

    url: str
    status: int
    media_type: str | None
    charset: str | None
    body: bytes


def make_client(settings: Settings) -> httpx.Client:
    """An ``httpx.Client`` set up as Veille fetches: honest User-Agent, no automatic redirects."""
    return httpx.Client(
        timeout=settings.fetch_timeout,
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _blocked_reason(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` must not be fetched, or ``None`` if it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return _blocked_reason(inner)
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "a non-public address"),
    )
    for blocked, reason in checks:
        if blocked:
            return reason
    return None


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to avoid DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def check_url(url: str, settings: Settings, *, source: str | None = None) -> None:
    """Raise :class:`FetchError` unless ``url`` may be fetched.

    Only http and https are fetched; unless ``settings.allow_private``, a host
    that is, or resolves to, a loopback, private, link-local, reserved,
    multicast or unspecified address raises :class:`BlockedAddressError`.
    ``source`` is the URL to name in the error (the one the user gave, when
    ``url`` is a redirect target).
    """
    source = source or url
    via = f"redirects to {url}; " if url != source else ""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(source, f"{via}not a valid URL ({exc})") from None
    if parsed.scheme not in {"http", "https"}:
        scheme = parsed.scheme or "no"
        raise FetchError(source, f"{via}uses the {scheme} scheme; only http and https URLs are fetched")
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise FetchError(source, f"{via}the URL has no host name")
    if settings.allow_private:
        return
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = _resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise FetchError(source, f"{via}could not resolve the host name {host} ({exc}); check the URL") from None
    else:
        addresses = [str(literal)]
    for address in addresses:
        reason = _blocked_reason(ipaddress.ip_address(address))
        if reason is not None:
            raise BlockedAddressError(
                source, f"{via}{host} resolves to {address}, {reason}; pass --allow-private to fetch it"
            )


def _read_body(response: httpx.Response, source: str, settings: Settings) -> bytes:
    limit = settings.max_document_bytes
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit and not response.headers.get("content-encoding"):
        raise too_large(source, limit, int(length))
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise too_large(source, limit)
    return bytes(body)


def fetch(url: str, settings: Settings, *, client: httpx.Client | None = None) -> Fetched:
    """GET ``url`` following redirects by hand, each hop checked by :func:`check_url`.

    Raises :class:`FetchError` (network error, non-2xx status, too many
    redirects), :class:`BlockedAddressError` or :class:`TooLargeError`, all
    naming ``url``.
    """
    own = client is None
    active = make_client(settings) if client is None else client
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT}
    current = url
    try:
        for _ in range(settings.max_redirects + 1):
            check_url(current, settings, source=url)
            request = active.build_request("GET", current, headers=headers, timeout=settings.fetch_timeout)
            log.debug("GET %s", current)
            response = active.send(request, stream=True, follow_redirects=False)
            try:
                status = response.status_code
                location = response.headers.get("location")
                if status in _REDIRECTS and location:
                    current = urljoin(current, location)
                    continue
                if not 200 <= status < 300:
                    where = f" for {current}" if current != url else ""
                    raise FetchError(url, f"the server answered HTTP {status} {response.reason_phrase}{where}")
                body = _read_body(response, url, settings)
                media_type, charset = parse_content_type(response.headers.get("content-type"))
                return Fetched(url=current, status=status, media_type=media_type, charset=charset, body=body)
            finally:
                response.close()
        raise FetchError(
            url, f"too many redirects (more than {settings.max_redirects}); the last one pointed to {current}"
        )
    except httpx.TimeoutException:
        raise FetchError(url, f"the server did not answer within {settings.fetch_timeout:g} seconds") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"could not fetch it ({type(exc).__name__}: {exc})") from None
    finally:
        if own:
            active.close()


def fetch_page(url: str, settings: Settings, *, client: httpx.Client | None = None) -> Document:
    """Fetch ``url`` as one web page: an html Document (text for ``text/plain``).

    ``source`` is ``url``; ``Document.url`` is the final URL after redirects.
    Raises :class:`InputError` subclasses naming ``url``.
    """
    fetched = fetch(url, settings, client=client)
    is_html = fetched.media_type != "text/plain"
    text, encoding = decode(fetched.body, url, html=is_html, declared=fetched.charset, forced=settings.encoding)
    return Document(source=url, text=text, format="html" if is_html else "text", url=fetched.url, encoding=encoding)


def read_url(url: str, settings: Settings, *, client: httpx.Client | None = None) -> Iterator[Document | Failure]:
    """Fetch ``url`` and yield what it holds: a page, a feed's items, JSON Lines or WARC records.

    Failures (blocked, unreachable, too large, unreadable) are yielded as
    :class:`Failure` records naming ``url``.
    """
    own = client is None
    active = make_client(settings) if client is None else client
    try:
        try:
            fetched = fetch(url, settings, client=active)
        except InputError as exc:
            yield read_failure(exc)
            return
        kind = _KINDS.get(fetched.media_type or "")
        log.debug("%s: %s (%s, %d bytes)", url, kind or "sniffing", fetched.media_type, len(fetched.body))
        yield from read_stream(
            io.BytesIO(fetched.body),
            url,
            settings,
            kind=kind,
            declared=fetched.charset,
            url=fetched.url,
            client=active,
        )
    finally:
        if own:
            active.close()
