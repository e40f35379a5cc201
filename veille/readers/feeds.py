"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one :class:`Document` per item.

Feeds are parsed with ``defusedxml``: a feed that declares XML entities (the
"billion laughs" expansion attack) or refers to external ones is refused as
a whole with :class:`UnsafeInputError`. Elements are matched by local name,
so the many namespace spellings found in the wild (Atom 0.3, Dublin Core,
``content:encoded``) are all understood.

Each item gives its own text (``content:encoded`` or Atom ``content``, else
``description`` or ``summary``) with the metadata the feed states: title,
link, publication date, channel title as site name, authors, item language (xml:lang). With
``Settings.fetch_links`` the page an item links to is fetched instead and
carries the item's metadata; if that fetch fails, the failure is reported
and the item's own text is used.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import defusedxml.ElementTree as DefusedET
import httpx
from defusedxml import DefusedXmlException

from veille.config import Settings
from veille.errors import EmptyInputError, InputError, MalformedInputError, UnsafeInputError
from veille.model import Document, Failure
from veille.readers.decode import decode, read_failure

__all__ = ["parse_feed"]

log = logging.getLogger(__name__)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_MARKUP = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9]*\s*)>"  # a start or end tag
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"  # an escaped character
)
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")
_NAMED_AUTHOR = re.compile(r"^\S+@\S+\s*\((.+)\)$")


@dataclasses.dataclass(slots=True)
class _Channel:
    site_name: str | None
    authors: tuple[str, ...]


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _raw(element: ET.Element) -> str:
    return "".join(element.itertext())


def _plain(value: str) -> str:
    """Titles and names as plain text: markup stripped, spaces collapsed."""
    if _MARKUP.search(value):
        value = html.unescape(_TAG.sub(" ", value))
    return _SPACE.sub(" ", value).strip()


