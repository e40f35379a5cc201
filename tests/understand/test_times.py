"""The temporal tagger: one row per phenomenon, in both languages, with spans checked in every row."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from veille.errors import ConfigError
from veille.model import TimeValue
from veille.understand.times import DateWords, load_date_words, reanchor, tag_times

THURSDAY = date(2024, 6, 6)
MONDAY = date(2024, 6, 10)
JANUARY = date(2024, 1, 10)


class Expected(NamedTuple):
    text: str
    value: str | None
    granularity: str | None
    approximate: bool
    kind: str
    rule: str  # a prefix of the rule


def day(text: str, value: str, rule: str, approximate: bool = False) -> Expected:
    return Expected(text, value, "day", approximate, "date", rule)


def month(text: str, value: str, rule: str, approximate: bool = False) -> Expected:
    return Expected(text, value, "month", approximate, "date", rule)


def year(text: str, value: str, rule: str, approximate: bool = False) -> Expected:
    return Expected(text, value, "year", approximate, "date", rule)


def deadline(text: str, value: str, rule: str, granularity: str = "day", approximate: bool = False) -> Expected:
    return Expected(text, value, granularity, approximate, "deadline", rule)


def duration(text: str, iso: str, approximate: bool = False) -> Expected:
    return Expected(text, None, None, approximate, "duration", f"duration:{iso}")


def unresolved(text: str, kind: str = "date", approximate: bool = False) -> Expected:
    return Expected(text, None, None, approximate, kind, "unresolved-no-anchor")


Row = tuple[str, str, str, date | None, list[Expected]]

# fmt: off
FRENCH: list[Row] = [
    # Absolute dates.
    ("fr-day", "fr", "Le sommet s'est ouvert le 6 juin 2024 à Genève.", THURSDAY,
     [day("6 juin 2024", "2024-06-06", "absolute-day")]),
    ("fr-day-ordinal", "fr", "Les pourparlers ont repris le 1er juin 2024.", THURSDAY,
     [day("1er juin 2024", "2024-06-01", "absolute-day")]),
    ("fr-day-weekday", "fr", "Le vote a eu lieu mardi 4 juin 2024 au soir.", THURSDAY,
     [day("mardi 4 juin 2024", "2024-06-04", "absolute-day")]),
    ("fr-numeric", "fr", "Un texte daté du 06/06/2024 circule.", THURSDAY,
     [day("06/06/2024", "2024-06-06", "absolute-day")]),
    ("fr-numeric-day-first", "fr", "Le décret du 05/06/2024 est paru.", THURSDAY,
     [day("05/06/2024", "2024-06-05", "absolute-day")]),
    ("fr-iso", "fr", "Mis en ligne le 2024-06-03 par l'agence.", THURSDAY,
     [day("2024-06-03", "2024-06-03", "absolute-day")]),
    ("fr-month", "fr", "Les combats ont repris en juin 2023 dans le nord.", THURSDAY,
     [month("juin 2023", "2023-06", "absolute-month")]),
    ("fr-month-capital", "fr", "Mars 2022 reste dans les mémoires.", THURSDAY,
     [month("Mars 2022", "2022-03", "absolute-month")]),
    ("fr-year", "fr", "Le traité a été signé en 2015 à Vienne.", THURSDAY, [year("2015", "2015", "absolute-year")]),
    ("fr-year-after-de", "fr", "Il invoque l'accord de 2015, puis se tait.", THURSDAY,
     [year("2015", "2015", "absolute-year")]),
    ("fr-nbsp", "fr", "Le 6\u00a0juin\u00a02024, rien.", THURSDAY,
     [day("6\u00a0juin\u00a02024", "2024-06-06", "absolute-day")]),
    # A day and a month: the year from the publication date.
    ("fr-day-month-past", "fr", "Le cessez-le-feu a été rompu le 15 avril.", THURSDAY,
     [day("15 avril", "2024-04-15", "day-month-past")]),
    ("fr-day-month-later-in-year", "fr", "L'attaque a eu lieu le 28 décembre.", JANUARY,
     [day("28 décembre", "2023-12-28", "day-month-past")]),
    ("fr-day-month-future", "fr", "Le scrutin se tiendra le 20 juin.", THURSDAY,
     [day("20 juin", "2024-06-20", "day-month-future")]),
    ("fr-day-month-weekday-picks-year", "fr", "Le départ a eu lieu mardi 10 octobre.", THURSDAY,
     [day("mardi 10 octobre", "2023-10-10", "day-month-past")]),
    ("fr-day-month-last", "fr", "Depuis le 7 octobre dernier, la guerre.", THURSDAY,
     [day("7 octobre dernier", "2023-10-07", "day-month-last")]),
    ("fr-leap-day", "fr", "Il a été libéré le 29 février.", THURSDAY,
     [day("29 février", "2024-02-29", "day-month-past")]),
    # Weekdays.
    ("fr-weekday-past", "fr", "Les frappes ont visé la ville mercredi.", THURSDAY,
     [day("mercredi", "2024-06-05", "weekday-past")]),
    ("fr-weekday-same-day", "fr", "Le ministre a parlé jeudi devant l'Assemblée.", THURSDAY,
     [day("jeudi", "2024-06-06", "weekday-past")]),
    ("fr-weekday-future-tense", "fr", "Le président se rendra à Kiev lundi.", THURSDAY,
     [day("lundi", "2024-06-10", "weekday-future")]),
    ("fr-weekday-future-va", "fr", "Le conseil va se réunir samedi matin.", THURSDAY,
     [day("samedi matin", "2024-06-08", "weekday-future")]),
    ("fr-weekday-last", "fr", "Il a été arrêté mardi dernier.", THURSDAY,
     [day("mardi dernier", "2024-06-04", "weekday-last")]),
    ("fr-weekday-next", "fr", "La délégation arrivera mercredi prochain.", THURSDAY,
     [day("mercredi prochain", "2024-06-12", "weekday-next")]),
    ("fr-weekday-this", "fr", "Le chef de la diplomatie est attendu ce vendredi à Rome.", THURSDAY,
     [day("ce vendredi", "2024-06-07", "weekday-this")]),
    # Months relative to publication.
    ("fr-month-last", "fr", "Depuis octobre dernier, les attaques se multiplient.", THURSDAY,
     [month("octobre dernier", "2023-10", "month-last")]),
    ("fr-month-last-same-month", "fr", "Le rapport publié en juin dernier.", THURSDAY,
     [month("juin dernier", "2023-06", "month-last")]),
    ("fr-month-past", "fr", "Les négociations ont commencé en février.", THURSDAY,
     [month("février", "2024-02", "month-past")]),
    ("fr-month-past-previous-year", "fr", "L'offensive a débuté en septembre.", THURSDAY,
     [month("septembre", "2023-09", "month-past")]),
    ("fr-month-future", "fr", "Des élections sont prévues en septembre.", THURSDAY,
     [month("septembre", "2024-09", "month-future")]),
    ("fr-month-next", "fr", "Le retrait interviendra en mars prochain.", THURSDAY,
     [month("mars prochain", "2025-03", "month-next")]),
    ("fr-month-last-year", "fr", "Ils s'étaient rencontrés en août l’an dernier.", THURSDAY,
     [month("août l’an dernier", "2023-08", "month-last-year")]),
    ("fr-month-mid", "fr", "Lors de sa visite, mi-avril, le dossier a avancé.", THURSDAY,
     [month("mi-avril", "2024-04", "month-mid", approximate=True)]),
    ("fr-month-mid-year", "fr", "Les travaux reprendront à la mi-juin 2025.", THURSDAY,
     [month("mi-juin 2025", "2025-06", "month-mid", approximate=True)]),
    ("fr-month-early", "fr", "Les raids se sont intensifiés début mai.", THURSDAY,
     [month("début mai", "2024-05", "month-early", approximate=True)]),
    ("fr-month-early-long", "fr", "Au début du mois de mars 2022, la ville est tombée.", THURSDAY,
     [month("début du mois de mars 2022", "2022-03", "month-early", approximate=True)]),
    ("fr-month-late", "fr", "La trêve a pris effet fin novembre.", date(2024, 2, 27),
     [month("fin novembre", "2023-11", "month-late", approximate=True)]),
    ("fr-month-late-last", "fr", "À la fin du mois dernier, le front a bougé.", THURSDAY,
     [month("fin du mois dernier", "2024-05", "month-late", approximate=True)]),
    # Years relative to publication, and parts of years.
    ("fr-year-late", "fr", "Le groupe s'est reformé fin 2023.", THURSDAY,
     [year("fin 2023", "2023", "year-late", approximate=True)]),
    ("fr-year-early", "fr", "Un accord est espéré début 2025.", THURSDAY,
     [year("début 2025", "2025", "year-early", approximate=True)]),
    ("fr-year-mid", "fr", "La mission a pris fin mi-2023.", THURSDAY,
     [year("mi-2023", "2023", "year-mid", approximate=True)]),
    ("fr-year-late-relative", "fr", "Le chantier doit s'achever à la fin de l'année.", THURSDAY,
     [year("fin de l'année", "2024", "year-late", approximate=True)]),
    ("fr-year-early-relative", "fr", "Les prix ont grimpé en début d'année.", THURSDAY,
     [year("début d'année", "2024", "year-early", approximate=True)]),
    ("fr-since-year-start", "fr", "Depuis le début de l’année, cent frappes ont été recensées.", THURSDAY,
     [month("Depuis le début de l’année", "2024-01", "since-year-start")]),
    ("fr-since-year-start-straight", "fr", "Rien n'a changé depuis le début de l'année.", THURSDAY,
     [month("depuis le début de l'année", "2024-01", "since-year-start")]),
    ("fr-since-month-start", "fr", "Depuis le début du mois, les prix ont doublé.", THURSDAY,
     [month("Depuis le début du mois", "2024-06", "since-month-start")]),
    ("fr-last-year-an", "fr", "Les exportations ont chuté l'an dernier.", THURSDAY,
     [year("l'an dernier", "2023", "last-year")]),
    ("fr-last-year-annee", "fr", "L’année dernière, le pays a connu une sécheresse.", THURSDAY,
     [year("L’année dernière", "2023", "last-year")]),
    ("fr-last-year-passe", "fr", "Le budget voté l'an passé.", THURSDAY, [year("l'an passé", "2023", "last-year")]),
    ("fr-this-year", "fr", "La croissance ralentira cette année.", THURSDAY,
     [year("cette année", "2024", "this-year")]),
    ("fr-next-year", "fr", "Le sommet aura lieu l'an prochain.", THURSDAY,
     [year("l'an prochain", "2025", "next-year")]),
    ("fr-last-month", "fr", "Le mois dernier, l'armée a annoncé un repli.", THURSDAY,
     [month("Le mois dernier", "2024-05", "last-month")]),
    ("fr-next-month", "fr", "Les pourparlers reprendront le mois prochain.", THURSDAY,
     [month("le mois prochain", "2024-07", "next-month")]),
    ("fr-this-month", "fr", "Trois convois sont partis ce mois-ci.", THURSDAY,
     [month("ce mois-ci", "2024-06", "this-month")]),
    ("fr-last-week", "fr", "La semaine dernière, deux soldats ont été tués.", THURSDAY,
     [day("La semaine dernière", "2024-05-30", "last-week", approximate=True)]),
    ("fr-next-week", "fr", "Le texte sera examiné la semaine prochaine.", THURSDAY,
     [day("la semaine prochaine", "2024-06-13", "next-week", approximate=True)]),
    ("fr-this-week", "fr", "Cette semaine, des images satellites ont circulé.", THURSDAY,
     [day("Cette semaine", "2024-06-06", "this-week", approximate=True)]),
    # Days relative to publication.
    ("fr-yesterday", "fr", "Hier, le parlement a voté la loi.", THURSDAY, [day("Hier", "2024-06-05", "relative-day")]),
    ("fr-today-curly", "fr", "Aujourd’hui, la frontière reste fermée.", THURSDAY,
     [day("Aujourd’hui", "2024-06-06", "relative-day")]),
    ("fr-tomorrow", "fr", "Le verdict sera rendu demain.", THURSDAY, [day("demain", "2024-06-07", "relative-day")]),
    ("fr-day-before-yesterday", "fr", "Les tirs ont cessé avant-hier.", THURSDAY,
     [day("avant-hier", "2024-06-04", "relative-day")]),
    ("fr-yesterday-evening", "fr", "Une explosion a retenti hier soir.", THURSDAY,
     [day("hier soir", "2024-06-05", "relative-day")]),
    ("fr-weekend-past", "fr", "Trois villages ont été bombardés ce week-end.", MONDAY,
     [day("ce week-end", "2024-06-08", "weekend", approximate=True)]),
    ("fr-weekend-future", "fr", "Une manifestation aura lieu ce week-end.", THURSDAY,
     [day("ce week-end", "2024-06-08", "weekend", approximate=True)]),
    ("fr-weekend-last", "fr", "Le week-end dernier, la ville était calme.", THURSDAY,
     [day("Le week-end dernier", "2024-06-01", "weekend-last", approximate=True)]),
    # Ago.
    ("fr-ago-days-words", "fr", "Le convoi est parti il y a trois jours.", THURSDAY,
     [day("il y a trois jours", "2024-06-03", "ago")]),
    ("fr-ago-days-digits", "fr", "Il a disparu il y a 10 jours.", THURSDAY,
     [day("il y a 10 jours", "2024-05-27", "ago")]),
    ("fr-ago-weeks", "fr", "L'usine a fermé il y a deux semaines.", THURSDAY,
     [day("il y a deux semaines", "2024-05-23", "ago", approximate=True)]),
    ("fr-ago-hours-compound", "fr", "Il y a quarante-huit heures, tout a basculé.", THURSDAY,
     [day("Il y a quarante-huit heures", "2024-06-04", "ago", approximate=True)]),
    ("fr-ago-months", "fr", "Le maire a été élu il y a six mois.", THURSDAY,
     [month("il y a six mois", "2023-12", "ago")]),
    ("fr-ago-year", "fr", "La guerre a éclaté il y a plus d'un an.", THURSDAY,
     [year("il y a plus d'un an", "2023", "ago", approximate=True)]),
    # Deadlines.
    ("fr-deadline-delai-maximum", "fr", "Les milices ont donné un délai maximum de 40 jours au gouvernement.", THURSDAY,
     [deadline("un délai maximum de 40 jours", "2024-07-16", "duration-deadline:P40D")]),
    ("fr-deadline-delai", "fr", "Un délai de 40 jours a été accordé.", THURSDAY,
     [deadline("Un délai de 40 jours", "2024-07-16", "duration-deadline:P40D")]),
    ("fr-deadline-donner-pour", "fr", "La junte a donné une semaine aux soldats français pour partir.", THURSDAY,
     [deadline("une semaine", "2024-06-13", "duration-deadline:P1W")]),
    ("en-deadline-gave-to", "en", "The rebels gave the government 48 hours to release the prisoners.", THURSDAY,
     [deadline("48 hours", "2024-06-08", "duration-deadline:PT48H")]),
    ("fr-deadline-dans-words", "fr", "Les troupes devront partir dans quarante jours.", THURSDAY,
     [deadline("dans quarante jours", "2024-07-16", "duration-deadline:P40D")]),
    ("fr-deadline-sous", "fr", "Les diplomates doivent quitter le pays sous 48 heures.", THURSDAY,
     [deadline("sous 48 heures", "2024-06-08", "duration-deadline:PT48H")]),
    ("fr-deadline-ultimatum", "fr", "Un ultimatum de soixante-douze heures a été lancé.", THURSDAY,
     [deadline("Un ultimatum de soixante-douze heures", "2024-06-09", "duration-deadline:PT72H")]),
    ("fr-deadline-prochains", "fr", "Une réponse est attendue dans les trente prochains jours.", THURSDAY,
     [deadline("dans les trente prochains jours", "2024-07-06", "duration-deadline:P30D")]),
    ("fr-deadline-dici-weeks", "fr", "Le plan sera présenté d'ici deux semaines.", THURSDAY,
     [deadline("d'ici deux semaines", "2024-06-20", "duration-deadline:P2W")]),
    ("fr-deadline-weekday", "fr", "Ils exigent une réponse d’ici vendredi.", THURSDAY,
     [deadline("d’ici vendredi", "2024-06-07", "deadline-weekday")]),
    ("fr-deadline-end-of-month", "fr", "Le retrait doit être achevé d'ici la fin du mois.", THURSDAY,
     [deadline("d'ici la fin du mois", "2024-06-30", "deadline-end-of-month")]),
    ("fr-deadline-end-of-year", "fr", "Leur départ est annoncé d'ici la fin de l'année.", THURSDAY,
     [deadline("d'ici la fin de l'année", "2024-12-31", "deadline-end-of-year")]),
    ("fr-deadline-end-of-named-month", "fr", "Un accord est attendu d'ici fin juillet.", THURSDAY,
     [deadline("d'ici fin juillet", "2024-07-31", "deadline-end-of-month")]),
    ("fr-deadline-year", "fr", "La neutralité carbone d'ici 2050 reste l'objectif.", THURSDAY,
     [deadline("d'ici 2050", "2050", "deadline-date", granularity="year")]),
    ("fr-deadline-date", "fr", "Le dossier doit être rendu au plus tard le 30 juin.", THURSDAY,
     [deadline("au plus tard le 30 juin", "2024-06-30", "deadline-date")]),
    # Durations.
    ("fr-duration-pendant", "fr", "La ville a été assiégée pendant trois mois.", THURSDAY,
     [duration("trois mois", "P3M")]),
    ("fr-duration-approx", "fr", "La ville est assiégée depuis plus de 17 mois.", THURSDAY,
     [duration("plus de 17 mois", "P17M", approximate=True)]),
    ("fr-duration-article", "fr", "Les deux camps ont conclu une trêve d'une semaine.", THURSDAY,
     [duration("une semaine", "P1W")]),
    ("fr-duration-approx-article", "fr", "Plus d'un an après le début, rien n'a changé.", THURSDAY,
     [duration("Plus d'un an", "P1Y", approximate=True)]),
    ("fr-duration-bare", "fr", "Les otages ont passé 40 jours en captivité.", THURSDAY, [duration("40 jours", "P40D")]),
    # Two expressions in one sentence.
    ("fr-two", "fr", "Arrêté le 3 mai, il a été libéré il y a deux jours.", THURSDAY,
     [day("3 mai", "2024-05-03", "day-month-past"), day("il y a deux jours", "2024-06-04", "ago")]),
    # No time expression.
    ("fr-none-numbers", "fr", "Plus de 2 000 soldats et 40 blindés ont été déployés.", THURSDAY, []),
    ("fr-none-resolution", "fr", "La résolution 2334 du Conseil de sécurité est citée.", THURSDAY, []),
    ("fr-none-planet", "fr", "Mars est la quatrième planète du système solaire.", THURSDAY, []),
    ("fr-none-age", "fr", "Un enfant de 9 ans a été blessé.", THURSDAY, []),
    ("fr-none-age-approx", "fr", "Des enfants de moins de cinq ans souffrent de malnutrition.", THURSDAY, []),
    ("fr-none-that-year", "fr", "Cette année-là, la guerre éclata.", THURSDAY, []),
    ("fr-none-bad-day", "fr", "Une lettre datée du 31 avril est un faux.", THURSDAY, []),
    ("fr-none-decimal", "fr", "Le convoi a mis 2,5 jours à arriver.", THURSDAY, []),
    ("fr-none-holiday", "fr", "Le défilé du Mardi gras a été annulé.", THURSDAY, []),
    ("fr-none-street", "fr", "Ils se sont réunis place du 20 août.", THURSDAY, []),
    # No publication date: relative expressions are kept, unresolved.
    ("fr-no-anchor", "fr", "Les frappes ont repris hier, après octobre dernier.", None,
     [unresolved("hier"), unresolved("octobre dernier")]),
    ("fr-no-anchor-absolute", "fr", "Le 6 juin 2024, puis fin 2023.", None,
     [day("6 juin 2024", "2024-06-06", "absolute-day"), year("fin 2023", "2023", "year-late", approximate=True)]),
    ("fr-no-anchor-deadline", "fr", "Ils ont un délai de 40 jours, pendant trois mois.", None,
     [unresolved("un délai de 40 jours", kind="deadline"), duration("trois mois", "P3M")]),
]

ENGLISH: list[Row] = [
    # Absolute dates.
    ("en-day-us", "en", "The talks opened on June 6, 2024 in Geneva.", THURSDAY,
     [day("June 6, 2024", "2024-06-06", "absolute-day")]),
    ("en-day-uk", "en", "The accord was signed on 6 June 2024.", THURSDAY,
     [day("6 June 2024", "2024-06-06", "absolute-day")]),
    ("en-day-ordinal", "en", "Nothing happened on the 4th of July, 2023.", THURSDAY,
     [day("4th of July, 2023", "2023-07-04", "absolute-day")]),
    ("en-day-weekday", "en", "Voting ended on Tuesday, June 4, 2024, at noon.", THURSDAY,
     [day("Tuesday, June 4, 2024", "2024-06-04", "absolute-day")]),
    ("en-numeric-month-first", "en", "A memo dated 06/07/2024 leaked.", THURSDAY,
     [day("06/07/2024", "2024-06-07", "absolute-day")]),
    ("en-numeric-day-first", "en", "A memo dated 13/06/2024 leaked.", THURSDAY,
     [day("13/06/2024", "2024-06-13", "absolute-day")]),
    ("en-iso", "en", "Filed 2024-05-30 by the agency.", THURSDAY, [day("2024-05-30", "2024-05-30", "absolute-day")]),
    ("en-abbreviation", "en", "Posted at 4:18 PM, Jan 16, 2024.", THURSDAY,
     [day("Jan 16, 2024", "2024-01-16", "absolute-day")]),
    ("en-capitals", "en", "JUNE 6, 2024 - Troops moved.", THURSDAY,
     [day("JUNE 6, 2024", "2024-06-06", "absolute-day")]),
    ("en-month", "en", "Fighting resumed in June 2023 in the north.", THURSDAY,
     [month("June 2023", "2023-06", "absolute-month")]),
    ("en-year", "en", "The treaty was signed in 2015 in Vienna.", THURSDAY, [year("2015", "2015", "absolute-year")]),
    # A day and a month.
    ("en-day-month-past", "en", "The ceasefire collapsed on April 15.", THURSDAY,
     [day("April 15", "2024-04-15", "day-month-past")]),
    ("en-day-month-future", "en", "Elections will be held on June 20.", THURSDAY,
     [day("June 20", "2024-06-20", "day-month-future")]),
    ("en-day-month-abbreviation", "en", "TEHRAN, Feb. 23 — The envoy spoke.", date(2026, 2, 23),
     [day("Feb. 23", "2026-02-23", "day-month-past")]),
    ("en-may-day", "en", "The deal was sealed on May 5.", THURSDAY, [day("May 5", "2024-05-05", "day-month-past")]),
    # Weekdays.
    ("en-weekday-past", "en", "Rockets hit the base on Wednesday.", THURSDAY,
     [day("Wednesday", "2024-06-05", "weekday-past")]),
    ("en-weekday-same-day", "en", "The minister spoke on Thursday.", THURSDAY,
     [day("Thursday", "2024-06-06", "weekday-past")]),
    ("en-weekday-future", "en", "The envoy will travel to Cairo on Monday.", THURSDAY,
     [day("Monday", "2024-06-10", "weekday-future")]),
    ("en-weekday-next", "en", "The panel meets again next Wednesday.", THURSDAY,
     [day("next Wednesday", "2024-06-12", "weekday-next")]),
    ("en-weekday-last", "en", "He was detained last Tuesday.", THURSDAY,
     [day("last Tuesday", "2024-06-04", "weekday-last")]),
    ("en-weekday-possessive", "en", "Monday's attack killed four.", THURSDAY,
     [day("Monday", "2024-06-03", "weekday-past")]),
    ("en-weekday-daypart", "en", "A rally on Friday night was dispersed.", THURSDAY,
     [day("Friday night", "2024-05-31", "weekday-past")]),
    # Months.
    ("en-month-last", "en", "Attacks have grown since last October.", THURSDAY,
     [month("last October", "2023-10", "month-last")]),
    ("en-month-past", "en", "The base was attacked in February.", THURSDAY,
     [month("February", "2024-02", "month-past")]),
    ("en-month-bare", "en", "Russia's February invasion shocked Europe.", date(2022, 9, 15),
     [month("February", "2022-02", "month-past")]),
    ("en-month-may-with-cue", "en", "The accord was signed in May.", THURSDAY, [month("May", "2024-05", "month-past")]),
    ("en-month-future", "en", "A vote is scheduled in September.", THURSDAY,
     [month("September", "2024-09", "month-future")]),
    ("en-month-next", "en", "The troops leave next March.", THURSDAY, [month("next March", "2025-03", "month-next")]),
    ("en-month-last-year", "en", "He visited the US in August last year.", THURSDAY,
     [month("August last year", "2023-08", "month-last-year")]),
    ("en-month-mid", "en", "The visit in mid-April revived the file.", THURSDAY,
     [month("mid-April", "2024-04", "month-mid", approximate=True)]),
    ("en-month-early", "en", "Raids intensified in early May.", THURSDAY,
     [month("early May", "2024-05", "month-early", approximate=True)]),
    ("en-month-late-relative", "en", "Prices fell late last month.", THURSDAY,
     [month("late last month", "2024-05", "month-late", approximate=True)]),
    # Years.
    ("en-year-late", "en", "The group re-formed in late 2023.", THURSDAY,
     [year("late 2023", "2023", "year-late", approximate=True)]),
    ("en-year-end-of", "en", "The mission ended at the end of 2023.", THURSDAY,
     [year("the end of 2023", "2023", "year-late", approximate=True)]),
    ("en-year-early-next", "en", "A deal is hoped for early next year.", THURSDAY,
     [year("early next year", "2025", "year-early", approximate=True)]),
    ("en-year-mid", "en", "The mission ended in mid-2023.", THURSDAY,
     [year("mid-2023", "2023", "year-mid", approximate=True)]),
    ("en-since-year-start", "en", "Since the start of the year, prices doubled.", THURSDAY,
     [month("Since the start of the year", "2024-01", "since-year-start")]),
    ("en-since-month-start", "en", "Nothing moved since the beginning of the month.", THURSDAY,
     [month("since the beginning of the month", "2024-06", "since-month-start")]),
    ("en-last-year", "en", "Exports fell last year.", THURSDAY, [year("last year", "2023", "last-year")]),
    ("en-this-year", "en", "Growth will slow this year.", THURSDAY, [year("this year", "2024", "this-year")]),
    ("en-next-year", "en", "The summit takes place next year.", THURSDAY, [year("next year", "2025", "next-year")]),
    ("en-last-month", "en", "Last month, the army pulled back.", THURSDAY,
     [month("Last month", "2024-05", "last-month")]),
    ("en-earlier-this-month", "en", "Two rounds were held earlier this month.", THURSDAY,
     [month("earlier this month", "2024-06", "this-month")]),
    ("en-last-week", "en", "Two soldiers were killed last week.", THURSDAY,
     [day("last week", "2024-05-30", "last-week", approximate=True)]),
    ("en-next-week", "en", "The bill will be debated next week.", THURSDAY,
     [day("next week", "2024-06-13", "next-week", approximate=True)]),
    # Days.
    ("en-yesterday", "en", "Yesterday, parliament passed the law.", THURSDAY,
     [day("Yesterday", "2024-06-05", "relative-day")]),
    ("en-today", "en", "The border stays closed today.", THURSDAY, [day("today", "2024-06-06", "relative-day")]),
    ("en-tomorrow", "en", "The verdict is due tomorrow morning.", THURSDAY,
     [day("tomorrow morning", "2024-06-07", "relative-day")]),
    ("en-day-before-yesterday", "en", "Shooting stopped the day before yesterday.", THURSDAY,
     [day("day before yesterday", "2024-06-04", "relative-day")]),
    ("en-last-night", "en", "A blast was heard last night.", THURSDAY,
     [day("last night", "2024-06-05", "relative-day")]),
    ("en-weekend-future", "en", "Protests are planned this weekend.", THURSDAY,
     [day("this weekend", "2024-06-08", "weekend", approximate=True)]),
    ("en-weekend-last", "en", "The city was calm last weekend.", THURSDAY,
     [day("last weekend", "2024-06-01", "weekend-last", approximate=True)]),
    # Ago.
    ("en-ago-days", "en", "The convoy left three days ago.", THURSDAY, [day("three days ago", "2024-06-03", "ago")]),
    ("en-ago-weeks", "en", "The plant closed two weeks ago.", THURSDAY,
     [day("two weeks ago", "2024-05-23", "ago", approximate=True)]),
    ("en-ago-compound", "en", "Twenty-one days ago, the siege began.", THURSDAY,
     [day("Twenty-one days ago", "2024-05-16", "ago")]),
    ("en-ago-year", "en", "The war broke out a year ago.", THURSDAY, [year("a year ago", "2023", "ago")]),
    # Deadlines.
    ("en-deadline-within", "en", "Diplomats must leave within 48 hours.", THURSDAY,
     [deadline("within 48 hours", "2024-06-08", "duration-deadline:PT48H")]),
    ("en-deadline-in", "en", "The plan will be presented in two weeks.", THURSDAY,
     [deadline("in two weeks", "2024-06-20", "duration-deadline:P2W")]),
    ("en-deadline-compound", "en", "The militias set a 40-day deadline.", THURSDAY,
     [deadline("a 40-day deadline", "2024-07-16", "duration-deadline:P40D")]),
    ("en-deadline-next-days", "en", "A reply is expected within the next 30 days.", THURSDAY,
     [deadline("within the next 30 days", "2024-07-06", "duration-deadline:P30D")]),
    ("en-deadline-weekday", "en", "They demand an answer by Friday.", THURSDAY,
     [deadline("by Friday", "2024-06-07", "deadline-weekday")]),
    ("en-deadline-end-of-year", "en", "Troops will leave by the end of the year.", THURSDAY,
     [deadline("by the end of the year", "2024-12-31", "deadline-end-of-year")]),
    ("en-deadline-end-of-month", "en", "The pullout ends by the end of the month.", THURSDAY,
     [deadline("by the end of the month", "2024-06-30", "deadline-end-of-month")]),
    ("en-deadline-date", "en", "Bids are due by June 30.", THURSDAY,
     [deadline("by June 30", "2024-06-30", "deadline-date")]),
    ("en-deadline-year", "en", "Emissions must fall by 2030.", THURSDAY,
     [deadline("by 2030", "2030", "deadline-date", granularity="year")]),
    # Durations.
    ("en-duration-for", "en", "The city was besieged for three months.", THURSDAY, [duration("three months", "P3M")]),
    ("en-duration-past", "en", "Prices rose over the past two weeks.", THURSDAY, [duration("two weeks", "P2W")]),
    ("en-duration-compound", "en", "After a two-hour meeting, both left.", THURSDAY, [duration("two-hour", "PT2H")]),
    ("en-duration-approx-article", "en", "The siege lasted more than a year.", THURSDAY,
     [duration("more than a year", "P1Y", approximate=True)]),
    ("en-duration-not-deadline", "en", "Forty died in two days of fighting.", THURSDAY, [duration("two days", "P2D")]),
    # No time expression.
    ("en-none-may", "en", "Theresa May said she may resign.", THURSDAY, []),
    ("en-none-numbers", "en", "More than 2,000 people fled.", THURSDAY, []),
    ("en-none-resolution", "en", "Resolution 2334 was adopted.", THURSDAY, []),
    ("en-none-age", "en", "A 30-year-old man was killed.", THURSDAY, []),
    ("en-none-age-approx", "en", "The victims were over 30 years old.", THURSDAY, []),
    ("en-none-march", "en", "The march on the capital was peaceful.", THURSDAY, []),
    ("en-none-august", "en", "The court is an august body.", THURSDAY, []),
    ("en-none-newspaper", "en", "The Sunday Times reported the story.", THURSDAY, []),
    ("en-none-clock", "en", "They gathered around 8:30 pm.", THURSDAY, []),
    # No publication date.
    ("en-no-anchor", "en", "Troops withdrew last week, not in 2023.", None,
     [unresolved("last week", approximate=True), year("2023", "2023", "absolute-year")]),
]
# fmt: on

ROWS = FRENCH + ENGLISH


def _check(row: Row, found: list[TimeValue]) -> None:
    _, _, text, published, expected = row
    actual = [Expected(t.text, t.value, t.granularity, t.approximate, t.kind, t.rule) for t in found]
    assert [e._replace(rule="") for e in actual] == [e._replace(rule="") for e in expected]
    for time, want in zip(found, expected, strict=True):
        assert time.rule.startswith(want.rule), (time.rule, want.rule)
        assert text[time.span.start : time.span.end] == time.text
        if time.value is None or time.rule.startswith("absolute"):
            assert time.anchor is None
        else:
            assert time.anchor in (None, published)
    starts = [t.span.start for t in found]
    assert starts == sorted(starts)
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_time_expressions(row: Row) -> None:
    _, language, text, published, _ = row
    _check(row, tag_times(text, language, published))


def test_table_covers_both_languages() -> None:
    assert len(ROWS) >= 90
    assert {row[1] for row in ROWS} == {"fr", "en"}
    assert len({row[0] for row in ROWS}) == len(ROWS)


def test_relative_values_carry_the_publication_date_as_anchor() -> None:
    (octobre,) = tag_times("Depuis octobre dernier, rien.", "fr", THURSDAY)
    assert octobre.anchor == THURSDAY
    (absolute,) = tag_times("Le 6 juin 2024, rien.", "fr", THURSDAY)
    assert absolute.anchor is None
    (late,) = tag_times("Il est parti fin 2023.", "fr", THURSDAY)
    assert late.anchor is None


def test_a_datetime_publication_counts_as_its_date() -> None:
    (yesterday,) = tag_times("Hier, rien.", "fr", datetime(2024, 6, 6, 23, 30))
    assert yesterday.value == "2024-06-05"
    assert yesterday.anchor == THURSDAY


def test_the_longest_match_wins() -> None:
    found = tag_times("Les frappes ont repris en octobre dernier puis en mars.", "fr", THURSDAY)
    assert [(t.text, t.rule) for t in found] == [("octobre dernier", "month-last"), ("mars", "month-past")]


def test_a_long_article_is_tagged_in_order() -> None:
    paragraph = "Hier, un délai de 40 jours a été fixé. Le 6 juin 2024, mi-avril et il y a trois jours. "
    text = paragraph * 40
    found = tag_times(text, "fr", THURSDAY)
    assert len(found) == 5 * 40
    assert all(text[t.span.start : t.span.end] == t.text for t in found)
    assert [t.span.start for t in found] == sorted(t.span.start for t in found)


def test_a_language_without_date_words_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"no date words for language 'xx': add veille/lang/xx/dates.yml"):
        tag_times("Hier.", "xx", THURSDAY)


def test_a_malformed_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a language code"):
        tag_times("Hier.", "../fr", THURSDAY)


def test_a_regional_language_tag_uses_its_language() -> None:
    assert [t.value for t in tag_times("Hier, rien.", "fr-FR", THURSDAY)] == ["2024-06-05"]


EVERY_MONTH = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}
EVERY_WEEKDAY = {
    "fr": "{} dernier: lundi mardi mercredi jeudi vendredi samedi dimanche",
    "en": "last {}: Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_shipped_date_words_name_every_month_and_weekday(language: str) -> None:
    assert load_date_words(language).pattern_count > 20
    text = ". ".join(f"{name} 2024" for name in EVERY_MONTH[language].split())
    assert [t.value for t in tag_times(text, language, None)] == [f"2024-{m:02d}" for m in range(1, 13)]
    template, names = EVERY_WEEKDAY[language].split(": ")
    text = ". ".join(template.format(name) for name in names.split())
    found = tag_times(text, language, MONDAY)
    assert [t.value for t in found] == [f"2024-06-{d:02d}" for d in (3, 4, 5, 6, 7, 8, 9)]
    assert {t.rule for t in found} == {"weekday-last"}


def test_numbers_in_words_add_up() -> None:
    found = tag_times("One hundred and twenty days ago; il y a quatre-vingt-dix jours.", "en", THURSDAY)
    assert [(t.text, t.value) for t in found] == [("One hundred and twenty days ago", "2024-02-07")]
    (french,) = tag_times("Il y a quatre-vingt-dix jours.", "fr", THURSDAY)
    assert french.value == "2024-03-08"


def test_every_shipped_dates_file_is_valid() -> None:
    root = Path(__file__).parents[2] / "veille" / "lang"
    for path in sorted(root.glob("*/dates.yml")):
        assert load_date_words(path.parent.name).language == path.parent.name


# A language added as data alone: what a dates.yml for Spanish could start with.
SPANISH = {
    "months": {"junio": 6, "octubre": 10},
    "weekdays": {"lunes": 0, "miércoles": 2},
    "numbers": {"dos": 2, "tres": 3},
    "units": {"día": "day", "días": "day", "semanas": "week"},
    "relative_days": {"ayer": -1},
    "lists": {"last": ["pasado"]},
    "patterns": [
        {"rule": "date", "match": "{day} de {month}(?: de {year})?"},
        {"rule": "last", "match": "{month} {last}"},
        {"rule": "relative-day", "match": "{relday}"},
        {"rule": "ago", "match": "hace {count} {unit}"},
    ],
}


def test_a_new_language_is_data_only() -> None:
    words = DateWords.from_mapping("es", SPANISH, "test:es")
    found = words.tag("El 6 de junio de 2024, ayer y hace tres días; desde octubre pasado.", THURSDAY)
    assert [(t.text, t.value, t.rule) for t in found] == [
        ("6 de junio de 2024", "2024-06-06", "absolute-day"),
        ("ayer", "2024-06-05", "relative-day"),
        ("hace tres días", "2024-06-03", "ago"),
        ("octubre pasado", "2023-10", "month-last"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"patterns": [{"rule": "someday", "match": "{month}"}]}, "unknown rule 'someday'"),
        ({"patterns": [{"rule": "date", "match": "{moon}"}]}, r"unknown placeholder \{moon\}"),
        ({"patterns": [{"rule": "date", "match": "{day} {day}"}]}, r"\{day\} appears twice"),
        ({"patterns": [{"rule": "date", "match": "{month} ("}]}, "not a valid regular expression"),
        ({"patterns": [{"rule": "date", "match": "hace poco"}]}, "needs one of the placeholders"),
        ({"patterns": [{"rule": "date"}]}, "exactly the keys rule and match"),
        ({"months": {"junio": 13}}, "from 1 to 12"),
        ({"units": {"día": "fortnight"}}, "expected one of"),
        ({"holidays": ["navidad"]}, "unknown key"),
        ({"lists": {"month": ["x"]}}, "not a placeholder name"),
        ({"articles": ["un"]}, "not under numbers"),
    ],
)
def test_invalid_date_words_are_config_errors(change: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        DateWords.from_mapping("es", {**SPANISH, **change}, "test:es")


SEED = Path(__file__).parents[3] / "shared" / "eval" / "dev" / "seed.jsonl"


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not checked out here")
def test_the_seed_article() -> None:
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    text = record["text"]
    found = {t.text: t for t in tag_times(text, record["language"], date.fromisoformat(record["published"]))}
    want = {
        "un délai maximum de 40 jours": ("2024-07-16", "day", "deadline", False),
        "octobre dernier": ("2023-10", "month", "date", False),
        "mi-avril": ("2024-04", "month", "date", True),
        "Depuis le début de l’année": ("2024-01", "month", "date", False),
    }
    for expression, (value, granularity, kind, approximate) in want.items():
        time = found[expression]
        assert (time.value, time.granularity, time.kind, time.approximate) == (value, granularity, kind, approximate)
        assert text[time.span.start : time.span.end] == expression
    assert found["un délai maximum de 40 jours"].anchor == date(2024, 6, 6)


def test_reanchor_counts_a_duration_deadline_from_another_day() -> None:
    given = tag_times("Un délai de 40 jours a été accordé.", "fr", THURSDAY)[0]
    moved = reanchor(given, date(2024, 6, 2))
    assert (moved.value, moved.anchor, moved.rule) == ("2024-07-12", date(2024, 6, 2), "duration-deadline:P40D")
    by_friday = tag_times("They must leave by Friday.", "en", THURSDAY)[0]
    assert reanchor(by_friday, date(2024, 6, 2)) == by_friday
