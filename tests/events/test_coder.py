"""The event coder, one row per phenomenon, in French and English.

Each row is ``(id, language, text, published, expected)``: a sentence or two in
the style of news and what a careful annotator following
``shared/eval/GUIDE.md`` codes from it. A row asserts only what it claims: an
event of that type exists whose fields match every field the row gives
(``ANY`` fields are not looked at); other events of the text are not judged.
``Want(..., absent=True)`` claims that no such event exists.

The row's language is passed with the document, as a feed or a flag would give
it: these rows test the coder, and a single short sentence is too little for
language detection ("Narendra Modi met Vladimir Putin in Moscow." reads as
Nigerian Pidgin). ``test_golden.py`` runs whole articles without it.

``GAPS`` holds the rows the coder gets wrong today, each with what is missing.
They are strict xfails: when the coder learns the phenomenon the row passes,
the test fails, and the row moves up to ``ROWS``.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

import pytest

from veille.analysis import analyze_document
from veille.errors import LanguageError
from veille.model import Argument, Document, Event
from veille.pipeline import Pipeline, analysis_stages


class _Unset(enum.Enum):
    ANY = "any"

    def __repr__(self) -> str:
        return "ANY"


ANY = _Unset.ANY
"""A field the row does not judge."""

Countries: TypeAlias = str | tuple[str, ...] | _Unset | None


@dataclass(frozen=True, slots=True)
class Want:
    """The event a row expects.

    ``actor``/``recipient``: a country code one participant has, a tuple of codes
    all present, or ``None`` for no participant on that side. ``attribution``: a
    substring of the credited source (case ignored), or ``None`` for none.
    ``deadline``: the ISO day, or ``None`` for none. ``count``: how many such
    events, when it matters (repeated mentions merged, distinct happenings kept).
    """

    type: str
    mode: str | _Unset | None = ANY
    actor: Countries = ANY
    recipient: Countries = ANY
    modality: str | _Unset = ANY
    attribution: str | _Unset | None = ANY
    deadline: str | _Unset | None = ANY
    count: int | _Unset = ANY
    absent: bool = False

    def __str__(self) -> str:
        given = {name: getattr(self, name) for name in self.__dataclass_fields__ if name not in ("type", "absent")}
        fields = ", ".join(f"{name}={value!r}" for name, value in given.items() if value is not ANY)
        return f"{'no ' if self.absent else ''}{self.type}({fields})"


JUNE_6 = date(2024, 6, 6)  # a Thursday: "mardi"/"Tuesday" is 2024-06-04
JULY_31_2023 = date(2023, 7, 31)  # a Monday: "dimanche" is 2023-07-30

# (id, language, text, published, expected)
Row: TypeAlias = tuple[str, str, str, date, Want]

# fmt: off
ROWS: list[Row] = [
    # ------------------------------------------------------------ one row per type, both languages
    ("fr-assault-aerial", "fr", "L'aviation israélienne a bombardé mardi plusieurs quartiers de Rafah, dans le sud de la bande de Gaza.", JUNE_6, Want("ASSAULT", mode="aerial", actor="ISR")),
    ("en-assault-aerial", "en", "Israeli warplanes bombed several neighbourhoods of Rafah in southern Gaza on Tuesday.", JUNE_6, Want("ASSAULT", mode="aerial", actor="ISR")),
    ("fr-assault-abduct", "fr", "Des jihadistes ont enlevé une vingtaine de civils burkinabè dans le nord du pays.", JUNE_6, Want("ASSAULT", mode="abduct", recipient="BFA")),
    ("en-assault-abduct", "en", "Jihadists abducted around twenty civilians in northern Burkina Faso.", JUNE_6, Want("ASSAULT", mode="abduct")),
    ("en-assault-drone-adjective", "en", "A US drone strike killed a Hezbollah commander in Baghdad.", JUNE_6, Want("ASSAULT", mode="drone", actor="USA", recipient="LBN")),
    ("fr-assault-crowd-control", "fr", "La police kényane a tiré des gaz lacrymogènes sur les manifestants à Nairobi.", JUNE_6, Want("ASSAULT", mode="crowd-control", actor="KEN")),
    ("fr-threaten", "fr", "L'Iran a menacé Israël de représailles après la frappe contre son consulat à Damas.", JUNE_6, Want("THREATEN", mode="violence", actor="IRN", recipient="ISR")),
    ("en-threaten", "en", "Iran threatened Israel with retaliation after the strike on its consulate in Damascus.", JUNE_6, Want("THREATEN", mode="violence", actor="IRN", recipient="ISR")),
    ("fr-accuse", "fr", "Paris a accusé Moscou de mener des cyberattaques contre ses hôpitaux.", JUNE_6, Want("ACCUSE", mode="allege", actor="FRA", recipient="RUS")),
    ("en-accuse", "en", "France accused Russia of carrying out cyberattacks against its hospitals.", JUNE_6, Want("ACCUSE", mode="allege", actor="FRA", recipient="RUS")),
    ("fr-request", "fr", "Les États-Unis ont exhorté la Chine à cesser ses manœuvres militaires autour de Taïwan.", JUNE_6, Want("REQUEST", actor="USA", recipient="CHN")),
    ("en-request", "en", "The United Nations urged Israel to allow humanitarian aid into Gaza.", JUNE_6, Want("REQUEST", actor="UNO", recipient="ISR")),
    # A verb + preposition phrase whose words the addressee keeps apart.
    ("fr-request-appeler-long-addressee", "fr", "L'Union africaine a appelé les autorités kényanes à la retenue.", JUNE_6, Want("REQUEST", actor="IGO", recipient="KEN")),
    ("fr-request-appeler-date-between", "fr", "Le gouvernement irakien a appelé mercredi les factions armées à la retenue.", JUNE_6, Want("REQUEST", actor="IRQ", recipient=ANY)),
    ("fr-arg-object-after-bare-date", "fr", "Bagdad, Irak. Le gouvernement irakien a appelé mercredi les factions armées à la retenue.", JUNE_6, Want("REQUEST", actor="IRQ", recipient="IRQ")),
    ("fr-request-appeler-phone-not-request", "fr", "Le ministre libanais a appelé son homologue syrien mardi soir.", JUNE_6, Want("REQUEST", absent=True)),
    # Troops withdraw from a territory, not from a deal named nearby.
    ("en-mod-withdraw-near-deal", "en", "Under the deal, brokered by the United States and France, Israeli troops will withdraw from southern Lebanon within 60 days.", JUNE_6, Want("CONCEDE", actor="ISR", modality="future")),
    ("fr-mod-retrait-near-accord", "fr", "Selon l'accord, les troupes françaises vont se retirer du Niger d'ici la fin de l'année.", JUNE_6, Want("SANCTION", absent=True)),
    # A pronominal verb ("se sont retirées") is active, though the parser reads "être" as passive.
    ("fr-retreat-se-retirer", "fr", "Les troupes russes se sont retirées de Kherson.", JUNE_6, Want("RETREAT", mode="withdraw", actor="RUS")),
    ("fr-retreat-se-retirer-du-pays", "fr", "Les troupes françaises se sont retirées du Mali en août.", JUNE_6, Want("RETREAT", actor="FRA", recipient="MLI")),
    # A withdrawal's recipient is the country left, when it is named as a place.
    ("en-retreat-withdraw-from-place", "en", "Russian forces withdrew from Kherson on Friday.", JUNE_6, Want("RETREAT", mode="withdraw", actor="RUS", recipient="UKR")),
    ("en-concede-withdraw-from-place", "en", "Under the deal, Israeli troops will withdraw from southern Lebanon within 60 days.", JUNE_6, Want("CONCEDE", actor="ISR", recipient="LBN", modality="future")),
    ("fr-retreat-withdraw-inside", "fr", "L'armée malienne s'est retirée de Tessalit, dans le nord du Mali.", JUNE_6, Want("RETREAT", actor="MLI", recipient=None)),
    # A ceasefire's parties are all actors; a frame verb's subject is the actor of the event its
    # argument preposition introduces, and gives it its modality.
    ("en-concede-agreed-to-ceasefire", "en", "Israel and Hezbollah agreed to a ceasefire on Tuesday.", JUNE_6, Want("CONCEDE", actor=("ISR", "LBN"), modality="future")),
    ("en-agree-agreed-to-exchange", "en", "After the talks, Russia and Ukraine agreed to a prisoner exchange.", JUNE_6, Want("AGREE", actor=("RUS", "UKR"), modality="future")),
    ("en-talks-adjunct-not-framed", "en", "After the talks, Russia and Ukraine agreed to a prisoner exchange.", JUNE_6, Want("CONSULT", modality="future", absent=True)),
    # A reaction's recipient: whoever does what is praised, or what its object refers back to.
    ("en-accuse-condemned-the-attack", "en", "An Israeli airstrike hit a school in Gaza on Thursday. UNRWA condemned the attack.", JUNE_6, Want("ACCUSE", actor="UNO", recipient="ISR")),
    ("en-support-welcomed-not-next-clause", "en", "The European Union imposed new sanctions on Russia on Monday. Zelensky welcomed the sanctions and urged the EU to target Russia's nuclear sector.", JUNE_6, Want("SUPPORT", actor="UKR", recipient="EUR")),
    ("en-support-welcomed-the-sanctions", "en", "The European Union imposed new sanctions on Russia on Monday. Ukraine's president welcomed the sanctions.", JUNE_6, Want("SUPPORT", actor="UKR", recipient="EUR")),
    ("fr-accuse-denounced-the-decision", "fr", "L'Union européenne a imposé lundi de nouvelles sanctions à la Russie. Moscou a dénoncé cette décision.", JUNE_6, Want("ACCUSE", actor="RUS", recipient="EUR")),
    # A word of a named actor's name is no trigger.
    ("fr-no-trigger-inside-name", "fr", "Les Forces de soutien rapide ont attaqué un camp de déplacés près d'el-Facher.", JUNE_6, Want("SUPPORT", absent=True)),
    ("fr-arg-support-agent", "fr", "Le Kremlin a salué le rôle de médiateur joué par la Turquie.", JUNE_6, Want("SUPPORT", actor="RUS", recipient="TUR")),
    ("fr-arg-reject-par", "fr", "L'Ukraine a rejeté la proposition de cessez-le-feu présentée par la Russie.", JUNE_6, Want("REJECT", actor="UKR", recipient="RUS")),
    ("en-arg-reject-by", "en", "Ukraine rejected a ceasefire proposal put forward by Russia.", JUNE_6, Want("REJECT", actor="UKR", recipient="RUS")),
    ("en-arg-package-of-sanctions", "en", "The European Union adopted a 14th package of sanctions against Russia.", JUNE_6, Want("SANCTION", actor="EUR", recipient="RUS")),
    # Captives held by someone are a state, not an arrest.
    ("fr-coerce-detenus-state", "fr", "Les otages détenus par le Hamas depuis octobre seront libérés en échange de prisonniers.", JUNE_6, Want("COERCE", absent=True)),
    ("fr-coerce-detenir-active", "fr", "La police kényane détient depuis lundi trois journalistes étrangers.", JUNE_6, Want("COERCE", actor="KEN")),
    # Within an article a country and one of its institutions are one side of one happening.
    ("en-merge-country-and-its-forces", "en", "The United States struck Houthi targets in Yemen on Tuesday. U.S. forces struck the Houthi missile sites near Hodeidah on Tuesday, the Pentagon said.", JUNE_6, Want("ASSAULT", actor="USA", recipient="YEM", count=1)),
    # A subject with a possessive and no actor of its own stands for what the possessive refers to.
    ("en-arg-possessive-subject", "en", "The Israeli military said its aircraft had targeted Hamas fighters in Nuseirat.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="PSE")),
    ("fr-arg-possessive-subject", "fr", "L'armée israélienne a affirmé que ses avions avaient frappé des positions du Hamas à Nuseirat.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="PSE")),
    # A counted subject the parser hangs on its quantity adverb ("Plus de 200 manifestants").
    ("fr-arg-counted-subject", "fr", "Des milliers de Kényans ont manifesté mardi à Nairobi contre un projet de loi de finances prévoyant de nouvelles taxes.\nLa police a tiré à balles réelles sur la foule, tuant au moins cinq personnes, selon Amnesty International.\nLes forces de l'ordre ont également utilisé des gaz lacrymogènes et des canons à eau pour disperser les manifestants.\nPlus de 200 manifestants ont été arrêtés dans la capitale, a indiqué la Commission nationale des droits de l'homme.", JUNE_6, Want("COERCE", mode="arrest", recipient="KEN")),
    ("fr-arg-promet-subject", "fr", "Le Royaume-Uni a promis de fournir des missiles de longue portée à l'Ukraine.", JUNE_6, Want("AGREE", actor="GBR", recipient="UKR", modality="future")),
    ("fr-arg-adjective-actor", "fr", "Une frappe de drone américaine a tué un commandant du Hezbollah à Bagdad.", JUNE_6, Want("ASSAULT", mode="drone", actor="USA", recipient="LBN")),
    # A phrase trigger is carried by the word the others hang on ("missile *strike*"); an event
    # verb whose subject is an event noun of its type is that event ("une frappe ... a tué").
    ("en-arg-phrase-head-adjective", "en", "A Russian missile strike killed five civilians in Kharkiv on Monday.", JUNE_6, Want("ASSAULT", actor="RUS", count=1)),
    ("en-retreat-ceasefire-took-effect", "en", "A ceasefire between Israel and Hezbollah took effect on Wednesday.", JUNE_6, Want("RETREAT", mode="ceasefire", actor=("ISR", "LBN"))),
    ("fr-retreat-cessez-le-feu-en-vigueur", "fr", "Un cessez-le-feu entre Israël et le Hezbollah est entré en vigueur mercredi.", JUNE_6, Want("RETREAT", mode="ceasefire", actor=("ISR", "LBN"))),
    ("fr-request-withdrawal", "fr", "Le Mali a exigé le retrait des troupes françaises.", JUNE_6, Want("REQUEST", actor="MLI", recipient="FRA")),
    ("en-request-withdrawal", "en", "Mali demanded the withdrawal of French troops.", JUNE_6, Want("REQUEST", actor="MLI", recipient="FRA")),
    ("fr-reject", "fr", "La Russie a rejeté l'ultimatum de l'Ukraine.", JUNE_6, Want("REJECT", actor="RUS", recipient="UKR")),
    ("en-reject", "en", "Russia rejected Ukraine's ultimatum.", JUNE_6, Want("REJECT", actor="RUS", recipient="UKR")),
    ("fr-consult-visit", "fr", "Le président Emmanuel Macron s'est rendu mercredi en Chine.", JUNE_6, Want("CONSULT", mode="visit", actor="FRA")),
    ("en-consult-visit", "en", "The Indian Prime Minister visited Moscow on Monday.", JUNE_6, Want("CONSULT", mode="visit", actor="IND", recipient="RUS")),
    ("fr-consult-meet", "fr", "Le Premier ministre indien Narendra Modi a rencontré Vladimir Poutine à Moscou.", JUNE_6, Want("CONSULT", actor=("IND", "RUS"))),
    ("en-consult-meet", "en", "Indian Prime Minister Narendra Modi met Vladimir Putin in Moscow.", JUNE_6, Want("CONSULT", actor=("IND", "RUS"))),
    ("fr-consult-phone", "fr", "Joe Biden et Volodymyr Zelensky se sont entretenus par téléphone mercredi.", JUNE_6, Want("CONSULT", mode="phone", actor=("USA", "UKR"))),
    ("en-consult-phone", "en", "Joe Biden spoke by phone with Volodymyr Zelensky on Wednesday.", JUNE_6, Want("CONSULT", mode="phone", actor=("USA", "UKR"))),
    ("fr-support", "fr", "L'Allemagne a salué l'accord conclu entre l'Arménie et l'Azerbaïdjan.", JUNE_6, Want("SUPPORT", actor="DEU")),
    ("en-support", "en", "Germany welcomed the peace agreement between Armenia and Azerbaijan.", JUNE_6, Want("SUPPORT", actor="DEU")),
    ("fr-concede-pardon", "fr", "Le président ukrainien a gracié 200 prisonniers russes.", JUNE_6, Want("CONCEDE", actor="UKR", recipient="RUS", modality="asserted")),
    ("en-concede-pardon", "en", "Ukraine's president pardoned 200 Russian prisoners.", JUNE_6, Want("CONCEDE", actor="UKR", recipient="RUS", modality="asserted")),
    ("fr-cooperate", "fr", "La France et l'Inde ont mené des exercices militaires conjoints au large de Goa.", JUNE_6, Want("COOPERATE", actor=("FRA", "IND"))),
    ("en-cooperate", "en", "France and India held joint military exercises off the coast of Goa.", JUNE_6, Want("COOPERATE", actor=("FRA", "IND"))),
    ("fr-aid", "fr", "Les États-Unis ont livré des armes à l'Ukraine.", JUNE_6, Want("AID", actor="USA", recipient="UKR", modality="asserted")),
    ("en-aid", "en", "The United States delivered weapons to Ukraine.", JUNE_6, Want("AID", actor="USA", recipient="UKR", modality="asserted")),
    ("fr-aid-money", "fr", "L'Union européenne a débloqué une aide humanitaire de 50 millions d'euros pour le Soudan.", JUNE_6, Want("AID", actor="EUR", recipient="SDN")),
    ("fr-retreat-release", "fr", "Le Hamas a libéré quatre otages israéliens mercredi.", JUNE_6, Want("RETREAT", mode="release", actor="PSE", recipient="ISR")),
    ("en-retreat-release", "en", "Hamas released four Israeli hostages on Wednesday.", JUNE_6, Want("RETREAT", mode="release", actor="PSE", recipient="ISR")),
    ("fr-retreat-withdraw", "fr", "L'armée russe a retiré ses troupes de la rive droite du Dniepr.", JUNE_6, Want("RETREAT", mode="withdraw", actor="RUS", modality="asserted")),
    ("en-retreat-withdraw", "en", "Russian troops withdrew from the city of Kherson.", JUNE_6, Want("RETREAT", mode="withdraw", actor="RUS", modality="asserted")),
    ("en-retreat-ceasefire", "en", "Israel and Hezbollah observed a ceasefire on Wednesday.", JUNE_6, Want("RETREAT", mode="ceasefire", actor=("ISR", "LBN"), modality="asserted")),
    ("fr-protest", "fr", "Des milliers de Kényans ont manifesté mardi à Nairobi contre la hausse des impôts.", JUNE_6, Want("PROTEST", mode="demo", actor="KEN")),
    ("en-protest", "en", "Thousands of Kenyans protested in Nairobi on Tuesday against tax increases.", JUNE_6, Want("PROTEST", mode="demo", actor="KEN")),
    ("fr-sanction", "fr", "L'Union européenne a adopté de nouvelles sanctions contre la Russie.", JUNE_6, Want("SANCTION", actor="EUR", recipient="RUS")),
    ("en-sanction", "en", "The European Union adopted new sanctions against Russia.", JUNE_6, Want("SANCTION", actor="EUR", recipient="RUS")),
    ("fr-sanction-expel", "fr", "La France a expulsé deux diplomates russes.", JUNE_6, Want("SANCTION", mode="expel", actor="FRA", recipient="RUS")),
    ("en-sanction-expel", "en", "France expelled two Russian diplomats.", JUNE_6, Want("SANCTION", mode="expel", actor="FRA", recipient="RUS")),
    ("fr-sanction-convict", "fr", "Un tribunal iranien a condamné un journaliste français à six ans de prison.", JUNE_6, Want("SANCTION", mode="convict", actor="IRN")),
    ("en-sanction-convict", "en", "An Iranian court sentenced a French journalist to six years in prison.", JUNE_6, Want("SANCTION", mode="convict", actor="IRN", recipient="FRA")),
    ("fr-mobilize-weapons", "fr", "La Corée du Nord a procédé à un essai de missile balistique.", JUNE_6, Want("MOBILIZE", mode="weapons", actor="PRK")),
    ("en-mobilize-weapons", "en", "North Korea fired a ballistic missile into the Sea of Japan.", JUNE_6, Want("MOBILIZE", mode="weapons", actor="PRK")),
    ("fr-mobilize-deploy", "fr", "La Chine a déployé des navires de guerre autour de Taïwan.", JUNE_6, Want("MOBILIZE", actor="CHN", recipient="TWN")),
    ("en-mobilize-deploy", "en", "China deployed warships around Taiwan.", JUNE_6, Want("MOBILIZE", actor="CHN", recipient="TWN")),
    ("fr-mobilize-troops", "fr", "La Russie a mobilisé 300 000 réservistes.", JUNE_6, Want("MOBILIZE", mode="troops", actor="RUS")),
    ("en-mobilize-troops", "en", "Russia mobilised 300,000 reservists.", JUNE_6, Want("MOBILIZE", mode="troops", actor="RUS")),
    ("fr-coerce-arrest", "fr", "La police turque a arrêté 30 manifestants à Istanbul.", JUNE_6, Want("COERCE", mode="arrest", actor="TUR")),
    ("fr-coerce-arrest-passive", "fr", "Plus de 200 manifestants ont été arrêtés mardi à Nairobi.", JUNE_6, Want("COERCE", mode="arrest", actor=None)),
    ("en-coerce-arrest", "en", "Turkish police arrested 30 protesters in Istanbul.", JUNE_6, Want("COERCE", mode="arrest", actor="TUR")),
    ("en-coerce-arrest-foreigner", "en", "Russian authorities arrested an American journalist in Yekaterinburg.", JUNE_6, Want("COERCE", mode="arrest", actor="RUS", recipient="USA")),
    ("fr-agree-offer", "fr", "Le Qatar a proposé d'accueillir de nouvelles négociations entre Israël et le Hamas.", JUNE_6, Want("AGREE", actor="QAT", modality="future")),
    ("en-agree-offer", "en", "Qatar offered to host new negotiations between Israel and Hamas.", JUNE_6, Want("AGREE", actor="QAT", modality="future")),
    # ------------------------------------------------------------ arguments
    # Passive agent: the agent acts, the subject undergoes.
    ("fr-arg-passive-agent", "fr", "Cinq soldats irakiens ont été tués par l'armée turque dans le nord du pays.", JUNE_6, Want("ASSAULT", actor="TUR", recipient="IRQ")),
    ("en-arg-passive-agent", "en", "Five Iraqi soldiers were killed by the Turkish army in northern Iraq.", JUNE_6, Want("ASSAULT", actor="TUR", recipient="IRQ")),
    # Targets introduced by a preposition.
    ("fr-arg-contre", "fr", "La Russie a lancé une vaste attaque de drones contre l'Ukraine dans la nuit de mardi à mercredi.", JUNE_6, Want("ASSAULT", mode="drone", actor="RUS", recipient="UKR")),
    ("en-arg-on", "en", "Russia launched a massive drone attack on Ukraine overnight.", JUNE_6, Want("ASSAULT", mode="drone", actor="RUS", recipient="UKR")),
    ("en-arg-against", "en", "The European Union imposed new sanctions against Iran over its drone deliveries.", JUNE_6, Want("SANCTION", actor="EUR", recipient="IRN")),
    # Object.
    ("fr-arg-object", "fr", "L'Iran a fourni des drones à la Russie.", JUNE_6, Want("AID", actor="IRN", recipient="RUS")),
    # Death reported without an attacker: ASSAULT with no actor (GUIDE.md).
    ("fr-arg-no-attacker", "fr", "Deux soldats maliens ont été tués mercredi dans l'explosion d'une mine près de Gao.", JUNE_6, Want("ASSAULT", actor=None, recipient="MLI")),
    ("en-arg-no-attacker", "en", "Two Malian soldiers were killed on Wednesday when a mine exploded near Gao.", JUNE_6, Want("ASSAULT", actor=None, recipient="MLI")),
    # Possessor of a noun event: the visitor.
    ("en-arg-possessor-of", "en", "The visit of the Indian Prime Minister to Moscow angered Washington.", JUNE_6, Want("CONSULT", mode="visit", actor="IND", recipient="RUS")),
    ("en-arg-possessor-s", "en", "Modi's visit to Moscow angered Washington.", JUNE_6, Want("CONSULT", mode="visit", actor="IND", recipient="RUS")),
    ("fr-arg-possessor-light-verb", "fr", "Le Premier ministre indien a effectué une visite officielle à Moscou.", JUNE_6, Want("CONSULT", mode="visit", actor="IND")),
    # Coordinated actors each take part.
    ("en-arg-coordinated", "en", "The United States and Iraq signed a security cooperation agreement.", JUNE_6, Want("SUPPORT", actor=("USA", "IRQ"))),
    ("en-arg-coordinated-talks", "en", "The United States and Iraq held talks in Baghdad.", JUNE_6, Want("CONSULT", actor=("USA", "IRQ"))),
    # The adjective of a condemned event noun names whom the condemnation targets.
    ("en-arg-condemned-adjective", "en", "UNRWA condemned the Israeli strike on the school.", JUNE_6, Want("ACCUSE", actor="UNO", recipient="ISR")),
    # A mediator is a third party.
    ("en-consult-third-party", "en", "Under the deal, brokered by the United States and France, Israeli troops will withdraw from southern Lebanon within 60 days.", JUNE_6, Want("CONSULT", mode="third-party", actor=("USA", "FRA"))),
    # ------------------------------------------------------------ modality
    ("fr-mod-conditional", "fr", "L'armée russe aurait bombardé un hôpital de Kharkiv dans la nuit de mardi à mercredi.", JUNE_6, Want("ASSAULT", actor="RUS", modality="alleged")),
    ("fr-mod-conditional-source", "fr", "La Russie aurait lancé des missiles contre Kiev, selon des sources ukrainiennes.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR", modality="alleged")),
    ("fr-mod-selon-des-informations", "fr", "Selon des informations de presse, l'Iran a livré des drones à la Russie.", JUNE_6, Want("AID", actor="IRN", recipient="RUS", modality="alleged")),
    ("en-mod-reportedly", "en", "Russian forces reportedly shelled a hospital in Kharkiv overnight.", JUNE_6, Want("ASSAULT", mode="heavy-weapons", actor="RUS", modality="alleged")),
    ("en-mod-allegedly", "en", "Iran allegedly supplied drones to Russia last year.", JUNE_6, Want("AID", actor="IRN", recipient="RUS", modality="alleged")),
    ("fr-mod-si", "fr", "Si les négociations échouent, l'armée israélienne lancera une offensive contre Rafah.", JUNE_6, Want("ASSAULT", actor="ISR", modality="hypothetical")),
    ("en-mod-if", "en", "If talks fail, the Israeli army will launch an offensive against Rafah.", JUNE_6, Want("ASSAULT", actor="ISR", modality="hypothetical")),
    ("fr-mod-sinon", "fr", "Le Hezbollah doit cesser ses tirs, sinon Israël frappera le Liban, a averti le ministre israélien de la Défense.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="LBN", modality="hypothetical")),
    ("en-mod-otherwise", "en", "Hezbollah must stop firing, otherwise Israel will strike Lebanon, the Israeli defence minister warned.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="LBN", modality="hypothetical")),
    ("fr-mod-negated", "fr", "L'Inde n'a pas condamné l'invasion de l'Ukraine par la Russie.", JUNE_6, Want("ACCUSE", actor="IND", modality="negated")),
    ("en-mod-negated", "en", "India did not condemn Russia's invasion of Ukraine.", JUNE_6, Want("ACCUSE", actor="IND", recipient="RUS", modality="negated")),
    ("fr-mod-negated-denial", "fr", "Israël n'a pas frappé l'Iran, a assuré le Premier ministre israélien.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="IRN", modality="negated")),
    # Planned aid is AGREE (future); a promised withdrawal or release is CONCEDE (future).
    ("fr-mod-future-va", "fr", "La France va livrer des avions de combat Mirage à l'Ukraine.", JUNE_6, Want("AGREE", actor="FRA", recipient="UKR", modality="future")),
    ("en-mod-future-will", "en", "Germany will deliver more air defence systems to Ukraine.", JUNE_6, Want("AGREE", actor="DEU", recipient="UKR", modality="future")),
    ("fr-mod-future-va-retirer", "fr", "La Russie va retirer ses troupes de la centrale nucléaire de Zaporijjia.", JUNE_6, Want("CONCEDE", actor="RUS", modality="future")),
    ("fr-mod-promet-de", "fr", "La Russie promet de libérer les prisonniers ukrainiens.", JUNE_6, Want("CONCEDE", actor="RUS", recipient="UKR", modality="future")),
    ("en-mod-pledged-to", "en", "Britain pledged to provide long-range missiles to Ukraine.", JUNE_6, Want("AGREE", actor="GBR", recipient="UKR", modality="future")),
    ("en-mod-plans-to", "en", "The United States plans to withdraw its troops from Niger.", JUNE_6, Want("CONCEDE", actor="USA", modality="future")),
    ("en-mod-will-withdraw", "en", "Israeli troops will withdraw from southern Lebanon within 60 days.", JUNE_6, Want("CONCEDE", actor="ISR", modality="future")),
    ("fr-mod-accepte-de", "fr", "L'Égypte a accepté de rouvrir le point de passage de Rafah.", JUNE_6, Want("CONCEDE", actor="EGY", modality="future")),
    ("en-mod-agreed-to", "en", "Egypt agreed to reopen the Rafah crossing.", JUNE_6, Want("CONCEDE", actor="EGY", modality="future")),
    # ------------------------------------------------------------ attribution
    ("fr-attr-selon", "fr", "Selon l'AFP, l'armée israélienne a bombardé un camp de réfugiés à Gaza.", JUNE_6, Want("ASSAULT", actor="ISR", attribution="AFP")),
    ("fr-attr-selon-agence", "fr", "Selon l'agence Reuters, des avions israéliens ont bombardé Rafah mardi.", JUNE_6, Want("ASSAULT", actor="ISR", attribution="Reuters")),
    ("en-attr-according-to", "en", "According to Reuters, Israeli aircraft bombed a refugee camp in Gaza.", JUNE_6, Want("ASSAULT", actor="ISR", attribution="Reuters")),
    ("en-attr-according-to-end", "en", "Israeli aircraft bombed the city of Rafah on Tuesday, according to Reuters.", JUNE_6, Want("ASSAULT", actor="ISR", attribution="Reuters")),
    ("fr-attr-a-indique", "fr", "Le ministère ukrainien de la Défense a indiqué que des drones russes ont frappé le port d'Odessa.", JUNE_6, Want("ASSAULT", mode="drone", actor="RUS", attribution="ministère ukrainien")),
    ("en-attr-ministry-said", "en", "Russian forces struck a power plant in Kharkiv, the Ukrainian energy ministry said.", JUNE_6, Want("ASSAULT", actor="RUS", attribution="ministry")),
    # The actor states its own position: no attribution.
    ("fr-attr-none-condamne", "fr", "La France a condamné l'attaque contre l'ambassade d'Iran à Damas.", JUNE_6, Want("ACCUSE", actor="FRA", attribution=None)),
    ("en-attr-none-condemned", "en", "France condemned the attack on the Iranian embassy in Damascus.", JUNE_6, Want("ACCUSE", actor="FRA", attribution=None)),
    ("en-attr-none-warned", "en", "China warned the Philippines that it would respond to any provocation in the South China Sea.", JUNE_6, Want("THREATEN", actor="CHN", recipient="PHL", attribution=None)),
    # ------------------------------------------------------------ ultimatums: the deadline as an absolute date
    ("fr-deadline-delai-jours", "fr", "La Cédéao a donné au Niger un délai de 30 jours pour libérer le président Mohamed Bazoum, sous peine de sanctions.", JUNE_6, Want("THREATEN", actor="IGO", deadline="2024-07-06")),
    ("fr-deadline-delai-heures", "fr", "Les rebelles ont menacé d'attaquer Goma si l'armée congolaise ne se retire pas dans un délai de 48 heures.", JUNE_6, Want("THREATEN", mode="violence", recipient="COD", modality="asserted", deadline="2024-06-08")),
    ("en-deadline-within-hours", "en", "The rebels threatened to attack Goma unless the Congolese army withdrew within 48 hours.", JUNE_6, Want("THREATEN", mode="violence", modality="asserted", deadline="2024-06-08")),
    ("en-deadline-within-days", "en", "ECOWAS threatened to use force if the junta did not reinstate President Bazoum within seven days.", JUNE_6, Want("THREATEN", actor="IGO", deadline="2024-06-13")),
    ("fr-deadline-none", "fr", "L'Iran a menacé Israël de représailles après la frappe contre son consulat à Damas.", JUNE_6, Want("THREATEN", actor="IRN", deadline=None)),
    # ------------------------------------------------------------ page furniture holds no event
    (
        "fr-teaser-lire-aussi",
        "fr",
        "Le Premier ministre japonais a rencontré mardi à Tokyo le président sud-coréen pour discuter de la sécurité régionale.\n"
        "Lire aussi : L'armée russe a bombardé un marché de Kharkiv, faisant douze morts\n"
        "Les deux dirigeants ont promis de renforcer leur coopération face à la Corée du Nord.",
        JUNE_6,
        Want("ASSAULT", absent=True),
    ),
    (
        "en-teaser-read-more",
        "en",
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Tokyo on Tuesday to discuss regional security.\n"
        "Read more: Russian forces shelled a market in Kharkiv, killing twelve people\n"
        "The two leaders pledged to strengthen cooperation against North Korea.",
        JUNE_6,
        Want("ASSAULT", absent=True),
    ),
    (
        "fr-teaser-prev-next",
        "fr",
        "Le Premier ministre japonais a rencontré mardi à Tokyo le président sud-coréen.\n"
        "PREV : L'armée israélienne bombarde un camp de réfugiés à Gaza\n"
        "NEXT : La Russie expulse deux diplomates français",
        JUNE_6,
        Want("SANCTION", absent=True),
    ),
    (
        "en-teaser-prev-next",
        "en",
        "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Tokyo on Tuesday.\n"
        "PREV: Israeli strikes kill 20 in Gaza refugee camp\n"
        "NEXT: Russia expels two French diplomats over spying row",
        JUNE_6,
        Want("ASSAULT", absent=True),
    ),
    # The article body around the teaser is still coded.
    (
        "fr-teaser-body-kept",
        "fr",
        "Le Premier ministre japonais a rencontré mardi à Tokyo le président sud-coréen.\n"
        "Lire aussi : L'armée russe a bombardé un marché de Kharkiv, faisant douze morts",
        JUNE_6,
        Want("CONSULT", actor=("JPN", "KOR")),
    ),
    ("fr-arg-condemned-event-actor", "fr", "La France a condamné l'attaque contre l'ambassade d'Iran à Damas.", JUNE_6, Want("ASSAULT", actor=None, recipient="IRN")),
    ("en-arg-condemned-event-actor", "en", "France condemned the attack on the Iranian embassy in Damascus.", JUNE_6, Want("ASSAULT", actor=None, recipient="IRN")),
    # A host verb in the passive: the guest visits, the host (agent or place) receives.
    ("fr-arg-host-passive-relative", "fr", "Le roi de Jordanie, qui est reçu ce mercredi à l'Élysée, plaidera pour un cessez-le-feu.", JUNE_6, Want("CONSULT", mode="visit", actor="JOR", recipient="FRA")),
    ("fr-arg-host-passive-participle", "fr", "Les tensions ont baissé après la visite du Premier ministre irakien, reçu à la Maison Blanche par le président américain.", JUNE_6, Want("CONSULT", mode="visit", actor="IRQ", recipient="USA")),
    ("en-arg-host-passive", "en", "The Kenyan president, who was received by Xi Jinping in Beijing, signed several deals.", JUNE_6, Want("CONSULT", mode="visit", actor="KEN", recipient="CHN")),
    # Whoever reports an event does not carry it out.
    ("en-arg-speaker-not-attacker", "en", "The Israeli army struck Gaza overnight. Health official Ahmed Saleh said a second airstrike killed two militants.", JUNE_6, Want("ASSAULT", actor=None, recipient=ANY, absent=False)),
    # A participle on a noun: the noun undergoes the event.
    ("en-arg-participle-patient", "en", "Doctors treated the three Sudanese civilians wounded in the shelling of El Fasher.", JUNE_6, Want("ASSAULT", actor=None, recipient="SDN")),
    # A generic "the military" is the army named before it.
    ("en-arg-generic-antecedent", "en", "The Israeli military confirmed the raid in Jenin. The military later arrested two Palestinian militants.", JUNE_6, Want("COERCE", actor="ISR", recipient="PSE")),
    # The accused or warned party is whoever carries out what the statement names.
    ("fr-arg-accused-agent", "fr", "Le Premier ministre libanais a dénoncé une campagne de bombardements menée par Israël.", JUNE_6, Want("ACCUSE", actor="LBN", recipient="ISR")),
    ("en-arg-warned-agent", "en", "Iran's foreign minister warned that any attack by the United States against Iran would meet a crushing response.", JUNE_6, Want("THREATEN", actor="IRN", recipient="USA")),
    # A pronoun refers back to the subject of an earlier clause, even one that is no event.
    ("en-arg-pronoun-non-event-subject", "en", "The Chinese military announced that it conducted large-scale drills around Taiwan.", JUNE_6, Want("MOBILIZE", actor="CHN")),
    ("fr-arg-pronoun-non-event-subject", "fr", "L'armée chinoise a annoncé qu'elle avait mené des manœuvres autour de Taïwan.", JUNE_6, Want("MOBILIZE", actor="CHN")),
    # An informal group of states stands for its members (GUIDE.md: the E3 is France, Germany, the UK).
    ("fr-arg-group-members", "fr", "L'E3 a accusé l'Iran de violer ses engagements nucléaires.", JUNE_6, Want("ACCUSE", actor=("FRA", "DEU", "GBR"), recipient="IRN")),
    ("en-arg-group-members", "en", "The E3 accused Iran of breaching its nuclear commitments.", JUNE_6, Want("ACCUSE", actor=("FRA", "DEU", "GBR"), recipient="IRN")),
    # A passive with its agent: "exigé par les généraux nigériens"; "tricolore" is French.
    ("fr-arg-passive-agent-demand", "fr", "Le départ des soldats tricolores avait été exigé par les généraux nigériens.", JUNE_6, Want("REQUEST", actor="NER", recipient="FRA")),
    # The agent of an event noun ("a proposal by X"); the partner of what it proposes is the recipient.
    ("en-arg-noun-agent-partner", "en", "The summit follows a proposal by Erdogan on Monday to hold direct talks with Greece.", JUNE_6, Want("AGREE", actor="TUR", recipient="GRC")),
    # An event noun that is the subject of a passive light verb is not its own recipient.
    ("en-arg-event-noun-passive-subject", "en", "Large Russian military drills will be held next week in the Baltic Sea.", JUNE_6, Want("MOBILIZE", actor="RUS", recipient=None)),
    # A show of force staged near a country is aimed at it.
    ("en-arg-display-near", "en", "The Chinese navy conducted military drills near Taiwan on Thursday.", JUNE_6, Want("MOBILIZE", actor="CHN", recipient="TWN")),
    ("fr-arg-display-autour", "fr", "La marine chinoise a mené des manœuvres militaires autour de Taïwan jeudi.", JUNE_6, Want("MOBILIZE", actor="CHN", recipient="TWN")),
    # Two clauses of one sentence that each name both sides are two happenings, not one.
    ("en-merge-two-clauses", "en", "A Houthi drone struck a US cargo ship on Monday, and another Houthi missile targeted an American destroyer.", JUNE_6, Want("ASSAULT", actor="YEM", recipient="USA", count=2)),
    ("en-merge-shared-subject", "en", "Israeli jets struck Hamas positions in Gaza City on Tuesday and killed three Hamas commanders.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="PSE", count=1)),
    # A launched weapon is not the actor: whoever fired it, or the country it came from, is.
    ("en-arg-weapon-origin", "en", "On Tuesday a ballistic missile launched from Yemen struck a Greek-owned tanker in the Red Sea, according to the Pentagon.", JUNE_6, Want("ASSAULT", actor="YEM", recipient="GRC")),
    # The place a visit goes to is its host (and its location); a trip at home has no host.
    ("fr-arg-visit-destination", "fr", "Le président Emmanuel Macron s'est rendu mercredi en Chine.", JUNE_6, Want("CONSULT", mode="visit", actor="FRA", recipient="CHN")),
    ("en-arg-visit-destination", "en", "French President Emmanuel Macron arrived in Beijing on Wednesday for a three-day state visit.", JUNE_6, Want("CONSULT", mode="visit", actor="FRA", recipient="CHN")),
    ("fr-arg-visit-future-destination", "fr", "Le président turc se rendra en Russie le mois prochain, a annoncé son porte-parole.", JUNE_6, Want("AGREE", actor="TUR", recipient="RUS", modality="future")),
    ("en-arg-visit-future-destination", "en", "The Chinese foreign minister will travel to Moscow next week for talks on trade.", JUNE_6, Want("AGREE", actor="CHN", recipient="RUS", modality="future")),
    ("fr-arg-visit-at-home", "fr", "Le président turc s'est rendu lundi à Istanbul pour inaugurer un pont.", JUNE_6, Want("CONSULT", actor="TUR", recipient=None)),
    # The target phrase of an event noun that is the subject names the target, not the attacker.
    ("en-arg-subject-noun-target", "en", "A drone attack on the US embassy in Baghdad wounded two guards.", JUNE_6, Want("ASSAULT", actor=None, recipient="USA")),
    ("en-arg-subject-noun-target-not-actor", "en", "An Israeli airstrike on a UN-run school in central Gaza killed at least 27 people on Thursday.", JUNE_6, Want("ASSAULT", actor="UNO", absent=True)),
    ("fr-arg-subject-noun-target", "fr", "Une attaque de drone contre l'ambassade américaine à Bagdad a blessé deux gardes.", JUNE_6, Want("ASSAULT", actor=None, recipient="USA")),
    ("en-arg-flagged-target", "en", "Hours later, another anti-ship missile launched from Yemen struck a Liberian-flagged container ship in the Gulf of Aden, the Pentagon said.", JUNE_6, Want("ASSAULT", actor="YEM", recipient="LBR")),
    ("en-arg-weapon-adjective", "en", "Two days earlier a Russian drone hit a Ukrainian power plant near Kharkiv.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR")),
    ("fr-arg-weapon-origin", "fr", "Un missile tiré depuis le Liban a frappé mardi une base israélienne près de Safed.", JUNE_6, Want("ASSAULT", actor="LBN", recipient="ISR")),
    ("en-arg-weapon-agent", "en", "A drone fired by the Houthis hit a British tanker in the Gulf of Aden.", JUNE_6, Want("ASSAULT", actor="YEM", recipient="GBR")),
    # The nation adjective of the object names the target ("la frappe israélienne" condemned).
    ("fr-arg-condemned-adjective", "fr", "L'UNRWA a condamné la frappe israélienne contre l'école.", JUNE_6, Want("ACCUSE", actor="UNO", recipient="ISR")),
    # "stationed" is a deployment only in the active voice; a participle describes where troops are.
    ("en-type-stationed-active", "en", "Russia stationed tactical nuclear missiles in Belarus last year.", JUNE_6, Want("MOBILIZE", actor="RUS")),
    ("en-type-stationed-state", "en", "A drone attacked US troops stationed at the airport in Erbil.", JUNE_6, Want("MOBILIZE", absent=True)),
    ("fr-type-stationner-active", "fr", "La Russie a stationné des missiles nucléaires tactiques en Biélorussie.", JUNE_6, Want("MOBILIZE", actor="RUS")),
    ("fr-type-stationner-state", "fr", "Un drone a attaqué des soldats américains stationnés près d'Erbil.", JUNE_6, Want("MOBILIZE", absent=True)),
    # A threat level is an assessment, not a threat.
    ("fr-type-niveau-de-menace", "fr", "Les experts ont relevé le niveau de menace de l'État islamique en Irak.", JUNE_6, Want("THREATEN", absent=True)),
    ("en-type-threat-level", "en", "Britain raised the threat level from Islamic State to severe.", JUNE_6, Want("THREATEN", absent=True)),
    # A subject that suffers, faces or sees an event undergoes it; the noun's source carries it out.
    ("fr-arg-undergo-subir", "fr", "L'Ukraine subit depuis mardi des frappes russes sur ses centrales électriques.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR")),
    ("fr-arg-undergo-voir", "fr", "La Russie voit se multiplier les attaques sur son sol.", JUNE_6, Want("ASSAULT", actor=None, recipient="RUS")),
    ("en-arg-undergo-suffer", "en", "Israel has suffered rocket attacks from Hezbollah since October.", JUNE_6, Want("ASSAULT", actor="LBN", recipient="ISR")),
    # A compound preposition ("à la suite de", "at the request of") does not name a target.
    ("fr-arg-compound-preposition", "fr", "Les tirs du Hezbollah ont cessé à la suite de la mort de trois soldats américains.", JUNE_6, Want("RETREAT", actor="LBN", recipient=None)),
    ("en-arg-compound-preposition", "en", "Turkish troops withdrew from the town at the request of the United Nations.", JUNE_6, Want("RETREAT", actor="TUR", recipient=None)),
    # Police charging with shields is crowd control, not a criminal charge.
    ("en-type-charge-shields", "en", "Bangladeshi riot police charged with shields and batons at the protesters in Dhaka.", JUNE_6, Want("ACCUSE", absent=True)),
    # A planned meeting with someone is a promise to them (AGREE, future): the partner is the recipient.
    ("en-arg-planned-talks-partner", "en", "Iran hopes to hold a new round of talks with the U.S. in the coming days.", JUNE_6, Want("AGREE", actor="IRN", recipient="USA", modality="future")),
    ("fr-arg-planned-talks-partner", "fr", "Le Venezuela espère tenir des négociations avec la Colombie la semaine prochaine.", JUNE_6, Want("AGREE", actor="VEN", recipient="COL", modality="future")),
    # Within an article a generic actor stands for the named group of its country and sector.
    ("fr-merge-generic-named", "fr", "Mercredi, des paramilitaires ont attaqué un camp de déplacés près d'el-Facher, au Soudan. Selon un médecin, l'attaque des FSR a fait six morts mercredi.", JUNE_6, Want("ASSAULT", actor="SDN", count=1)),
    # "l'attaque a fait six morts": the deaths are the attack's, not an event whose recipient is the attacker.
    ("fr-fold-caused-deaths", "fr", "L'attaque des FSR contre le marché a fait six morts mercredi.", JUNE_6, Want("ASSAULT", recipient="SDN", absent=True)),
    # An ultimatum given as time to act ("gave X seven days to", "a donné une semaine à X pour")
    # has a deadline, counted from the day it was given when the text says it.
    ("en-deadline-gave-days", "en", "ECOWAS gave the Niger junta seven days to reinstate President Mohamed Bazoum, threatening to use force otherwise.", JUNE_6, Want("THREATEN", actor="IGO", deadline="2024-06-13")),
    ("fr-deadline-une-semaine", "fr", "La Cédéao a donné dimanche une semaine à la junte nigérienne pour rétablir le président Mohamed Bazoum dans ses fonctions, sous peine de recourir à la force.", JULY_31_2023, Want("THREATEN", actor="IGO", recipient="NER", deadline="2023-08-06")),
    ("fr-deadline-anchor-event-day", "fr", "La Cédéao a donné dimanche un délai de sept jours à la junte nigérienne pour rétablir le président Mohamed Bazoum, faute de quoi elle pourrait recourir à la force.", JULY_31_2023, Want("THREATEN", actor="IGO", deadline="2023-08-06")),
    ("en-deadline-no-ultimatum", "en", "The minister gave a speech in Paris the next day.", JUNE_6, Want("THREATEN", absent=True)),
    # The addressee of an ultimatum ("donner au Niger un délai") is its recipient.
    ("fr-arg-deadline-recipient", "fr", "La Cédéao a donné au Niger un délai de 30 jours pour libérer le président Mohamed Bazoum, sous peine de sanctions.", JUNE_6, Want("THREATEN", actor="IGO", recipient="NER")),
    ("en-arg-deadline-addressee", "en", "ECOWAS gave Niger's junta a one-week ultimatum to reinstate President Bazoum.", JUNE_6, Want("THREATEN", actor="IGO", recipient="NER")),
    # A place that undergoes the event stands for its country.
    ("en-arg-place-target", "en", "Israeli jets bombarded Rafah on Tuesday.", JUNE_6, Want("ASSAULT", actor="ISR", recipient="PSE")),
    ("fr-arg-place-target", "fr", "L'armée russe a bombardé Kharkiv dans la nuit de mardi.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR")),
    # attribution markers match as whole phrases ("selon", "d'après"), not "de ... après"
    ("fr-attr-selon-end", "fr", "L'armée israélienne a bombardé mardi la ville de Rafah, selon l'AFP.", JUNE_6, Want("ASSAULT", actor="ISR", attribution="AFP")),
    ("fr-attr-none-de-apres", "fr", "L'Iran a menacé Israël de représailles après la frappe contre son consulat à Damas.", JUNE_6, Want("THREATEN", actor="IRN", attribution=None)),
]

# (id, language, text, published, expected, what is missing)
GAPS: list[tuple[str, str, str, date, Want, str]] = [
    # ------------------------------------------------------------ types and modes
    ("en-assault-crowd-control", "en", "Kenyan police fired tear gas at protesters in Nairobi.", JUNE_6, Want("ASSAULT", mode="crowd-control", actor="KEN"),
     "'fired tear gas' gets mode firearms: the tear-gas cue does not win over the firing verb's own mode"),
    ("en-aid-money", "en", "The European Union released 50 million euros in humanitarian aid for Sudan.", JUNE_6, Want("AID", actor="EUR", recipient="SDN"),
     "'released ... aid' is coded RETREAT release: released money is not told from released prisoners"),
    ("en-aid-granted", "en", "Japan granted 10 million dollars in aid to Ukraine.", JUNE_6, Want("AID", actor="JPN", recipient="UKR"),
     "'granted ... in aid' gives no event: neither 'grant' nor 'aid' in that frame is a trigger"),
    ("fr-agree-ceasefire-deal", "fr", "Israël et le Hamas ont conclu un accord de cessez-le-feu.", JUNE_6, Want("AGREE", actor=("ISR", "PSE")),
     "'conclure un accord de cessez-le-feu' is coded RETREAT ceasefire (observed truce), not AGREE, and keeps one party"),
    ("en-agree-ceasefire-deal", "en", "Israel and Hamas reached a ceasefire agreement.", JUNE_6, Want("AGREE", actor=("ISR", "PSE")),
     "'reached a ceasefire agreement' is coded RETREAT ceasefire (observed truce), not AGREE"),
    ("fr-agree-mettre-d-accord", "fr", "Israël et le Hamas se sont mis d'accord sur un échange de prisonniers.", JUNE_6, Want("AGREE", actor=("ISR", "PSE")),
     "the parties of 'se mettre d'accord' are lost: 'prisonniers' of the complement becomes the actor"),
    ("fr-consult-visit-arrive", "fr", "Le chef de la diplomatie américaine Antony Blinken est arrivé lundi à Pékin.", JUNE_6, Want("CONSULT", mode="visit", actor="USA", recipient="CHN"),
     "French 'arriver à <capitale>' is no visit trigger (English 'arrived in' is)"),
    ("fr-consult-visit-purpose", "fr", "Le président français Emmanuel Macron s'est rendu mercredi en Chine pour une visite d'État de trois jours.", JUNE_6, Want("CONSULT", mode="visit", actor="FRA"),
     "'visite' in the purpose phrase blocks 'se rendre' (not_with: visite) and, not being a light-verb object, gets no participant: no event at all"),
    # ------------------------------------------------------------ arguments
    ("fr-arg-possessor-du", "fr", "La visite du Premier ministre indien à Moscou a irrité Washington.", JUNE_6, Want("CONSULT", mode="visit", actor="IND", recipient="RUS"),
     "possessor 'du Premier ministre': the contraction 'du' is not read as the possessive preposition 'de' (syntax.yml lists 'de' only)"),
    ("en-arg-coordinated-verb-subject", "en", "Hamas accused Israel of committing a massacre and called on the international community to intervene.", JUNE_6, Want("REQUEST", actor="PSE"),
     "the second of two coordinated verbs ('accused ... and called on') takes Israel, the object of the first, as its subject"),
    ("fr-arg-police-in-context", "fr", "Des milliers de Kényans ont manifesté mardi à Nairobi.\nLa police a tiré à balles réelles sur la foule, tuant au moins cinq personnes.", JUNE_6, Want("ASSAULT", mode="firearms", actor="KEN"),
     "an unqualified 'la police' in a story set in Nairobi gets no country"),
    ("fr-arg-coordinated", "fr", "Les États-Unis et l'Irak ont signé un accord de coopération sécuritaire.", JUNE_6, Want("SUPPORT", actor=("USA", "IRQ")),
     "coordinated subject misparsed ('États-Unis' as ROOT, 'signé' as its conj): only 'l'Irak' is found"),
    ("fr-arg-coordinated-talks", "fr", "Les États-Unis et l'Irak ont tenu des négociations à Bagdad.", JUNE_6, Want("CONSULT", actor=("USA", "IRQ")),
     "coordinated subject misparsed: only 'l'Irak' is found"),
    ("fr-arg-phone-avec", "fr", "Joe Biden s'est entretenu par téléphone avec Volodymyr Zelensky mercredi.", JUNE_6, Want("CONSULT", mode="phone", actor=("USA", "UKR")),
     "the partner of 's'entretenir avec X' is not taken (English 'spoke with X' is)"),
    ("fr-arg-request-object", "fr", "L'ONU a appelé Israël à autoriser l'entrée de l'aide humanitaire à Gaza.", JUNE_6, Want("REQUEST", actor="UNO", recipient="ISR"),
     "the phrase trigger 'appeler ... à' spans the addressee 'Israël' (parsed as xcomp), which is then not taken as recipient"),
    ("fr-arg-threaten-inverted-speaker", "fr", "Le Hezbollah doit cesser ses tirs, sinon Israël frappera le Liban, a averti le ministre israélien de la Défense.", JUNE_6, Want("THREATEN", actor="ISR", recipient="LBN"),
     "inverted speaker of 'a averti le ministre': the minister becomes the recipient and Hezbollah the actor"),
    ("en-arg-threaten-trailing-speaker", "en", "Hezbollah must stop firing, otherwise Israel will strike Lebanon, the Israeli defence minister warned.", JUNE_6, Want("THREATEN", actor="ISR", recipient="LBN"),
     "the threatened party (Hezbollah, Lebanon) of a trailing 'X warned' is not the recipient"),
    ("en-arg-plural-leaders", "en", "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Tokyo.\nThe two leaders pledged to strengthen cooperation against North Korea.", JUNE_6, Want("AGREE", actor=("JPN", "KOR")),
     "'the two leaders' does not resolve to both leaders: the promised cooperation takes North Korea as its actor"),
    # ------------------------------------------------------------ modality
    ("fr-mod-negation-scope", "fr", "L'Inde n'a pas condamné l'invasion de l'Ukraine par la Russie.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR", modality="asserted"),
     "negation of 'condamner' spreads to the invasion it governs: the invasion is coded negated"),
    ("en-mod-negation-scope", "en", "India did not condemn Russia's invasion of Ukraine.", JUNE_6, Want("ASSAULT", actor="RUS", recipient="UKR", modality="asserted"),
     "negation of 'condemn' spreads to the invasion it governs, and the possessor 'Russia's' is read as a recipient, not the invader"),
    ("fr-mod-demand-not-concession", "fr", "Le Hezbollah doit cesser ses tirs, sinon Israël frappera le Liban, a averti le ministre israélien de la Défense.", JUNE_6, Want("CONCEDE", absent=True),
     "'doit cesser' (a demand made by another party) is coded as Hezbollah's promised concession"),
    ("fr-mod-threat-asserted", "fr", "Le Hezbollah doit cesser ses tirs, sinon Israël frappera le Liban, a averti le ministre israélien de la Défense.", JUNE_6, Want("THREATEN", modality="asserted"),
     "'sinon' makes the warning itself hypothetical: the threat was made, only the strike is conditional"),
    ("en-mod-demand-not-retreat", "en", "Hezbollah must stop firing, otherwise Israel will strike Lebanon, the Israeli defence minister warned.", JUNE_6, Want("RETREAT", absent=True),
     "'must stop firing' (a demand) is coded as an asserted RETREAT ceasefire"),
    ("en-mod-accused-of-committing", "en", "Hamas accused Israel of committing a massacre and called on the international community to intervene.", JUNE_6, Want("ASSAULT", modality="future", absent=True),
     "'commit' is a future governor ('commit to'), so the massacre Israel is accused of committing is coded as a future ASSAULT, not alleged"),
    ("en-mod-threat-asserted", "en", "Hezbollah must stop firing, otherwise Israel will strike Lebanon, the Israeli defence minister warned.", JUNE_6, Want("THREATEN", actor="ISR", modality="asserted"),
     "'otherwise' makes the warning itself hypothetical: the threat was made, only the strike is conditional"),
    # ------------------------------------------------------------ attribution
    # ------------------------------------------------------------ deadlines
]
# fmt: on


# ------------------------------------------------------------ running the coder


@functools.cache
def _pipeline() -> Pipeline:
    """Built once; its models load on first use, once per process."""
    return Pipeline(analysis_stages())


@functools.cache
def _events(language: str, text: str, published: date) -> tuple[Event, ...]:
    document = Document(source="row", text=text, published=published, language=language)
    try:
        article = analyze_document(document, pipeline=_pipeline())
    except LanguageError as exc:  # pragma: no cover - models are part of the dev environment
        pytest.skip(str(exc))
    return tuple(article.events)


def _countries(arguments: Sequence[Argument]) -> set[str]:
    return {a.actor.country for a in arguments if a.actor.country}


def _side_ok(wanted: Countries, arguments: Sequence[Argument]) -> bool:
    if wanted is ANY:
        return True
    if wanted is None:
        return not arguments
    codes = {wanted} if isinstance(wanted, str) else set(wanted)
    return codes <= _countries(arguments)


def _matches(want: Want, event: Event) -> bool:
    if event.type != want.type:
        return False
    if want.mode is not ANY and event.mode != want.mode:
        return False
    if want.modality is not ANY and event.modality != want.modality:
        return False
    if not (_side_ok(want.actor, event.actors) and _side_ok(want.recipient, event.recipients)):
        return False
    if want.attribution is not ANY:
        source = event.attribution.text if event.attribution is not None else None
        if want.attribution is None or source is None:
            if source != want.attribution:
                return False
        elif want.attribution.casefold() not in source.casefold():
            return False
    if want.deadline is not ANY:
        deadline = event.deadline.value if event.deadline is not None else None
        if deadline != want.deadline:
            return False
    return True


def _describe(events: Sequence[Event]) -> str:
    def side(arguments: Sequence[Argument]) -> str:
        return ",".join(f"{a.mention.text}/{a.actor.country}" for a in arguments) or "-"

    lines = []
    for e in events:
        source = e.attribution.text if e.attribution else None
        deadline = e.deadline.value if e.deadline else None
        lines.append(
            f"  {e.type} {e.mode} {side(e.actors)} -> {side(e.recipients)} {e.modality}"
            f" source={source!r} deadline={deadline} trigger={e.trigger.text!r}"
        )
    return "\n".join(lines) or "  (no events)"


def _check(language: str, text: str, published: date, want: Want) -> None:
    events = _events(language, text, published)
    found = [e for e in events if _matches(want, e)]
    if want.absent:
        assert not found, f"unexpected {want}; coded:\n{_describe(events)}"
    else:
        assert found, f"missing {want}; coded:\n{_describe(events)}"
    if want.count is not ANY:
        assert len(found) == want.count, f"expected {want}; coded:\n{_describe(events)}"


@pytest.mark.parametrize(
    ("language", "text", "published", "want"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_coder(language: str, text: str, published: date, want: Want) -> None:
    _check(language, text, published, want)


@pytest.mark.parametrize(
    ("language", "text", "published", "want"),
    [pytest.param(*row[1:5], id=row[0], marks=pytest.mark.xfail(strict=True, reason=row[5])) for row in GAPS],
)
def test_coder_gaps(language: str, text: str, published: date, want: Want) -> None:
    _check(language, text, published, want)


def test_rows_are_well_formed() -> None:
    rows = [(*row, "") for row in ROWS] + GAPS
    for row in rows:
        assert len(row) == 6 and isinstance(row[3], date) and isinstance(row[4], Want), row[0]
        assert row[1] in ("fr", "en") and row[0].startswith(f"{row[1]}-"), row[0]
    assert all(reason for *_, reason in GAPS)
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids))