def _first_text(element: ET.Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            value = _plain(_raw(child))
            if value:
                return value
    return None


def _language(value: str | None) -> str | None:
    """``"fr-FR"`` → ``"fr"``; anything that is not a language tag → ``None``."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if 2 <= len(primary) <= 3 and primary.isalpha() else None


def _date(value: str | None) -> date | None:
    """The calendar date an RFC 822 or ISO 8601 timestamp states (in its own zone)."""
    if not value:
        return None
    value = value.strip()
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        log.debug("ignoring unreadable feed date %r", value)
        return None


def _author_name(value: str) -> str:
    match = _NAMED_AUTHOR.match(value)
    return match.group(1).strip() if match else value


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _atom_authors(element: ET.Element) -> tuple[str, ...]:
    return _unique([_first_text(author, "name") or "" for author in _children(element, "author")])


def _strip_namespaces(element: ET.Element) -> ET.Element:
    clone = copy.deepcopy(element)
    for node in clone.iter():
        if isinstance(node.tag, str):
            node.tag = _local(node.tag)
    return clone


def _atom_text(element: ET.Element) -> tuple[str, bool] | None:
    """The text of an Atom text construct and whether it is markup."""
    if element.get("src"):
        return None  # out-of-line content: only the link is useful
    kind = (element.get("type") or "text").lower()
    if kind == "xhtml":
        divs = _children(element, "div")
        holder = _strip_namespaces(divs[0] if divs else element)
        parts = [html.escape(holder.text or "", quote=False)]
        parts += [ET.tostring(child, encoding="unicode", method="html") for child in holder]
        return "".join(parts), True
    if kind in {"html", "text/html"}:
        return _raw(element), True
    if kind == "text" or kind.startswith("text/"):
        return _raw(element), False
    return None  # base64 or another media type


def _item_text(item: ET.Element, atom: bool) -> tuple[str, bool]:
    if atom:
        for name in ("content", "summary"):
            for child in _children(item, name):
                found = _atom_text(child)
                if found is not None and found[0].strip():
                    return found
        return "", False
    for name in ("encoded", "description", "summary"):
        for child in _children(item, name):
            value = _raw(child)
            if value.strip():
                return value, bool(_MARKUP.search(value))
    return "", False


def _item_url(item: ET.Element, atom: bool) -> str | None:
    if atom:
        links = [link for link in _children(item, "link") if link.get("href")]
        for link in links:
            if link.get("rel", "alternate") == "alternate":
                return link.get("href")
        return links[0].get("href") if links else None
    for link in _children(item, "link"):
        value = _raw(link).strip()
        if value:
            return value
    for guid in _children(item, "guid"):
        value = _raw(guid).strip()
        if guid.get("isPermaLink", "true").lower() != "false" and value.startswith(("http://", "https://")):
            return value
    about = item.get(_RDF_ABOUT)
    return about if about and about.startswith(("http://", "https://")) else None


def _item_authors(item: ET.Element, atom: bool, channel: _Channel) -> tuple[str, ...]:
    if atom:
        return _atom_authors(item) or channel.authors
    names = [_author_name(_plain(_raw(child))) for child in _children(item, "author")]
    names += [_plain(_raw(child)) for child in _children(item, "creator")]
    return _unique(names)


def _item_document(item: ET.Element, n: int, source: str, atom: bool, channel: _Channel, encoding: str) -> Document:
    text, markup = _item_text(item, atom)
    url = _item_url(item, atom)
    if atom:
        published = _date(_first_text(item, "published", "issued")) or _date(_first_text(item, "updated", "modified"))
        item_id = _first_text(item, "id")
    else:
        published = _date(_first_text(item, "pubDate", "date", "published"))
        item_id = _first_text(item, "guid") or item.get(_RDF_ABOUT)
    return Document(
        source=f"{source}#{n}",
        text=text,
        format="html" if markup else "text",
        id=item_id,
        url=url,
        published=published,
        # Only an item's own xml:lang counts: a channel's <language> is a feed-wide default that
        # multilingual feeds get wrong, and detection on the item's text does better.
        language=_language(item.get(_XML_LANG)),
        title=_first_text(item, "title"),
        site_name=channel.site_name,
        authors=_item_authors(item, atom, channel),
        encoding=encoding,
    )


def _parse(data: bytes, source: str, settings: Settings, declared: str | None) -> tuple[ET.Element, str]:
    text, encoding = decode(data, source, html=False, declared=declared, forced=settings.encoding)
    try:
        # A str is parsed as the text it is: its XML declaration's encoding is ignored.
        root = DefusedET.fromstring(text)
    except DefusedXmlException as exc:
        raise UnsafeInputError(
            source,
            f"declares XML entities or refers to external ones ({type(exc).__name__}), which can be used "
            "for entity-expansion ('billion laughs') or file-disclosure attacks; Veille refuses such feeds",
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise MalformedInputError(
            source, f"is not well-formed XML ({reason} at line {line}, column {column + 1}); fix or re-export the feed"
        ) from None
    return root, encoding


def _items(root: ET.Element, source: str) -> tuple[list[ET.Element], ET.Element, bool]:
    """The item elements, the element holding the channel metadata, and whether it is Atom."""
    name = _local(root.tag)
    if name == "feed":
        return _children(root, "entry"), root, True
    if name == "rss":
        channels = _children(root, "channel")
        channel = channels[0] if channels else root
        return _children(channel, "item"), channel, False
    if name == "RDF":
        channels = _children(root, "channel")
        return _children(root, "item"), channels[0] if channels else root, False
    raise MalformedInputError(source, f"is XML but not an RSS or Atom feed (its root element is <{name}>)")


def _channel(element: ET.Element, atom: bool) -> _Channel:
    return _Channel(
        site_name=_first_text(element, "title"),
        authors=_atom_authors(element) if atom else (),
    )


def parse_feed(
    data: bytes,
    source: str,
    settings: Settings,
    *,
    declared: str | None = None,
    base_url: str | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Document | Failure]:
    """Yield one :class:`Document` per item of the feed in ``data``.

    ``source`` names the feed (items are ``source#1``, ``source#2`` ...);
    ``declared`` is a charset from an HTTP header; ``base_url`` is where the
    feed was fetched from, to resolve relative links. A feed that cannot be
    parsed yields one :class:`Failure`; an item with neither text nor a link
    yields a :class:`Failure` and the next item is read. With
    ``settings.fetch_links``, item links are fetched with ``client`` (or a
    client made for the purpose).
    """
    try:
        root, encoding = _parse(data, source, settings, declared)
        items, channel_element, atom = _items(root, source)
    except InputError as exc:
        yield read_failure(exc)
        return
    channel = _channel(channel_element, atom)
    log.debug("%s: %d items", source, len(items))
    own_client: httpx.Client | None = None
    if settings.fetch_links and client is None:
        from veille.readers.web import make_client  # web imports the readers, so import it late

        client = own_client = make_client(settings)
    try:
        for n, item in enumerate(items, start=1):
            document = _item_document(item, n, source, atom, channel, encoding)
            if document.url and base_url:
                document.url = urljoin(base_url, document.url)
            yield from _item_outputs(document, settings, client)
    finally:
        if own_client is not None:
            own_client.close()


def _item_outputs(document: Document, settings: Settings, client: httpx.Client | None) -> Iterator[Document | Failure]:
    has_text = bool(document.text.strip())
    if document.url and settings.fetch_links:
        from veille.readers.web import fetch_page

        try:
            page = fetch_page(document.url, settings, client=client)
        except InputError as exc:
            yield read_failure(exc)
        else:
            yield dataclasses.replace(
                page,
                id=document.id,
                title=page.title or document.title,
                published=page.published or document.published,
                language=page.language or document.language,
                site_name=page.site_name or document.site_name,
                authors=page.authors or document.authors,
            )
            return
    if has_text:
        yield document
    elif document.url is None:
        yield read_failure(EmptyInputError(document.source, "is a feed item with neither text nor a link"))
    elif not settings.fetch_links:
        yield read_failure(
            EmptyInputError(
                document.source,
                f"is a feed item with no text, only a link to {document.url}; pass --fetch-links to read the page",
            )
        )
