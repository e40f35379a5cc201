"""The trigger lexicon and modality cues: they load, they are valid, and their lemmas are spaCy's."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from veille import lang
from veille.errors import DataError, LanguageError
from veille.events.lexicon import (
    EVENTS_FILE,
    FUTURE_TYPES,
    MODALITIES,
    MODALITY_FILE,
    Lexicon,
    Trigger,
    load_lexicon,
    load_modality_cues,
    parse_lexicon,
    parse_modality_cues,
    plover_modes,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

LANGUAGES = ("fr", "en")


@pytest.fixture(scope="module")
def parse() -> Iterator[Any]:
    from veille import nlp

    def _parse(text: str, language: str) -> Doc:
        try:
            return nlp.parse(text, language)
        except LanguageError as exc:  # pragma: no cover - models are part of the dev environment
            pytest.skip(str(exc))

    yield _parse


def _senses(lexicon: Lexicon, doc: Doc) -> tuple[list[str], list[Trigger]]:
    """The normalized lemmas of ``doc`` and every trigger sense its tokens and phrases hold."""
    lemmas = [lexicon.normalize(token.lemma_) for token in doc]
    found: list[Trigger] = []
    for token in doc:
        found.extend(lexicon.lookup(token.lemma_, token.pos_))
        found.extend(match.trigger for match in lexicon.phrases_at(lemmas, token.i))
    return lemmas, found


# ------------------------------------------------------------ loading and coverage


@pytest.mark.parametrize("language", LANGUAGES)
def test_files_load_once(language: str) -> None:
    assert load_lexicon(language) is load_lexicon(language)
    assert load_modality_cues(language) is load_modality_cues(language)
    assert load_lexicon(language).language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_type_is_covered(language: str) -> None:
    assert load_lexicon(language).types == set(plover_modes())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mode_can_be_reached(language: str) -> None:
    lexicon = load_lexicon(language)
    reached = {(t.type, t.mode) for t in lexicon.triggers} | {(t.type, t.default_mode) for t in lexicon.triggers}
    reached |= {(type_, cue.mode) for type_, cues in lexicon.mode_cues.items() for cue in cues}
    missing = {(type_, mode) for type_, modes in plover_modes().items() for mode in modes} - reached
    assert not missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_senses_of_one_word_are_told_apart(language: str) -> None:
    """Two senses of a (lemma, POS) with different types: all but one carry `needs`."""
    by_key: dict[tuple[str, str], list[Trigger]] = {}
    for trigger in load_lexicon(language).triggers:
        by_key.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
    for senses in by_key.values():
        if len({(t.type, t.mode) for t in senses}) > 1:
            assert sum(not t.needs for t in senses) <= 1, [t.source for t in senses]


@pytest.mark.parametrize("language", LANGUAGES)
def test_entries_are_well_formed(language: str) -> None:
    for trigger in load_lexicon(language).triggers:
        assert 0 < trigger.weight <= 1
        assert trigger.lemma == trigger.lemma.lower().strip()
        assert trigger.mode is None or trigger.mode in plover_modes()[trigger.type]


def test_french_and_english_files_have_the_same_structure() -> None:
    fr, en = (lang.load(code, EVENTS_FILE) for code in LANGUAGES)
    assert fr.keys() == en.keys()
    assert {t: list(m) for t, m in fr["mode_cues"].items()} == {t: list(m) for t, m in en["mode_cues"].items()}
    for data in (fr, en):
        assert data["support_verbs"] and data["impact_cues"]
    fr_mod, en_mod = (lang.load(code, MODALITY_FILE) for code in LANGUAGES)
    assert fr_mod.keys() == en_mod.keys()
    for key in fr_mod:
        assert fr_mod[key].keys() == en_mod[key].keys()


@pytest.mark.parametrize("language", lang.languages())
def test_every_language_folder_has_both_files(language: str) -> None:
    assert load_lexicon(language).triggers
    assert load_modality_cues(language).negated.markers


# -------------------------------------------------------- trigger lemmas on real parses

TRIGGERS = [
    ("fr", "Le Hezbollah a menacé de frapper des cibles israéliennes.", "menacer", "THREATEN", "violence"),
    ("fr", "Le Kremlin a lancé un ultimatum de 48 heures à Kiev.", "ultimatum", "THREATEN", "relations"),
    ("fr", "Une frappe aérienne a touché un hôpital de Khan Younès.", "frappe", "ASSAULT", "aerial"),
    ("fr", "Une frappe de drone a visé un convoi près de Marioupol.", "frappe", "ASSAULT", "drone"),
    ("fr", "L'artillerie russe a pilonné les faubourgs de Kharkiv.", "pilonner", "ASSAULT", "heavy-weapons"),
    ("fr", "Des hommes armés ont enlevé quinze lycéens dans le nord du Nigeria.", "enlever", "ASSAULT", "abduct"),
    ("fr", "Une voiture piégée a explosé à Kirkouk.", "voiture piéger", "ASSAULT", "explosives"),
    ("fr", "Un kamikaze s'est fait exploser devant une mosquée chiite.", "kamikaze", "ASSAULT", "suicide-attack"),
    ("fr", "Un attentat-suicide a frappé le centre de Kaboul.", "attentat-suicide", "ASSAULT", "suicide-attack"),
    ("fr", "La police a tiré des gaz lacrymogènes.", "gaz lacrymogène", "ASSAULT", "crowd-control"),
    ("fr", "Les soldats ont ouvert le feu sur la foule.", "ouvrir le feu", "ASSAULT", "firearms"),
    ("fr", "L'aviation a bombardé des positions rebelles.", "bombarder", "ASSAULT", "aerial"),
    ("fr", "Une roquette s'est abattue sur une école.", "roquette", "ASSAULT", "heavy-weapons"),
    ("fr", "Dix civils ont été tués et vingt autres blessés.", "tuer", "ASSAULT", None),
    ("fr", "Les affrontements ont fait trois morts dans la nuit.", "affrontement", "ASSAULT", None),
    ("fr", "Les deux ministres se sont entretenus par téléphone mardi soir.", "entretenir", "CONSULT", "phone"),
    ("fr", "Le président ivoirien est arrivé à Paris pour une visite officielle.", "visite", "CONSULT", "visit"),
    ("fr", "Le chancelier s'est rendu à Kiev lundi.", "rendre", "CONSULT", "visit"),
    ("fr", "Les pourparlers de paix reprendront au Caire.", "pourparler", "CONSULT", None),
    ("fr", "Le Qatar assure une médiation entre les belligérants.", "médiation", "CONSULT", "third-party"),
    ("fr", "Le sommet de l'Union africaine s'est ouvert à Addis-Abeba.", "sommet", "CONSULT", "multilateral"),
    ("fr", "Le Conseil européen a adopté de nouvelles sanctions contre Moscou.", "sanction", "SANCTION", "discontinue"),
    ("fr", "Washington a décrété un embargo sur les puces vers la Chine.", "embargo", "SANCTION", "discontinue"),
    ("fr", "La Pologne a expulsé deux diplomates biélorusses.", "expulser", "SANCTION", "expel"),
    ("fr", "Le Niger a rappelé son ambassadeur pour consultations.", "rappeler", "SANCTION", "withdraw"),
    ("fr", "L'opposant a été condamné à quinze ans de prison.", "condamner", "SANCTION", "convict"),
    ("fr", "Paris a fermement condamné l'attentat.", "condamner", "ACCUSE", "disapprove"),
    ("fr", "Le ministre a accusé l'Iran d'armer les rebelles.", "accuser", "ACCUSE", "allege"),
    ("fr", "La CPI a ouvert une enquête sur les crimes commis au Darfour.", "enquête", "ACCUSE", "investigate"),
    ("fr", "Les manifestants exigent la démission du Premier ministre.", "exiger", "REQUEST", "yield"),
    ("fr", "Le secrétaire général a appelé à un cessez-le-feu immédiat.", "appeler à", "REQUEST", "yield"),
    ("fr", "Téhéran a rejeté toute négociation directe avec Washington.", "rejeter", "REJECT", "meet"),
    ("fr", "Le gouvernement refuse de libérer les détenus politiques.", "refuser", "REJECT", "yield"),
    ("fr", "Des dizaines de milliers de personnes ont manifesté samedi.", "manifester", "PROTEST", "demo"),
    ("fr", "Les syndicats préparent une grève générale.", "grève", "PROTEST", "strike"),
    ("fr", "Un détenu a entamé une grève de la faim.", "grève de faim", "PROTEST", "hunger"),
    ("fr", "Des émeutes ont éclaté dans plusieurs quartiers.", "émeute", "PROTEST", "riot"),
    ("fr", "La Russie a déployé des milliers de soldats à la frontière.", "déployer", "MOBILIZE", "troops"),
    ("fr", "Pyongyang a procédé à un essai de missile balistique.", "essai", "MOBILIZE", "weapons"),
    ("fr", "La Chine a mené des exercices militaires autour de Taïwan.", "exercice", "MOBILIZE", "troops"),
    ("fr", "La police a arrêté une vingtaine de militants.", "arrêter", "COERCE", "arrest"),
    ("fr", "Le journaliste a été placé en garde à vue.", "garde à vue", "COERCE", "arrest"),
    ("fr", "Les autorités ont instauré un couvre-feu nocturne.", "couvre-feu", "COERCE", "curfew"),
    ("fr", "Les forces gouvernementales ont assiégé la ville.", "assiéger", "COERCE", "restrict"),
    ("fr", "Les gardes-côtes ont arraisonné un pétrolier.", "arraisonner", "COERCE", "seize"),
    ("fr", "Le gouvernement a coupé internet dans tout le pays.", "couper", "COERCE", "censor"),
    ("fr", "Les putschistes ont renversé le président.", "renverser", "COERCE", None),
    ("fr", "Une cyberattaque a paralysé les hôpitaux.", "cyberattaque", "COERCE", "cyber"),
    ("fr", "Le Hamas a libéré trois otages.", "libérer", "RETREAT", "release"),
    ("fr", "Les troupes russes se sont retirées de la rive droite.", "retirer", "RETREAT", "withdraw"),
    ("fr", "Une trêve humanitaire est entrée en vigueur à l'aube.", "trêve", "RETREAT", "ceasefire"),
    ("fr", "Le Premier ministre a démissionné après le vote.", "démissionner", "RETREAT", "resign"),
    ("fr", "Les deux pays ont signé un accord de défense.", "signer", "SUPPORT", None),
    ("fr", "Le ministre a salué la décision du tribunal.", "saluer", "SUPPORT", None),
    ("fr", "Les États-Unis ont livré des missiles à l'Ukraine.", "livrer", "AID", None),
    ("fr", "Tokyo a promis une aide humanitaire de dix millions.", "aide humanitaire", "AID", None),
    ("fr", "Les marines des deux pays ont organisé des exercices conjoints.", "exercice conjoint", "COOPERATE", None),
    ("fr", "Le président a gracié deux cents prisonniers.", "gracier", "CONCEDE", None),
    ("fr", "Les belligérants ont accepté le plan de paix.", "accepter", "AGREE", None),
    ("fr", "Les rebelles se sont dits prêts à négocier.", "prêt", "AGREE", None),
    ("en", "Iran threatened to close the Strait of Hormuz.", "threaten", "THREATEN", "restrict"),
    ("en", "The militia warned it would resume attacks on US bases.", "warn", "THREATEN", "violence"),
    ("en", "Turkey will not hesitate to act.", "not hesitate to", "THREATEN", None),
    ("en", "An Israeli airstrike hit a residential building.", "airstrike", "ASSAULT", "aerial"),
    ("en", "A drone strike killed a commander near the border.", "drone strike", "ASSAULT", "drone"),
    ("en", "Russian forces shelled Kherson overnight.", "shell", "ASSAULT", "heavy-weapons"),
    ("en", "Gunmen abducted a priest in central Nigeria.", "abduct", "ASSAULT", "abduct"),
    ("en", "A roadside bomb killed two soldiers.", "roadside bomb", "ASSAULT", "explosives"),
    ("en", "A suicide bomber blew himself up at a checkpoint.", "suicide bomber", "ASSAULT", "suicide-attack"),
    ("en", "Police fired tear gas at protesters in Nairobi.", "tear gas", "ASSAULT", "crowd-control"),
    ("en", "Police dispersed the rally with water cannon.", "disperse", "ASSAULT", "crowd-control"),
    ("en", "Soldiers opened fire on the crowd.", "open fire", "ASSAULT", "firearms"),
    ("en", "Warplanes bombed rebel positions.", "bomb", "ASSAULT", "aerial"),
    ("en", "Rockets landed near the base.", "rocket", "ASSAULT", "heavy-weapons"),
    ("en", "The US carried out strikes on militia targets.", "strike", "ASSAULT", "aerial"),
    ("en", "Ten civilians were killed and dozens wounded.", "kill", "ASSAULT", None),
    ("en", "Clashes left five people dead.", "clash", "ASSAULT", None),
    ("en", "Biden and Xi spoke by phone on Tuesday.", "speak by phone", "CONSULT", "phone"),
    ("en", "The foreign minister visited Beijing last week.", "visit", "CONSULT", "visit"),
    ("en", "Erdogan hosted his Iranian counterpart in Ankara.", "host", "CONSULT", "visit"),
    ("en", "Peace talks resumed in Doha on Monday.", "talk", "CONSULT", None),
    ("en", "Egypt mediated between the two sides.", "mediate", "CONSULT", "third-party"),
    ("en", "NATO leaders gathered for a summit in Vilnius.", "summit", "CONSULT", "multilateral"),
    ("en", "The EU imposed sanctions on Iranian officials.", "sanction", "SANCTION", "discontinue"),
    ("en", "Russia expelled three Estonian diplomats.", "expel", "SANCTION", "expel"),
    ("en", "Mali recalled its ambassador from Algiers.", "recall", "SANCTION", "withdraw"),
    ("en", "The court sentenced the activist to ten years in prison.", "sentence", "SANCTION", "convict"),
    ("en", "Ukraine condemned the attack on a children's hospital.", "condemn", "ACCUSE", "disapprove"),
    ("en", "Israel accused Hamas of using civilians as shields.", "accuse", "ACCUSE", "allege"),
    ("en", "The UN launched an investigation into the killings.", "investigation", "ACCUSE", "investigate"),
    ("en", "Protesters demanded the release of political prisoners.", "demand", "REQUEST", "yield"),
    ("en", "The Pope called for a ceasefire in Gaza.", "call for", "REQUEST", "yield"),
    ("en", "Hamas rejected the offer of new talks.", "reject", "REJECT", "meet"),
    ("en", "Tens of thousands protested in Tel Aviv on Saturday.", "protest", "PROTEST", "demo"),
    ("en", "Unions called a general strike across France.", "strike", "PROTEST", "strike"),
    ("en", "The detainee has been on hunger strike for sixty days.", "hunger strike", "PROTEST", "hunger"),
    ("en", "Riots broke out in several cities.", "riot", "PROTEST", "riot"),
    ("en", "Russia deployed thousands of troops near the border.", "deploy", "MOBILIZE", "troops"),
    ("en", "North Korea test-fired a ballistic missile.", "test-fire", "MOBILIZE", "weapons"),
    ("en", "China held military drills around Taiwan.", "drill", "MOBILIZE", "troops"),
    ("en", "Police arrested dozens of protesters.", "arrest", "COERCE", "arrest"),
    ("en", "Authorities imposed a curfew in the capital.", "curfew", "COERCE", "curfew"),
    ("en", "The president declared martial law.", "martial law", "COERCE", "martial-law"),
    ("en", "Iranian forces seized an oil tanker in the Gulf.", "seize", "COERCE", "seize"),
    ("en", "The army has besieged the city for months.", "besiege", "COERCE", "restrict"),
    ("en", "A cyberattack disrupted government websites.", "cyberattack", "COERCE", "cyber"),
    ("en", "The military ousted the elected president.", "oust", "COERCE", None),
    ("en", "Hamas freed four hostages.", "free", "RETREAT", "release"),
    ("en", "The troops withdrew from the town.", "withdraw", "RETREAT", "withdraw"),
    ("en", "A truce took effect at dawn.", "truce", "RETREAT", "ceasefire"),
    ("en", "The cease-fire collapsed after two days.", "cease-fire", "RETREAT", "ceasefire"),
    ("en", "The prime minister resigned after the vote.", "resign", "RETREAT", "resign"),
    ("en", "The two countries signed a defense agreement.", "sign", "SUPPORT", None),
    ("en", "The minister praised Qatar's efforts.", "praise", "SUPPORT", None),
    ("en", "Germany delivered tanks to Ukraine.", "deliver", "AID", None),
    ("en", "Japan sent humanitarian aid to Gaza.", "humanitarian aid", "AID", None),
    ("en", "The navies held a joint exercise in the Pacific.", "joint exercise", "COOPERATE", None),
    ("en", "The president pardoned hundreds of prisoners.", "pardon", "CONCEDE", None),
    ("en", "The rebels agreed to a prisoner exchange.", "agree", "AGREE", None),
    ("en", "The rebels agreed to a prisoner exchange.", "prisoner exchange", "RETREAT", "release"),
]


@pytest.mark.parametrize(
    ("language", "sentence", "lemma", "type_", "mode"),
    TRIGGERS,
    ids=[f"{row[0]}-{row[2]}-{row[3]}" for row in TRIGGERS],
)
def test_trigger_is_found_in_a_parsed_sentence(
    parse: Any, language: str, sentence: str, lemma: str, type_: str, mode: str | None
) -> None:
    lexicon = load_lexicon(language)
    lemmas, found = _senses(lexicon, parse(sentence, language))
    senses = [t for t in found if t.lemma == lemma]
    assert senses, f"no entry {lemma!r} found; spaCy lemmas: {lemmas}"
    chosen = [t for t in lexicon.select(senses, set(lemmas)) if t.type == type_]
    assert chosen, f"{lemma!r} is not read as {type_} here: {[(t.type, t.needs) for t in senses]}"
    assert lexicon.mode_for(chosen[0], type_, lemmas) == mode


def test_the_table_covers_every_type_in_both_languages() -> None:
    for language in LANGUAGES:
        assert {row[3] for row in TRIGGERS if row[0] == language} == set(plover_modes())


# ------------------------------------------------------------------ lookup behaviour


def test_pos_tags_are_read_leniently() -> None:
    lexicon = load_lexicon("fr")
    assert [t.type for t in lexicon.lookup("Frappe", "PROPN")] == ["ASSAULT"]
    assert lexicon.lookup("frappe", "ADV") == ()
    assert {t.type for t in lexicon.lookup("mort", "ADJ")} == {"ASSAULT"}


def test_words_left_unlemmatized_are_rewritten() -> None:
    fr, en = load_lexicon("fr"), load_lexicon("en")
    assert [t.lemma for t in fr.lookup("reproché", "NOUN")] == ["reprocher"]
    assert [t.lemma for t in en.lookup("encircled", "ADJ")] == ["encircle"]
    assert [t.lemma for t in en.lookup("Rockets", "PROPN")] == ["rocket"]
    assert [t.lemma for t in fr.lookup("Frappes", "PROPN")] == ["frappe"]
    assert en.lookup("news", "NOUN") == ()
    assert fr.lookup("reproché", "NOUN", rewrite=False) == ()
    assert [t.type for t in en.lookup("arm", "NOUN")] == []


def test_aliases_fix_contractions_and_lemmatizer_slips() -> None:
    lexicon = load_lexicon("fr")
    assert lexicon.normalize("Au") == "à"
    assert lexicon.normalize("manœuvre") == "manoeuvre"
    assert [t.type for t in lexicon.lookup("obu", "NOUN")] == ["ASSAULT"]
    assert load_lexicon("en").normalize("stag") == "stage"


def test_phrases_allow_a_few_tokens_between_their_words() -> None:
    lexicon = load_lexicon("fr")
    lemmas = ["il", "avoir", "mettre", "rapidement", "fin", "à", "le", "combat"]
    (match,) = lexicon.phrases_at(lemmas, 2)
    assert (match.trigger.lemma, match.positions) == ("mettre fin à", (2, 4, 5))
    too_far = ["mettre", "un", "peu", "plus", "fin", "à"]
    assert lexicon.phrases_at(too_far, 0) == ()
    assert lexicon.phrases_at(lemmas, 99) == ()


def test_hyphenated_entries_match_split_tokens() -> None:
    lexicon = load_lexicon("en")
    (match,) = lexicon.phrases_at(["the", "cease", "-", "fire", "hold"], 1)
    assert match.trigger.lemma == "cease-fire"
    assert "cease-fire" in {t.lemma for t in lexicon.phrases_starting("cease")}


def test_a_sense_whose_need_is_met_wins_over_the_default() -> None:
    lexicon = load_lexicon("en")
    senses = lexicon.lookup("strike", "NOUN")
    assert {t.type for t in lexicon.select(senses, {"general", "union"})} == {"PROTEST"}
    assert {t.type for t in lexicon.select(senses, {"missile", "base"})} == {"ASSAULT"}
    fire = lexicon.lookup("fire", "VERB")
    assert {t.type for t in lexicon.select(fire, {"employee"})} == set()


def test_modality_and_impact_shift_the_type() -> None:
    fr, en = load_lexicon("fr"), load_lexicon("en")
    (retrait,) = [t for t in fr.lookup("retrait", "NOUN") if t.type == "RETREAT"]
    assert retrait.type_for("future") == "CONCEDE"
    assert retrait.type_for("asserted") == "RETREAT"
    assert retrait.type_for("negated") == "RETREAT"
    (talk,) = en.lookup("talk", "NOUN")
    assert talk.type_for("future") == "AGREE"
    (exchange,) = en.phrases_at(["prisoner", "exchange"], 0)
    assert exchange.trigger.type_for("future") == "AGREE"
    (tir,) = [t for t in fr.lookup("tir", "NOUN") if t.type == "MOBILIZE"]
    assert tir.type_for(impact=True) == "ASSAULT"
    assert fr.mode_for(tir, "ASSAULT", ["tir", "de", "missile", "sur", "kiev"]) == "heavy-weapons"
    (kill,) = en.lookup("kill", "VERB")
    assert kill.type_for("future") == "ASSAULT"
    assert en.mode_for(retrait, "CONCEDE", ["retrait"]) is None
    assert set(FUTURE_TYPES.values()) == {"AGREE", "CONCEDE"}


def test_roles_mark_who_is_actor() -> None:
    fr = load_lexicon("fr")
    assert {t.role for t in fr.lookup("visite", "NOUN")} == {"visitor_actor"}
    assert {t.role for t in fr.lookup("recevoir", "VERB") if t.type == "CONSULT"} == {"host_subject"}
    assert {t.role for t in fr.lookup("mourir", "VERB")} == {"subject_recipient"}


def test_support_verbs_and_impact_cues() -> None:
    fr, en = load_lexicon("fr"), load_lexicon("en")
    assert ("procéder", "à") in fr.support_verbs
    assert {"lancer", "mener", "procéder"} <= fr.support_verb_heads
    assert {"launch", "carry", "conduct", "stage"} <= en.support_verb_heads
    assert {"toucher", "sur"} <= fr.impact_cues
    assert "hit" in en.impact_cues


# ---------------------------------------------------------------- modality cues

MODALITY_ROWS = [
    ("fr", "Les rebelles n'ont pas attaqué la ville.", "negated"),
    ("fr", "Aucune frappe n'a visé la capitale.", "negated"),
    ("fr", "Au cas où Israël attaquerait, Téhéran répondrait.", "hypothetical"),
    ("fr", "Faute de quoi, les milices reprendront leurs opérations.", "hypothetical"),
    ("fr", "Les troupes partiront d'ici la fin de l'année.", "future"),
    ("fr", "Les troupes se retireront de la ville.", "future"),
    ("fr", "L'armée aurait tué dix civils.", "alleged"),
    ("fr", "Le chef présumé du réseau a été arrêté.", "alleged"),
    ("en", "The rebels did not attack the town.", "negated"),
    ("en", "Russia won't attend the conference.", "negated"),
    ("en", "If Israel attacks, Iran will respond.", "hypothetical"),
    ("en", "In case of an invasion, the alliance would respond.", "hypothetical"),
    ("en", "The talks are set to resume next week.", "future"),
    ("en", "The summit will be held in Geneva.", "future"),
    ("en", "The army reportedly killed ten civilians.", "alleged"),
    ("en", "He is said to have ordered the strike.", "alleged"),
]


@pytest.mark.parametrize(("language", "sentence", "modality"), MODALITY_ROWS)
def test_modality_cue_is_found_in_a_parsed_sentence(parse: Any, language: str, sentence: str, modality: str) -> None:
    lexicon, cues = load_lexicon(language), load_modality_cues(language).cues(modality)
    doc = parse(sentence, language)
    lemmas = [lexicon.normalize(token.lemma_) for token in doc]
    marked = cues.markers.found_in(lemmas, lexicon.phrase_gap)
    features = {(name, value) for token in doc for name in ("Mood", "Tense") for value in token.morph.get(name)}
    marked = marked or any((cue.feature, cue.value) in features for cue in cues.morphology)
    assert marked, f"no {modality} cue in {lemmas}"


ATTRIBUTION_ROWS = [
    ("fr", "Selon l'AFP, trois soldats ont été tués."),
    ("fr", "D'après des témoins, la police a tiré."),
    ("fr", "Trois soldats ont été tués, rapporte Reuters, citant une source militaire."),
    ("en", "According to Reuters, three soldiers were killed."),
    ("en", "Three soldiers were killed, officials said, citing local media."),
]


@pytest.mark.parametrize(("language", "sentence"), ATTRIBUTION_ROWS)
def test_attribution_cues_are_found(parse: Any, language: str, sentence: str) -> None:
    lexicon, cues = load_lexicon(language), load_modality_cues(language).attribution
    lemmas = [lexicon.normalize(token.lemma_) for token in parse(sentence, language)]
    assert cues.markers.found_in(lemmas, lexicon.phrase_gap) or cues.verbs.found_in(lemmas)


def test_modality_cue_sets() -> None:
    fr, en = load_modality_cues("fr"), load_modality_cues("en")
    assert "ne" in fr.negated.markers and "not" in en.negated.markers
    assert ("ne", "que") not in fr.negated.markers.phrases
    assert "que" in fr.negated.exceptions
    assert "menacer" in fr.hypothetical.governors and "threaten" in en.hypothetical.governors
    assert {(c.feature, c.value, c.when) for c in fr.future.morphology} == {
        ("Tense", "Fut", "always"),
        ("Mood", "Cnd", "reported_simple"),
    }
    assert en.future.morphology == () and en.alleged.morphology == ()
    assert fr.attribution.is_agency("afp") and en.attribution.is_agency("Shafaq News")
    assert fr.attribution.agencies[0] == max(fr.attribution.agencies, key=len)
    assert "revendiquer" in fr.attribution.responsibility
    with pytest.raises(ValueError, match="asserted"):
        fr.cues("asserted")
    assert [fr.cues(m) for m in MODALITIES[:-1]] == [fr.negated, fr.hypothetical, fr.future, fr.alleged]


# ------------------------------------------------------------------ validation


def _minimal() -> dict[str, Any]:
    return {
        "lemma_aliases": {},
        "lemma_rewrites": [],
        "phrase_gap": 2,
        "support_verbs": ["lancer"],
        "report_verbs": ["dire"],
        "weapons": ["missile"],
        "undergo_verbs": ["subir"],
        "impact_cues": ["toucher"],
        "triggers": [{"lemma": "frappe", "pos": "NOUN", "type": "ASSAULT", "mode": None, "default_mode": "aerial"}],
        "mode_cues": {"ASSAULT": {"drone": ["drone"]}},
    }


def _with_trigger(**entry: Any) -> dict[str, Any]:
    data = _minimal()
    data["triggers"].append({"lemma": "tuer", "pos": "VERB", "type": "ASSAULT", "mode": None, **entry})
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a mapping"),
        ({k: v for k, v in _minimal().items() if k != "mode_cues"}, "missing key 'mode_cues'"),
        ({**_minimal(), "extra": 1}, "unknown key 'extra'"),
        ({**_minimal(), "phrase_gap": 9}, "phrase_gap"),
        ({**_minimal(), "phrase_gap": True}, "phrase_gap"),
        ({**_minimal(), "triggers": []}, "non-empty list"),
        ({**_minimal(), "lemma_aliases": ["au"]}, "lemma_aliases"),
        ({**_minimal(), "lemma_rewrites": [{"suffix": "é", "replace": "er"}]}, "missing key 'pos'"),
        ({**_minimal(), "lemma_rewrites": [{"suffix": "é", "replace": "er", "pos": "any"}]}, "pos 'any'"),
        ({**_minimal(), "support_verbs": ["lancer", "Lancer"]}, "listed twice"),
        ({**_minimal(), "impact_cues": ["tomber sur"]}, "must be one lemma"),
        ({**_minimal(), "mode_cues": {"AGREE": {"x": ["y"]}}}, "AGREE has no modes"),
        ({**_minimal(), "mode_cues": {"ASSAULT": {"air": ["avion"]}}}, "'air' is not a mode of ASSAULT"),
        ({**_minimal(), "mode_cues": {"ASSAULT": {"aerial": []}}}, "no cues"),
        (_with_trigger(type="ATTACK"), r"triggers\[1\].*'ATTACK' is not a PLOVER type"),
        (_with_trigger(mode="aerial", type="AGREE"), "not a mode of AGREE.*none: use null"),
        (_with_trigger(mode="visit"), "'visit' is not a mode of ASSAULT"),
        (_with_trigger(mode="aerial", default_mode="drone"), "default_mode is only for"),
        (_with_trigger(default_mode="phone"), "'phone' is not a mode of ASSAULT"),
        (_with_trigger(pos="PROPN"), "pos 'PROPN'"),
        (_with_trigger(weight=0), "weight"),
        (_with_trigger(weight=1.5), "weight"),
        (_with_trigger(weight="high"), "weight"),
        (_with_trigger(role="victim"), "role 'victim'"),
        (_with_trigger(active_only="yes"), "active_only must be true or false"),
        (_with_trigger(deadline_only=1), "deadline_only must be true or false"),
        (_with_trigger(needs="arme"), "expected a list"),
        (_with_trigger(needs=["arme blanche"]), "must be one lemma"),
        (_with_trigger(needs=["arme"], not_with=["arme"]), "both needed and excluded"),
        (_with_trigger(if_future="ASSAULT"), "own type"),
        (_with_trigger(if_impact="BOMB"), "not a PLOVER type"),
        (_with_trigger(lemma="frappe", pos="NOUN"), "repeats"),
        (_with_trigger(lemma="frappe", pos="any", type="MOBILIZE"), "a second sense needs 'needs'"),
        (_with_trigger(sense="x"), "unknown key 'sense'"),
        ({**_minimal(), "triggers": [{"lemma": "frappe", "pos": "NOUN", "type": "ASSAULT"}]}, "missing key 'mode'"),
    ],
)
def test_invalid_lexicons_are_rejected(data: Any, message: str) -> None:
    with pytest.raises(DataError, match=message) as error:
        parse_lexicon(data, "veille/lang/xx/events.yml", "xx")
    assert str(error.value).startswith("veille/lang/xx/events.yml: ")


def test_a_gated_second_sense_is_allowed() -> None:
    lexicon = parse_lexicon(
        _with_trigger(lemma="frappe", pos="NOUN", type="PROTEST", mode="strike", needs=["syndicat"]), "t.yml", "xx"
    )
    assert len(lexicon.lookup("frappe", "NOUN")) == 2


def _minimal_modality() -> dict[str, Any]:
    data = lang.load("en", MODALITY_FILE)
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def _modality_with(path: tuple[str, str], value: Any) -> dict[str, Any]:
    data = _minimal_modality()
    data[path[0]][path[1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("text", "expected a mapping"),
        ({k: v for k, v in _minimal_modality().items() if k != "alleged"}, "missing key 'alleged'"),
        (_modality_with(("future", "morphology"), [{"feature": "Tense=Fut", "when": "sometimes"}]), "when 'sometimes'"),
        (_modality_with(("future", "morphology"), [{"feature": "future", "when": "always"}]), "spaCy feature"),
        (_modality_with(("negated", "words"), ["no longer"]), "must be one lemma"),
        (_modality_with(("negated", "phrases"), ["never"]), "is one word"),
        (_modality_with(("negated", "governors"), "deny"), "expected a list"),
        (_modality_with(("attribution", "agencies"), ["AFP", "afp"]), "listed twice"),
        (_modality_with(("attribution", "sources"), []), "unknown key 'sources'"),
    ],
)
def test_invalid_modality_files_are_rejected(data: Any, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_modality_cues(data, "veille/lang/xx/modality.yml", "xx", {})


def test_a_missing_file_names_the_language_folder() -> None:
    with pytest.raises(DataError, match=r"veille/lang/zz/events.yml: missing"):
        load_lexicon("zz")
