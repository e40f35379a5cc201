#!/usr/bin/env python3
"""Write ``veille/data/actors/countries.yml``: one actor per country, in French and English.

Country names come from CLDR (through babel) in French and English and from
ISO 3166 (through pycountry); the short forms news uses ("USA", "RDC", "UK"),
capitals used for governments ("Washington", "Bagdad"), demonyms
("irakien, irakienne, irakiens, irakiennes"; "Iraqi") and the names of
inhabitants ("Irakiens"; "Iraqis") are hand-written below, since CLDR has
none of them. The generated file is committed: Veille reads it at run time
and does not need babel or pycountry.

    .venv/bin/python scripts/build_countries.py            # rewrite the file
    .venv/bin/python scripts/build_countries.py --check    # exit 1 if it is out of date

Needs ``babel`` and ``pycountry`` (not Veille dependencies: install them in
the environment that runs this script).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import babel
import pycountry
import yaml
from babel import Locale

OUTPUT = Path(__file__).resolve().parent.parent / "veille" / "data" / "actors" / "countries.yml"

# ISO 3166 does not list Kosovo; XKX is the code the EU, IMF and news data use.
EXTRA_COUNTRIES = {"XKX": ("XK", "Kosovo")}

# Canonical English names where CLDR's display name is not the one news uses.
NAMES = {
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "PSE": "Palestine",
    "TUR": "Turkey",
    "MMR": "Myanmar",
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "CIV": "Ivory Coast",
    "VAT": "Holy See",
}

# Demonyms, one line per country: ISO3 | French | English adjectives | English inhabitants.
# French: the masculine singular, from which the feminine and plurals are
# derived (see french_forms), several of them separated by semicolons, or
# every form separated by commas where the rule does not apply. English inhabitants: "" derives them (Iraqi -> Iraqis),
# "-" means there is no plural noun distinct from the adjective (French, Chinese).
DEMONYMS = """
AFG | afghan | Afghan | Afghans
ALB | albanais | Albanian |
DZA | algérien | Algerian |
AGO | angolais | Angolan |
ARG | argentin | Argentine, Argentinian | Argentines, Argentinians
ARM | arménien | Armenian |
AUS | australien | Australian |
AUT | autrichien | Austrian |
AZE | azerbaïdjanais; azéri | Azerbaijani, Azeri |
BHR | bahreïni; bahreïnien | Bahraini |
BGD | bangladais | Bangladeshi |
BLR | biélorusse; bélarusse | Belarusian |
BEL | belge | Belgian |
BEN | béninois | Beninese | -
BOL | bolivien | Bolivian |
BIH | bosnien | Bosnian |
BWA | botswanais | Botswanan |
BRA | brésilien | Brazilian |
BGR | bulgare | Bulgarian |
BFA | burkinabè, burkinabé, burkinabès, burkinabés | Burkinabe | -
BDI | burundais | Burundian |
KHM | cambodgien | Cambodian |
CMR | camerounais | Cameroonian |
CAN | canadien | Canadian |
CPV | cap-verdien | Cape Verdean |
CAF | centrafricain | Central African |
TCD | tchadien | Chadian |
CHL | chilien | Chilean |
CHN | chinois | Chinese | -
COL | colombien | Colombian |
COM | comorien | Comorian |
COD | congolais | Congolese | -
CRI | costaricien; costaricain | Costa Rican |
CIV | ivoirien | Ivorian |
HRV | croate | Croatian | Croats
CUB | cubain | Cuban |
CYP | chypriote | Cypriot |
CZE | tchèque | Czech |
DNK | danois | Danish | Danes
DJI | djiboutien | Djiboutian |
DOM | dominicain | Dominican |
ECU | équatorien | Ecuadorian |
EGY | égyptien | Egyptian |
SLV | salvadorien | Salvadoran |
GNQ | équato-guinéen | Equatorial Guinean |
ERI | érythréen | Eritrean |
EST | estonien | Estonian |
ETH | éthiopien | Ethiopian |
FIN | finlandais | Finnish | Finns
FRA | français; tricolore | French | -
GAB | gabonais | Gabonese | -
GMB | gambien | Gambian |
GEO | géorgien | Georgian |
DEU | allemand | German |
GHA | ghanéen | Ghanaian |
GRC | grec, grecque, grecs, grecques | Greek |
GTM | guatémaltèque | Guatemalan |
GIN | guinéen | Guinean |
GNB | bissau-guinéen | Bissau-Guinean |
HTI | haïtien | Haitian |
HND | hondurien | Honduran |
HUN | hongrois | Hungarian |
ISL | islandais | Icelandic | Icelanders
IND | indien | Indian |
IDN | indonésien | Indonesian |
IRN | iranien | Iranian |
IRQ | irakien | Iraqi |
IRL | irlandais | Irish | -
ISR | israélien | Israeli |
ITA | italien | Italian |
JAM | jamaïcain | Jamaican |
JPN | japonais | Japanese | -
JOR | jordanien | Jordanian |
KAZ | kazakh; kazakhstanais | Kazakh, Kazakhstani |
KEN | kényan; kenyan | Kenyan |
PRK | nord-coréen | North Korean |
KOR | sud-coréen | South Korean |
XKX | kosovar | Kosovar, Kosovan |
KWT | koweïtien | Kuwaiti |
KGZ | kirghiz, kirghize, kirghizes | Kyrgyz | -
LAO | laotien | Laotian |
LVA | letton | Latvian |
LBN | libanais | Lebanese | -
LBR | libérien | Liberian |
LBY | libyen | Libyan |
LTU | lituanien | Lithuanian |
LUX | luxembourgeois | Luxembourgish | Luxembourgers
MDG | malgache | Malagasy | -
MWI | malawite; malawien | Malawian |
MYS | malaisien | Malaysian |
MDV | maldivien | Maldivian |
MLI | malien | Malian |
MLT | maltais | Maltese | -
MRT | mauritanien | Mauritanian |
MUS | mauricien | Mauritian |
MEX | mexicain | Mexican |
MDA | moldave | Moldovan |
MNG | mongol | Mongolian |
MNE | monténégrin | Montenegrin |
MAR | marocain | Moroccan |
MOZ | mozambicain | Mozambican |
MMR | birman | Burmese, Myanmar | -
NAM | namibien | Namibian |
NPL | népalais | Nepali, Nepalese | Nepalis
NLD | néerlandais | Dutch | -
NZL | néo-zélandais | New Zealand | New Zealanders
NIC | nicaraguayen | Nicaraguan |
NER | nigérien | Nigerien |
NGA | nigérian; nigerian | Nigerian |
MKD | macédonien; nord-macédonien | Macedonian, North Macedonian |
NOR | norvégien | Norwegian |
OMN | omanais | Omani |
PAK | pakistanais | Pakistani |
PSE | palestinien | Palestinian |
PAN | panaméen | Panamanian |
PRY | paraguayen | Paraguayan |
PER | péruvien | Peruvian |
PHL | philippin | Philippine, Filipino | Filipinos
POL | polonais | Polish | Poles
PRT | portugais | Portuguese | -
QAT | qatari; qatarien | Qatari |
ROU | roumain | Romanian |
RUS | russe | Russian |
RWA | rwandais | Rwandan |
SAU | saoudien | Saudi, Saudi Arabian |
SEN | sénégalais | Senegalese | -
SRB | serbe | Serbian, Serb | Serbs
SLE | sierra-léonais | Sierra Leonean |
SGP | singapourien | Singaporean |
SVK | slovaque | Slovak |
SVN | slovène | Slovenian, Slovene | Slovenians, Slovenes
SOM | somalien; somali | Somali | Somalis
ZAF | sud-africain | South African |
SSD | sud-soudanais | South Sudanese | -
ESP | espagnol | Spanish | Spaniards
LKA | sri-lankais | Sri Lankan |
SDN | soudanais | Sudanese | -
SWE | suédois | Swedish | Swedes
CHE | suisse | Swiss | -
SYR | syrien | Syrian |
TWN | taïwanais | Taiwanese | -
TJK | tadjik | Tajik |
TZA | tanzanien | Tanzanian |
THA | thaïlandais | Thai |
TGO | togolais | Togolese | -
TUN | tunisien | Tunisian |
TUR | turc, turque, turcs, turques | Turkish | Turks
TKM | turkmène | Turkmen | -
UGA | ougandais | Ugandan |
UKR | ukrainien | Ukrainian |
ARE | émirati | Emirati |
GBR | britannique | British | Britons
USA | américain; états-unien | American |
URY | uruguayen | Uruguayan |
UZB | ouzbek, ouzbèke, ouzbeks, ouzbèkes | Uzbek |
VEN | vénézuélien | Venezuelan |
VNM | vietnamien | Vietnamese | -
YEM | yéménite | Yemeni |
ZMB | zambien | Zambian |
ZWE | zimbabwéen | Zimbabwean |
ESH | sahraoui | Sahrawi |
BTN | bhoutanais | Bhutanese | -
SYC | seychellois | Seychellois | -
"""

# Capitals (or seats of government) that news uses for the government: ISO3 | French | English.
# Left out where the city stands for something else more often (Brussels: the EU;
# The Hague: the international courts; Vienna, Geneva: UN bodies) or is also a
# common word or name (Malé, Sofia, Lima, Santiago, Victoria, Kingston).
CAPITALS = """
AFG | Kaboul | Kabul
DZA | Alger | Algiers
ARM | Erevan | Yerevan
AZE | Bakou | Baku
BHR | Manama | Manama
BGD | Dacca, Dhaka | Dhaka
BLR | Minsk | Minsk
BFA | Ouagadougou | Ouagadougou
BDI | Gitega, Bujumbura | Gitega
KHM | Phnom Penh | Phnom Penh
CMR | Yaoundé | Yaounde, Yaoundé
CAN | Ottawa | Ottawa
CAF | Bangui | Bangui
TCD | N'Djamena, Ndjamena | N'Djamena, Ndjamena
CHN | Pékin, Beijing | Beijing
COL | Bogota, Bogotá | Bogota, Bogotá
COD | Kinshasa | Kinshasa
COG | Brazzaville | Brazzaville
CIV | Abidjan, Yamoussoukro | Abidjan, Yamoussoukro
HRV | Zagreb | Zagreb
CUB | La Havane | Havana
CYP | Nicosie | Nicosia
CZE | Prague | Prague
DNK | Copenhague | Copenhagen
EGY | Le Caire | Cairo
ERI | Asmara | Asmara
EST | Tallinn | Tallinn
ETH | Addis-Abeba | Addis Ababa
FIN | Helsinki | Helsinki
FRA | Paris | Paris
GAB | Libreville | Libreville
GEO | Tbilissi | Tbilisi
DEU | Berlin | Berlin
GHA | Accra | Accra
GRC | Athènes | Athens
GIN | Conakry | Conakry
HTI | Port-au-Prince | Port-au-Prince
HUN | Budapest | Budapest
IND | New Delhi | New Delhi
IDN | Jakarta, Djakarta | Jakarta
IRN | Téhéran | Tehran
IRQ | Bagdad | Baghdad
IRL | Dublin | Dublin
ISR | Jérusalem, Tel-Aviv, Tel Aviv | Jerusalem, Tel Aviv
ITA | Rome | Rome
JPN | Tokyo | Tokyo
JOR | Amman | Amman
KAZ | Astana | Astana
KEN | Nairobi | Nairobi
PRK | Pyongyang | Pyongyang
KOR | Séoul | Seoul
XKX | Pristina | Pristina
KGZ | Bichkek | Bishkek
LVA | Riga | Riga
LBN | Beyrouth | Beirut
LBR | Monrovia | Monrovia
LBY | Tripoli | Tripoli
LTU | Vilnius | Vilnius
MLI | Bamako | Bamako
MRT | Nouakchott | Nouakchott
MDA | Chisinau, Chișinău | Chisinau, Chișinău
MAR | Rabat | Rabat
MOZ | Maputo | Maputo
MMR | Naypyidaw, Naypyitaw | Naypyidaw, Naypyitaw
NPL | Katmandou | Kathmandu
NIC | Managua | Managua
NER | Niamey | Niamey
NGA | Abuja | Abuja
OMN | Mascate | Muscat
PAK | Islamabad | Islamabad
PSE | Ramallah | Ramallah
PHL | Manille | Manila
POL | Varsovie | Warsaw
PRT | Lisbonne | Lisbon
QAT | Doha | Doha
ROU | Bucarest | Bucharest
RUS | Moscou | Moscow
RWA | Kigali | Kigali
SAU | Riyad, Ryad, Riyadh | Riyadh
SEN | Dakar | Dakar
SRB | Belgrade | Belgrade
SOM | Mogadiscio | Mogadishu
ZAF | Pretoria | Pretoria
SSD | Djouba, Juba | Juba
ESP | Madrid | Madrid
SDN | Khartoum, Port-Soudan | Khartoum, Port Sudan
SWE | Stockholm | Stockholm
CHE | Berne | Bern
SYR | Damas | Damascus
TWN | Taipei, Taïpei | Taipei
TJK | Douchanbé | Dushanbe
THA | Bangkok | Bangkok
TGO | Lomé | Lome, Lomé
TUN | Tunis | Tunis
TUR | Ankara | Ankara
UGA | Kampala | Kampala
UKR | Kiev, Kyiv | Kyiv, Kiev
ARE | Abou Dhabi, Abu Dhabi | Abu Dhabi
GBR | Londres | London
USA | Washington | Washington
UZB | Tachkent | Tashkent
VEN | Caracas | Caracas
VNM | Hanoï | Hanoi
ZWE | Harare | Harare
"""

# Names news uses beyond CLDR's: short forms, abbreviations, older names and
# seats of power that stand for the government ("la Maison Blanche").
EXTRA_ALIASES: dict[str, dict[str, list[str]]] = {
    "USA": {
        "en": ["United States of America", "US", "U.S.", "USA", "U.S.A.", "America", "White House"],
        "fr": ["Etats-Unis", "Amérique", "USA", "Maison Blanche", "Maison-Blanche"],
    },
    "GBR": {
        "en": ["UK", "U.K.", "Britain", "Great Britain", "Downing Street"],
        "fr": ["Grande-Bretagne", "Downing Street"],
    },
    "RUS": {"en": ["Russian Federation", "Kremlin"], "fr": ["Fédération de Russie", "Kremlin"]},
    "FRA": {
        "en": ["French Republic", "Elysee", "Élysée", "Elysée"],
        "fr": ["République française", "Élysée", "Elysée", "Matignon", "Quai d'Orsay"],
    },
    "DEU": {"en": ["Federal Republic of Germany"], "fr": ["République fédérale d'Allemagne", "RFA"]},
    "CHN": {
        "en": ["People's Republic of China", "PRC"],
        "fr": ["République populaire de Chine", "RPC"],
    },
    "TWN": {"en": ["Taipei government"], "fr": ["Taiwan"]},
    "COD": {
        "en": ["DR Congo", "DRC", "Democratic Republic of the Congo", "Democratic Republic of Congo", "Congo"],
        "fr": ["RDC", "RD Congo", "République démocratique du Congo"],
    },
    "COG": {
        "en": ["Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"],
        "fr": ["République du Congo", "Congo"],
    },
    "PRK": {
        "en": ["DPRK", "Democratic People's Republic of Korea"],
        "fr": ["RPDC", "République populaire démocratique de Corée"],
    },
    "KOR": {"en": ["Republic of Korea", "ROK"], "fr": ["République de Corée"]},
    "IRN": {
        "en": ["Islamic Republic of Iran", "Islamic Republic"],
        "fr": ["République islamique d'Iran", "République islamique"],
    },
    "TUR": {"en": ["Turkey", "Türkiye", "Turkiye"], "fr": ["Türkiye"]},
    "PSE": {
        "en": ["Palestine", "State of Palestine", "Palestinian territories"],
        "fr": ["Palestine", "État de Palestine", "Etat de Palestine"],
    },
    "ISR": {"en": ["State of Israel"], "fr": ["Israel", "État hébreu", "Etat hébreu", "État d'Israël"]},
    "ARE": {"en": ["UAE", "United Arab Emirates", "Emirates"], "fr": ["EAU", "Emirats arabes unis", "Émirats"]},
    "SAU": {"en": ["Kingdom of Saudi Arabia", "KSA"], "fr": ["Arabie Saoudite", "royaume saoudien"]},
    "CIV": {"en": ["Ivory Coast", "Cote d'Ivoire"], "fr": ["Cote d'Ivoire"]},
    "MMR": {"en": ["Myanmar", "Burma"], "fr": ["Birmanie", "Myanmar"]},
    "CZE": {"en": ["Czech Republic"], "fr": ["République tchèque"]},
    "CAF": {"en": ["CAR"], "fr": ["Centrafrique", "RCA"]},
    "VAT": {"en": ["Holy See", "Vatican"], "fr": ["Saint-Siège", "Vatican"]},
    "MKD": {"en": ["Macedonia"], "fr": ["Macédoine"]},
    "SWZ": {"en": ["Swaziland"], "fr": ["Swaziland"]},
    "TLS": {"en": ["East Timor"], "fr": ["Timor oriental"]},
    "CPV": {"en": ["Cape Verde"], "fr": ["Cap-Vert"]},
    "NLD": {"en": ["Holland"], "fr": ["Pays-Bas"]},
    "BIH": {"en": ["Bosnia"], "fr": ["Bosnie"]},
    "BLR": {"en": ["Byelorussia"], "fr": ["Bélarus", "Biélorussie"]},
    "VNM": {"en": ["Viet Nam"], "fr": ["Vietnam", "Viêtnam"]},
    "GIN": {"en": ["Guinea-Conakry"], "fr": ["Guinée-Conakry"]},
    "SSD": {"en": ["South Sudan"], "fr": ["Sud-Soudan"]},
    "XKX": {"en": ["Republic of Kosovo"], "fr": ["République du Kosovo"]},
    "HKG": {"en": ["Hong Kong"], "fr": ["Hong Kong"]},
    "MAC": {"en": ["Macao", "Macau"], "fr": ["Macao"]},
    "SYR": {"en": ["Syrian Arab Republic"], "fr": ["République arabe syrienne"]},
    "LAO": {"en": ["Laos"], "fr": ["Laos"]},
    "BOL": {"en": ["Bolivia"], "fr": ["Bolivie"]},
    "VEN": {"en": ["Venezuela"], "fr": ["Venezuela"]},
    "TZA": {"en": ["Tanzania"], "fr": ["Tanzanie"]},
    "MDA": {"en": ["Moldova"], "fr": ["Moldavie"]},
    "MUS": {"fr": ["Île Maurice", "République de Maurice"]},
    "IRQ": {"en": ["Republic of Iraq"], "fr": ["Iraq", "République d'Irak"]},
}

# Generated names that are also common words or other things in news text.
SKIP_ALIASES = {
    "fr": {
        "Réunion",
        "La Réunion",
        "Maurice",
        "Hollande",
        "Jersey",
        "Guernesey",
        "Man",
        "Île de Man",
        "Niue",
        "Dominique",
        "Grenade",
    },
    "en": {"Réunion", "Jersey", "Guernsey", "Man", "Isle of Man", "Niue"},
}

_PAREN = re.compile(r"^(.*?)\s*\((.*)\)$")


def french_forms(masculine: str) -> list[str]:
    """The masculine and feminine, singular and plural forms of a French demonym."""
    if masculine.endswith("e"):
        return [masculine, masculine + "s"]
    if masculine.endswith(("s", "x")):
        return [masculine, masculine + "e", masculine + "es"]
    if masculine.endswith("en"):
        return [masculine, masculine + "ne", masculine + "s", masculine + "nes"]
    return [masculine, masculine + "e", masculine + "s", masculine + "es"]


def english_people(adjectives: list[str], given: str) -> list[str]:
    """The plural nouns for a country's people, distinct from its adjectives."""
    if given == "-":
        return []
    if given:
        return split(given)
    people = []
    for adjective in adjectives:
        if adjective.endswith(("ese", "sh", "ch", "ss", "ois")) or " " in adjective:
            continue
        people.append(adjective + "s")
    return people


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(",") if part.strip()]


