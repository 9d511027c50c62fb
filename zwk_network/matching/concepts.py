"""Related words, so that a need's words meet an entry's words that mean the same thing.

"kein Bus mehr" and "Fahrgemeinschaften" share no word; both belong to getting around. Each
concept lists everyday German words; they are analysed like the search index (stems and
compound parts), so "Bürgerbus", "Busse" and "Rufbus" all reach the concept through "bus".
A need's words that belong to a concept bring that concept's other words into its text query,
at a lower weight than its own words.
"""

from functools import lru_cache

from ..search.analysis import stem

CONCEPTS = {
    "Mobilität": """
        Bus Rufbus Bürgerbus Busverbindung Fahrdienst Fahrgemeinschaft Mitfahrgelegenheit
        Mitfahrbank mitfahren fahren Auto Carsharing Taxi Bahn Zug Haltestelle Fahrrad Lastenrad
        Mobilität Nahverkehr ÖPNV Einkaufsfahrt Transport unterwegs Anbindung
    """,
    "Begegnung": """
        Treff Treffpunkt Begegnung Begegnungsstätte Café Kaffee Frühstück Stammtisch
        Nachbarschaft Nachbarn Gemeinschaft Dorfgemeinschaft Dorffest Fest gesellig Geselligkeit
        zusammen Austausch Miteinander Kennenlernen Einsamkeit einsam Dorfgemeinschaftshaus
        Mehrgenerationenhaus
    """,
    "Jugend": """
        Jugend Jugendliche Jugendclub Jugendtreff Jugendzentrum Teenager Schüler Azubi
        Ausbildung Freizeit Skatepark Kinder Kids junge Leute Ferien Ferienprogramm
    """,
    "Senioren": """
        Senioren Seniorinnen ältere Älteren Rentner Ruhestand Pflege Besuchsdienst Seniorentreff
        Seniorennachmittag Alltagshilfe Einkaufshilfe
    """,
    "Familie": """
        Familie Familien Eltern Elterncafé Mütter Väter Baby Kleinkind Kita Kinderbetreuung
        Spielplatz Krabbelgruppe
    """,
    "Gesundheit": """
        Gesundheit Arzt Ärztin Hausarzt Praxis Pflege Apotheke Bewegung Prävention Sprechstunde
        Selbsthilfe Beratung
    """,
    "Nahversorgung": """
        Einkaufen Laden Dorfladen Lebensmittel Bäcker Markt Wochenmarkt Versorgung Lieferdienst
        Hofladen
    """,
    "Digitales": """
        digital Internet Computer Smartphone Handy Tablet Onlinetermin Technik Medienkompetenz
        Digitalsprechstunde
    """,
    "Kultur": """
        Kultur Musik Chor Theater Kino Lesung Bibliothek Kunst Konzert Heimatverein Museum
    """,
    "Sport": """
        Sport Sportverein Fußball Turnen Gymnastik Schwimmen Laufen Radfahren Bewegung Verein
    """,
    "Engagement": """
        Ehrenamt ehrenamtlich Freiwillige engagieren Engagement helfen Hilfe Unterstützung
        Nachbarschaftshilfe Initiative mitmachen
    """,
    "Wohnen": """
        Wohnen Wohnung Wohnraum Leerstand Wohnprojekt barrierefrei
    """,
    "Arbeit": """
        Arbeit Job Beruf Ausbildung Praktikum Bewerbung Fachkräfte Betrieb
    """,
    "Integration": """
        Integration Zugewanderte Geflüchtete Sprachkurs Deutschkurs Willkommen international
    """,
}


#: Words that say nothing about what is needed ("es gibt keinen Bus mehr").
NEED_STOP_WORDS = frozenset(
    """
    mehr gibt fehlt fehlen fehlende wenig wenige viele gern gerne sollte sollten brauchen braucht
    bitte wieder immer benannt erste ersten zweite runde regionalkonferenz regionalkonferenzen
    thema zieht gesamten überall wünschen menschen
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


@lru_cache(maxsize=1)
def concept_terms() -> dict[str, frozenset[str]]:
    """Each concept's terms: the stem of each whole word (compound parts such as "gemeinschaft"
    in "Fahrgemeinschaft" would tie unrelated words together)."""
    return {name: frozenset(stem(word.lower()) for word in words.split()) for name, words in CONCEPTS.items()}


def related_terms(need_terms: set[str]) -> dict[str, str]:
    """Terms of the concepts a need's terms belong to, each with its concept: {term: concept}."""
    related = {}
    for concept, members in concept_terms().items():
        if members & need_terms:
            for term in members - need_terms:
                related.setdefault(term, concept)
    return related
