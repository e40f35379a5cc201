"""Fetching URLs: content types, charsets, redirects, limits, errors and the SSRF guard."""

from __future__ import annotations

import gzip
import socket

import httpx
import pytest
from ingest_samples import ARABIC, ENGLISH, ENGLISH_2, html_page, jsonl
from ingest_server import LocalServer

from veille.config import Settings
from veille.errors import BlockedAddressError, FetchError
from veille.model import Document, Failure
from veille.readers import check_url, fetch, read_inputs, read_url
from veille.readers import web as web_module

PUBLIC_IP = "93.184.216.34"
"""A global address that tests pretend public names resolve to; never contacted (see MockTransport)."""


def only(items: list[Document | Failure]) -> Document | Failure:
    assert len(items) == 1, items
    return items[0]


def test_html_page(server: LocalServer, local_settings: Settings) -> None:
    page = html_page(ARABIC)  # no <meta charset>: the header says it
    url = server.add("/article", page.encode("cp1256"), "text/html; charset=windows-1256")
    document = only(list(read_url(url, local_settings)))
    assert isinstance(document, Document)
    assert (document.source, document.url, document.format, document.encoding) == (url, url, "html", "cp1256")
    assert document.text == page
    assert server.seen[0].headers["user-agent"] == local_settings.user_agent


def test_plain_text_and_jsonl(server: LocalServer, local_settings: Settings) -> None:
    text_url = server.add("/note", ENGLISH, "text/plain; charset=utf-8")
    lines_url = server.add("/items", jsonl([{"text": ENGLISH}, {"text": ENGLISH_2}]), "application/x-ndjson")
    items = list(read_inputs([text_url, lines_url], local_settings))
    assert [(item.source, type(item).__name__) for item in items] == [
        (text_url, "Document"),
        (f"{lines_url}:1", "Document"),
        (f"{lines_url}:2", "Document"),
    ]
    assert isinstance(items[0], Document) and items[0].format == "text"


def test_redirects_are_followed(server: LocalServer, local_settings: Settings) -> None:
    final = server.add("/final", html_page(ENGLISH), "text/html")
    server.redirect("/step2", "/final", 302)
    start = server.redirect("/step1", server.url("/step2"), 301)
    document = only(list(read_url(start, local_settings)))
    assert isinstance(document, Document) and document.source == start and document.url == final


def test_too_many_redirects(server: LocalServer, local_settings: Settings) -> None:
    server.redirect("/loop", "/loop")
    failure = only(list(read_url(server.url("/loop"), local_settings.replace(max_redirects=3))))
    assert isinstance(failure, Failure) and failure.error == "FetchError"
    assert "too many redirects (more than 3)" in failure.message
    assert len(server.seen) == 4


@pytest.mark.parametrize(("status", "reason"), [(404, "Not Found"), (503, "Service Unavailable")])
def test_http_errors_name_the_status(server: LocalServer, local_settings: Settings, status: int, reason: str) -> None:
    url = server.add("/x", "nope", "text/plain", status=status)
    failure = only(list(read_url(url, local_settings)))
    assert isinstance(failure, Failure) and failure.source == url
    assert f"HTTP {status} {reason}" in failure.message


def test_size_limit_from_content_length(server: LocalServer, local_settings: Settings) -> None:
    url = server.add("/big", "x" * 50_000, "text/plain")
    failure = only(list(read_url(url, local_settings.replace(max_document_bytes=10_000))))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError"
    assert "50.0 kB, over the 10.0 kB limit" in failure.message


def test_size_limit_while_streaming(server: LocalServer, local_settings: Settings) -> None:
    url = server.add("/stream", "y" * 50_000, "text/plain", chunked=True)
    failure = only(list(read_url(url, local_settings.replace(max_document_bytes=10_000))))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError" and "more than" in failure.message


def test_size_limit_applies_after_content_encoding(server: LocalServer, local_settings: Settings) -> None:
    bomb = gzip.compress(b"<p>" + b" " * 2_000_000)
    url = server.add("/bomb", bomb, "text/html", headers={"Content-Encoding": "gzip"})
    failure = only(list(read_url(url, local_settings.replace(max_document_bytes=100_000))))
    assert isinstance(failure, Failure) and failure.error == "TooLargeError"


def test_binary_response(server: LocalServer, local_settings: Settings) -> None:
    url = server.add("/report.pdf", b"%PDF-1.4\n1 0 obj\n", "application/pdf")
    failure = only(list(read_url(url, local_settings)))
    assert isinstance(failure, Failure) and failure.error == "BinaryInputError" and "a PDF file" in failure.message


def test_timeout(server: LocalServer, local_settings: Settings) -> None:
    url = server.add("/slow", "late", "text/plain", delay=1.0)
    failure = only(list(read_url(url, local_settings.replace(fetch_timeout=0.2))))
    assert isinstance(failure, Failure) and "did not answer within 0.2 seconds" in failure.message