def parse_table(table: str, width: int) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        cells += [""] * (width - len(cells))
        if cells[0] in rows:
            raise SystemExit(f"duplicate row for {cells[0]}")
        rows[cells[0]] = cells[1:width]
    return rows


def cldr_names(name: str) -> list[str]:
    """A display name split into the names it holds: "Myanmar (Burma)" -> Myanmar, Burma."""
    name = name.replace("\u2019", "'").replace(" - ", "-").replace(" & ", " and ")
    if name.startswith(("R.A.S.", "RAS ")) or name.endswith(" SAR China"):
        return []
    if name.startswith("the "):
        name = name[4:]
    match = _PAREN.match(name)
    if match:
        inner = match.group(2)
        if " part" in inner or "partie" in inner:
            return [match.group(1)]
        return [match.group(1), inner]
    return [re.sub(r"\s*\([^)]*\)", "", name)]


def unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def countries() -> list[tuple[str, str]]:
    """(alpha-3, alpha-2) of every ISO 3166 country, and Kosovo."""
    codes = [(c.alpha_3, c.alpha_2) for c in pycountry.countries]
    codes += [(alpha3, alpha2) for alpha3, (alpha2, _) in EXTRA_COUNTRIES.items()]
    return sorted(codes)


def build() -> dict[str, Any]:
    fr, en = Locale("fr"), Locale("en")
    demonyms = parse_table(DEMONYMS, 4)
    capitals = parse_table(CAPITALS, 3)
    unknown = (set(demonyms) | set(capitals) | set(EXTRA_ALIASES) | set(NAMES)) - {a3 for a3, _ in countries()}
    if unknown:
        raise SystemExit(f"unknown country codes in the tables: {sorted(unknown)}")
    actors = []
    for alpha3, alpha2 in countries():
        record = pycountry.countries.get(alpha_3=alpha3)
        en_names = cldr_names(en.territories.get(alpha2, ""))
        fr_names = cldr_names(fr.territories.get(alpha2, ""))
        if record is not None:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(record, attribute, None)
                if value and "," not in value:
                    en_names.extend(cldr_names(value))
        elif alpha3 in EXTRA_COUNTRIES:
            en_names.append(EXTRA_COUNTRIES[alpha3][1])
        extra = EXTRA_ALIASES.get(alpha3, {})
        aliases = {
            "en": unique([n for n in en_names + extra.get("en", []) if n not in SKIP_ALIASES["en"]]),
            "fr": unique([n for n in fr_names + extra.get("fr", []) if n not in SKIP_ALIASES["fr"]]),
        }
        name = NAMES.get(alpha3) or (en_names[0] if en_names else alpha3)
        actor: dict[str, Any] = {"id": alpha3.lower(), "name": name, "country": alpha3}
        actor["aliases"] = aliases  # an empty list: no name in that language (not even the English one)
        if alpha3 in capitals:
            fr_capitals, en_capitals = capitals[alpha3]
            actor["capitals"] = {"en": split(en_capitals), "fr": split(fr_capitals)}
        if alpha3 in demonyms:
            fr_cell, en_cell, people_cell = demonyms[alpha3]
            if "," in fr_cell:
                fr_adjectives = split(fr_cell)
            else:
                fr_adjectives = [form for base in fr_cell.split(";") for form in french_forms(base.strip())]
            en_adjectives = split(en_cell)
            actor["demonyms"] = {"en": en_adjectives, "fr": fr_adjectives}
            inhabitants = {
                "en": english_people(en_adjectives, people_cell),
                "fr": unique([form[0].upper() + form[1:] for form in fr_adjectives]),
            }
            actor["inhabitants"] = {lang: names for lang, names in inhabitants.items() if names}
        actors.append(actor)
    drop_shared_names(actors)
    drop_inhabitants_named_like_countries(actors)
    return {"kind": "country", "sector": "GOV", "actors": actors}


