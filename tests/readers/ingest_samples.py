"""Short news-style texts written for these tests, and builders for inputs made of them.

All the events, places and people here are invented.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Uses characters that only cp1252 has among the 8-bit Western encodings:
# curly apostrophe (0x92), œ (0x9c), euro sign (0x80).
FRENCH_CP1252 = (
    "Le ministre des Affaires étrangères a rencontré jeudi son homologue à Genève pour évoquer la crise "
    "qui secoue la région. « Nous avons progressé », a déclaré le porte-parole, qui a précisé que les "
    "négociations reprendraient l’été prochain. Les députés de l’opposition ont critiqué un accord jugé trop "
    "favorable aux intérêts étrangers, d’un montant de 40 millions d’€. Le chœur des critiques s’est élargi "
    "vendredi, quand les syndicats ont annoncé une grève générale."
)

# Only characters that Latin-1 has.
FRENCH_LATIN1 = (
    "Le gouvernement a annoncé mardi la fermeture temporaire de la frontière après des échanges de tirs "
    "près du poste de contrôle. Selon le préfet, trois gardes ont été blessés et évacués vers l'hôpital "
    "régional. Le président a réuni le conseil de défense et appelé au calme. Les élus locaux réclament "
    "une enquête indépendante sur les événements de la nuit dernière."
)

ARABIC = (
    "أعلن وزير الخارجية يوم الخميس أن المفاوضات مع الدول المجاورة ستستأنف الأسبوع المقبل في العاصمة. "
    "وقال المتحدث باسم الحكومة إن الاجتماع تناول الأوضاع الأمنية على الحدود والتعاون الاقتصادي بين البلدين. "
    "وأكد البرلمان دعمه للاتفاق رغم انتقادات المعارضة التي طالبت بنشر تفاصيل المباحثات."
)

ENGLISH = (
    "The coastal republic's parliament voted on Tuesday to extend the state of emergency by ninety days. "
    "Opposition members walked out before the vote, calling the measure an attack on civil liberties. "
    "The interior minister said the extension was needed to secure the northern border."
)

ENGLISH_2 = (
    "Delegations from the two neighbouring states signed a ceasefire agreement in the capital on Friday. "
    "Observers from the regional bloc will monitor the line of contact for the next six months."
)


def html_page(body: str, *, title: str = "Actualités", meta: str | None = None, broken: bool = False) -> str:
    """A small HTML page; ``meta`` adds a ``<meta charset>``; ``broken`` leaves tags unclosed."""
    head = f'<meta charset="{meta}">' if meta else ""
    if broken:
        return f"<html><head>{head}<title>{title}<body><div><p>{body}<p><b>Suite"
    return (
        f"<!DOCTYPE html>\n<html><head>{head}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>\n"
    )


def jsonl(records: Sequence[Mapping[str, object] | str]) -> bytes:
    """JSON Lines from records (a ``str`` record is written as is, to make bad lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Le Courrier du Littoral</title>
  <link>https://courrier.example/</link>
  <language>fr-FR</language>
  <atom:link href="https://courrier.example/rss" rel="self"/>
  <item>
    <title>Grève générale annoncée</title>
    <link>https://courrier.example/greve</link>
    <guid isPermaLink="false">courrier-1001</guid>
    <pubDate>Tue, 16 Jul 2024 09:30:00 +0200</pubDate>
    <dc:creator>Claire Martin</dc:creator>
    <description>Résumé court.</description>
    <content:encoded><![CDATA[<p>Les syndicats ont annoncé mardi une grève générale.</p>]]></content:encoded>
  </item>
  <item>
    <title>Le port rouvre</title>
    <link>https://courrier.example/port</link>
    <pubDate>Wed, 17 Jul 2024 18:00:00 GMT</pubDate>
    <author>redaction@courrier.example (Paul Girard)</author>
    <description>Le port a rouvert mercredi après trois jours de blocage.</description>
  </item>
  <item>
    <title>Sans contenu</title>
  </item>
  <item>
    <title>Le sommet reporté</title>
    <description>Le sommet régional prévu en septembre est reporté à une date inconnue.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title type="text">Northern Herald</title>
  <id>urn:uuid:7d1c-herald</id>
  <updated>2024-07-18T12:00:00Z</updated>
  <author><name>Herald Desk</name></author>
  <entry>
    <title type="html">Parliament extends &lt;em&gt;emergency&lt;/em&gt;</title>
    <link rel="self" href="https://herald.example/api/1"/>
    <link rel="alternate" type="text/html" href="https://herald.example/emergency"/>
    <id>urn:uuid:entry-1</id>
    <published>2024-07-16T23:30:00-05:00</published>
    <updated>2024-07-17T08:00:00Z</updated>
    <author><name>Ann Lee</name></author>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>Parliament voted to extend the emergency.</p></div>
    </content>
  </entry>
  <entry>
    <title>Ceasefire signed</title>
    <link href="https://herald.example/ceasefire"/>
    <id>urn:uuid:entry-2</id>
    <updated>2024-07-18T10:00:00Z</updated>
    <summary>Two states signed a ceasefire on Friday.</summary>
  </entry>
</feed>
"""

RDF = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://gazette.example/">
    <title>Gazette du Plateau</title>
    <link>https://gazette.example/</link>
    <dc:language>fr</dc:language>
  </channel>
  <item rdf:about="https://gazette.example/elections">
    <title>Élections anticipées</title>
    <link>https://gazette.example/elections</link>
    <description>Le premier ministre a annoncé des élections anticipées pour octobre.</description>
    <dc:date>2024-07-15T08:00:00+02:00</dc:date>
    <dc:creator>Luc Bernard</dc:creator>
  </item>
</rdf:RDF>
"""

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "ha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&d;</title><description>x</description></item></channel></rss>
"""


def rss_items(*items: tuple[str, str | None, str | None]) -> str:
    """An RSS 2.0 feed with ``(title, link, description)`` items."""
    parts = []
    for title, link, description in items:
        link_xml = f"<link>{link}</link>" if link else ""
        desc_xml = f"<description>{description}</description>" if description else ""
        parts.append(f"<item><title>{title}</title>{link_xml}{desc_xml}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Wire</title>'
        + "".join(parts)
        + "</channel></rss>\n"
    )


def write_warc(
    path: Path,
    records: Sequence[tuple[str, str, bytes, str]],
    *,
    gzip: bool = True,
) -> Path:
    """Write a WARC of ``(record type, url, payload, http content type)`` records.

    ``response`` records get HTTP headers (status from a ``status:NNN`` prefix
    on the content type, else 200); other types are written as bare blocks.
    """
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for rec_type, url, payload, content_type in records:
            status = "200 OK"
            if content_type.startswith("status:"):
                code, content_type = content_type.removeprefix("status:").split(" ", 1)
                status = f"{code} Whatever"
            http_headers = None
            if rec_type in {"response", "request"}:
                http_headers = StatusAndHeaders(
                    status if rec_type == "response" else f"GET {url} HTTP/1.1",
                    [("Content-Type", content_type)] if rec_type == "response" else [("Host", "x")],
                    protocol="HTTP/1.1" if rec_type == "response" else "",
                    is_http_request=rec_type == "request",
                )
            extra = {} if http_headers else {"warc_content_type": content_type}
            record = writer.create_warc_record(
                url,
                rec_type,
                payload=io.BytesIO(payload),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": "2024-07-20T10:00:00Z"},
                **extra,
            )
            writer.write_record(record)
    return path