def test_connection_refused_and_the_batch_goes_on(server: LocalServer, local_settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    good = server.add("/ok", ENGLISH, "text/plain")
    failure, document = list(read_inputs([closed, good], local_settings))
    assert isinstance(failure, Failure) and failure.source == closed and "could not fetch it" in failure.message
    assert isinstance(document, Document) and document.text == ENGLISH


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_local_server_is_refused_without_allow_private(server: LocalServer, settings: Settings, host: str) -> None:
    url = server.add("/secret", "internal", "text/plain").replace("127.0.0.1", host)
    failure = only(list(read_url(url, settings)))
    assert isinstance(failure, Failure) and failure.error == "BlockedAddressError" and failure.source == url
    assert "resolves to 127.0.0.1, a loopback address; pass --allow-private to fetch it" in failure.message
    assert server.seen == []


BLOCKED = [
    ("http://10.1.2.3/", "a private address"),
    ("http://192.168.0.10:8080/admin", "a private address"),
    ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
    ("http://0.0.0.0/", "an unspecified address"),
    ("http://224.0.0.1/", "a multicast address"),
    ("http://100.64.0.1/", "a non-public address"),
    ("http://[::1]/", "a loopback address"),
    ("http://[fe80::1]/", "a link-local address"),
    ("http://[fd00::5]/", "a private address"),
    ("http://[::ffff:127.0.0.1]/", "a loopback address"),
    ("http://[::ffff:10.0.0.1]/", "a private address"),
    ("http://[64:ff9b::a9fe:a9fe]/", "a link-local address"),
    ("http://2130706433/", "a loopback address"),  # 127.0.0.1 written as a number
]


@pytest.mark.parametrize(("url", "reason"), BLOCKED, ids=[row[0] for row in BLOCKED])
def test_private_addresses_are_blocked(settings: Settings, url: str, reason: str) -> None:
    with pytest.raises(BlockedAddressError) as info:
        check_url(url, settings)
    assert reason in info.value.message and "--allow-private" in info.value.message
    check_url(url, settings.replace(allow_private=True))


def test_public_addresses_pass(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    check_url(f"https://{PUBLIC_IP}/", settings)
    monkeypatch.setattr(web_module, "_resolve", lambda host, port: [PUBLIC_IP])
    check_url("https://news.example/story", settings)


def test_any_private_address_of_a_name_blocks_it(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_module, "_resolve", lambda host, port: [PUBLIC_IP, "10.0.0.8"])
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.8, a private address"):
        check_url("https://split.example/", settings)


def test_unresolvable_host(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(web_module, "_resolve", fail)
    with pytest.raises(FetchError, match=r"could not resolve the host name nowhere\.example"):
        check_url("https://nowhere.example/", settings)


@pytest.mark.parametrize("url", ["ftp://files.example/a.txt", "file:///etc/passwd", "gopher://x.example/"])
def test_other_schemes_are_refused(settings: Settings, url: str) -> None:
    failure = only(list(read_inputs([url], settings)))
    assert isinstance(failure, Failure) and failure.error == "FetchError"
    assert "only http and https URLs are fetched" in failure.message


def mock_client(routes: dict[str, httpx.Response], seen: list[httpx.Request]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handle))


@pytest.mark.parametrize(
    ("location", "blocked"),
    [
        ("http://127.0.0.1:8080/admin", BlockedAddressError),
        ("http://intranet.example/wiki", BlockedAddressError),
        ("file:///etc/passwd", FetchError),
    ],
)
def test_redirect_to_a_private_address_is_refused(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, location: str, blocked: type[Exception]
) -> None:
    addresses = {"news.example": [PUBLIC_IP], "intranet.example": ["10.20.30.40"]}
    monkeypatch.setattr(web_module, "_resolve", lambda host, port: addresses[host])
    seen: list[httpx.Request] = []
    client = mock_client({"https://news.example/story": httpx.Response(302, headers={"Location": location})}, seen)
    with pytest.raises(blocked) as info:
        fetch("https://news.example/story", settings, client=client)
    assert isinstance(info.value, FetchError) and info.value.source == "https://news.example/story"
    assert f"redirects to {location}" in info.value.message
    assert [str(r.url) for r in seen] == ["https://news.example/story"]


def test_injected_client_gets_the_user_agent(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_module, "_resolve", lambda host, port: [PUBLIC_IP])
    seen: list[httpx.Request] = []
    page = html_page(ENGLISH).encode()
    client = mock_client(
        {"https://news.example/a": httpx.Response(200, headers={"Content-Type": "text/html"}, content=page)}, seen
    )
    document = only(list(read_url("https://news.example/a", settings, client=client)))
    assert isinstance(document, Document) and document.text == page.decode()
    assert seen[0].headers["user-agent"] == settings.user_agent