def drop_inhabitants_named_like_countries(actors: list[dict[str, Any]]) -> None:
    """ "Argentine" and "Suisse" are countries before they are women of those countries."""
    names = {(lang, n.casefold()) for actor in actors for lang, ns in actor["aliases"].items() for n in ns}
    for actor in actors:
        inhabitants = actor.get("inhabitants", {})
        for lang in list(inhabitants):
            inhabitants[lang] = [n for n in inhabitants[lang] if (lang, n.casefold()) not in names]
            if not inhabitants[lang]:
                del inhabitants[lang]
        if "inhabitants" in actor and not inhabitants:
            del actor["inhabitants"]


def drop_shared_names(actors: list[dict[str, Any]]) -> None:
    """Drop generated names two countries share (Saint-Martin); hand-written ones win (Congo)."""
    owners: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for actor in actors:
        for lang, names in actor["aliases"].items():
            for name in names:
                owners.setdefault((lang, name.casefold()), []).append(actor)
    for (lang, key), sharing in owners.items():
        if len(sharing) < 2:
            continue
        for actor in sharing:
            chosen = [n for n in EXTRA_ALIASES.get(actor["country"], {}).get(lang, []) if n.casefold() == key]
            if not chosen:
                actor["aliases"][lang] = [n for n in actor["aliases"][lang] if n.casefold() != key]


def render(data: dict[str, Any]) -> str:
    header = (
        "# One actor per country: its government (sector GOV), its names in English and French,\n"
        "# the capitals news uses for it, demonyms and the names of its inhabitants.\n"
        f"# Generated by scripts/build_countries.py from CLDR (babel {babel.__version__}) and\n"
        f"# ISO 3166 (pycountry {pycountry_version()}): edit the script, not this file.\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=118)
    return header + body


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what would be written")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT})")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} is out of date: run scripts/build_countries.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {len(build()['actors'])} countries to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
