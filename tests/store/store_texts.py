"""Texts and articles for the storage tests, built directly (no extraction) with their fingerprints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from veille.dedup import fingerprint
from veille.model import Article, Document, OffsetMap

WIRE_EN = """\
The United Nations Security Council on Wednesday extended its peacekeeping mission in South Sudan for \
another year, after a vote in which three members abstained.
The resolution keeps the ceiling of 17,000 troops and asks the mission to step up patrols along the \
roads used by aid convoys, which have been attacked a dozen times since January.
Diplomats said the abstaining members objected to language on human rights monitoring. The government \
in Juba welcomed the renewal but repeated its call for a timetable for the mission's withdrawal.
Fighting between rival militias in Jonglei state has displaced more than 60,000 people this year, \
according to the UN refugee agency.
"""

COPY_EN = """\
NEW YORK — The UN Security Council on Wednesday extended its peacekeeping mission in South Sudan for \
another year, after a vote in which three members abstained.
The resolution keeps the ceiling of 17,000 troops and asks the mission to step up patrols along the \
roads used by aid convoys, which have been attacked a dozen times since January.
Diplomats said the abstaining members objected to wording on human rights monitoring. The government \
in Juba welcomed the renewal but repeated its call for a timetable for the mission's withdrawal.
Fighting between rival militias in Jonglei state has displaced more than 60,000 people this year, \
according to the UN refugee agency.
Related: what peacekeeping missions cost, in five charts.
"""

OTHER_EN = """\
The UN Security Council failed on Tuesday to agree on a statement about the fighting in eastern Congo, \
as members disagreed over whether to name the countries backing the rebels.
A draft circulated by France called for an immediate ceasefire and the withdrawal of foreign forces, \
but two members asked for changes that the others rejected. Talks among experts will continue this week.
Aid groups say more than a million people have fled their homes in North Kivu since the start of the year.
"""

WIRE_FR = """\
Le Parlement sénégalais a adopté jeudi une loi qui réforme le code électoral à un an de l'élection \
présidentielle, au terme d'une séance marquée par le départ des députés de l'opposition.
Le texte abaisse le nombre de parrainages exigés des candidats et crée une commission chargée de \
vérifier les listes électorales, une demande ancienne de la société civile.
L'opposition dénonce une réforme adoptée « dans la précipitation » et annonce un recours devant le \
Conseil constitutionnel. Le gouvernement assure que le calendrier électoral sera respecté.
"""

COPY_FR = """\
DAKAR (Correspondance) — Le Parlement sénégalais a adopté jeudi soir une loi qui réforme le code électoral \
à un an de l'élection présidentielle, au terme d'une séance marquée par le départ des députés de l'opposition.
Le texte abaisse le nombre de parrainages exigés des candidats et crée une commission chargée de \
vérifier les listes électorales, une demande ancienne de la société civile.
L’opposition dénonce une réforme adoptée "dans la précipitation" et annonce un recours devant le \
Conseil constitutionnel. Le gouvernement assure que le calendrier électoral sera respecté.
"""

OTHER_FR = """\
Au Sénégal, la commission électorale a publié mercredi la liste provisoire des candidats à l'élection \
municipale de Dakar, dont trois anciens ministres.
Les candidats écartés disposent de cinq jours pour contester la décision. Plusieurs partis ont déjà \
annoncé qu'ils saisiraient la justice, estimant que les règles de parrainage ont été appliquées de façon inégale.
"""

ArticleFactory = Callable[..., Article]


@dataclass(frozen=True)
class Texts:
    """Two near-duplicate pairs (wire copy and a reworked copy) and a story on the same topic for each."""

    wire_en: str = WIRE_EN
    copy_en: str = COPY_EN
    other_en: str = OTHER_EN
    wire_fr: str = WIRE_FR
    copy_fr: str = COPY_FR
    other_fr: str = OTHER_FR


def build_article(text: str, source: str = "test.txt", **fields: Any) -> Article:
    """An article for ``text`` as a text document, fingerprinted; ``fields`` go to the Article."""
    document_fields = {k: fields.pop(k) for k in ("format", "document_id") if k in fields}
    document = Document(
        source=source,
        text=text,
        format=document_fields.get("format", "text"),
        id=document_fields.get("document_id"),
        url=fields.get("url"),
        published=fields.get("published"),
        language=fields.get("language"),
    )
    article = Article(document=document, text=text, offsets=OffsetMap.identity(len(text)), **fields)
    article.fingerprint = fingerprint(text)
    return article
