"""The matching score: how well an initiative or meeting place answers a need, there where it is.

    fit   = w_kind · kind + w_theme · theme + w_group · group + w_text · text          (0 … 1)
    score = fit · nearness(d, reach) · (1 if the kind of help matches, else OTHER_KIND)
                                     · (1 if it shares a theme with the need, else OFF_TOPIC)
                                     · (OTHER_GROUP if it is for other people than the need's)
                                     · (UNSPECIFIC if it lacks the offer the need's title names)  (0 … 1)

What it answers (fit):
- kind: 1 when the entry offers one of the kinds of help the need asks (taxonomy.HELP_KINDS: given in
  forms and imports, else suggested from the text, matching/kinds.py); UNKNOWN_KIND when the entry
  says nothing that shows its kind. An entry of another kind is multiplied by OTHER_KIND as well: a
  sports club next door shares the theme „Jugend“ with a need for a youth room, but is not one; and
  one that shares no theme with a need that has themes by OFF_TOPIC: a sports club is no choir.
- A kind that brings people to the asked one where it is missing (taxonomy.HelpKind.bridged_by: a
  Fahrdienst to the shop or the practice that closed) counts BRIDGE_KIND, is never off topic, reaches
  as far as its service radius, and keeps OTHER_KIND: a partial answer, never an answer. The reasons
  say „bringt Menschen hin“.
- Other people (OTHER_GROUP): an entry tagged only for other target groups than the need's (and not
  for all generations, nor naming the need's people in its text) – a youth club for older people.
- The offer the title names (UNSPECIFIC): when the title of a need for help people go to names a
  particular offer of the asked kind (the lexicon's [arten] words: „Chor“, „Laden“; not the kind's
  own name „Treffpunkt“) that is rare in the registry and that some entry has, entries without it
  are a weaker match: a Dorfverein with the theme Kultur is no choir.
- theme: the share of the need's themes the entry has; group: the share of its target groups the
  entry serves („alle-generationen“ on either side counts half; so does a text that names the group,
  „Sitzgymnastik für Ältere“, by the lexicon's [zielgruppen] words: TEXT_GROUP).
- text: the need's words in the entry's name, summary and description (the search index's German
  analysis; words only in the need's description weigh DESCRIPTION_WEIGHT of its title's), BM25
  saturated as s / (s + TEXT_HALF); related words of the lexicon („Bus“ for „Fahrgemeinschaft“)
  count as well, but alone never more than RELATED_WEIGHT. Place names in the need's text say
  where, not what: they are left out.
- A part the need says nothing about (no kind, themes or groups) shares its weight out among the others.

Where it is (nearness): d is the distance from the entry to the need's area (0 inside it) or point.
Reach is how far the kind of help may be from the people who need it (taxonomy.HELP_KINDS):
- people go to a meeting place, a shop or a practice: 5 km – about 20 minutes by bicycle or an hour
  on foot, what a teenager or an older person without a car manages in a rural area (the
  conferences' residents name exactly these two groups and the missing bus); leisure, sport and
  taking part 10 km (a weekly trip to the next village or small town); a course 15 km; advice 25 km
  (an occasional trip to the Amt's town);
- a Fahrdienst or a Besuchsdienst comes to the people: its reach is the entry's service radius
  (SERVICE_RADIUS_DEFAULT_KM when it gives none) – how far it is willing to go, not a promise
  that distance no longer matters;
- an online offer is within reach everywhere.
nearness = 1 in the need's area, falls linearly to NEAR_EDGE at the edge of reach, and beyond reach
as NEAR_EDGE · L / (L + d − reach) with L = reach, which is NEAR_EDGE · reach / d: twice as far away,
half the score again. For help that comes to people L is at most SERVICE_RADIUS_DEFAULT_KM: past its
radius a Bürgerbus with 25 km loses like one with 10 km, so the one that falls short by less ranks
first. Distance beyond the area always lowers the score.

What the numbers mean (calibrated on tests/data/matching_seed_labels.json, see bench/run_match_bench.py):
≥ GOOD: answers the need, within reach („passt gut“); ≥ PARTLY: answers part of it, or only from
farther away („passt teilweise“); below: a weak lead („entfernt verwandt“).

A candidate *answers* a need when it offers the asked kind of help to the asked people (at least
half of the need's target groups, or „alle Generationen“ – not the other way round: a youth club
is no meeting place for all generations –, or its text matching at least ANSWER_OWN_TEXT), on the
need's subject (a shared theme; for an entry without themes, its text matching at least
ANSWER_TEXT), with a fit of at least ANSWER_FIT, within reach.

A need is a gap (Versorgungslücke) when nothing answers it: for a need of one place or area, no
answer within reach of it; for a need of a whole region (or Kommune), fewer than COVERAGE_NEEDED
of the region's Gemeinden (the gazetteer's Städte and Gemeinden inside it) reach an answer – a
single meeting place in a region of 30 villages does not answer a need for meeting places. The
gap page, the Zwischenbilanz and the API use this one rule.
"""

WEIGHTS = {"kind": 0.35, "theme": 0.20, "target_group": 0.15, "text": 0.30}
TEXT_HALF = 6.0
TEXT_GROUP = 0.5
RELATED_WEIGHT = 0.5
UNKNOWN_KIND = 0.3
BRIDGE_KIND = 0.5
OTHER_KIND = 0.5
OTHER_GROUP = 0.5
UNSPECIFIC = 0.7
OFF_TOPIC = 0.35
DESCRIPTION_WEIGHT = 0.5
NEAR_EDGE = 0.6
BEYOND_REACH_DECAY = 1.0
SERVICE_RADIUS_DEFAULT_KM = 10.0
#: The reach of a need that asks for no kind of help (nor has one in its text).
DEFAULT_REACH_KM = 10.0
GOOD = 0.6
PARTLY = 0.3
ANSWER_TEXT = 0.3
ANSWER_FIT = 0.6
ANSWER_OWN_TEXT = 0.7
ANSWER_GROUP = 0.5
COVERAGE_NEEDED = 0.5
ALL_GENERATIONS = "alle-generationen"
#: A text word counts as a reason only when at most this share of all entries (or DISTINCTIVE_MIN) has it.
DISTINCTIVE_SHARE = 0.08
DISTINCTIVE_MIN = 2


def weights_for(has_kinds: bool, has_themes: bool, has_groups: bool) -> dict[str, float]:
    """The weights for a need: a part it says nothing about shares its weight out among the others."""
    present = {"kind": has_kinds, "theme": has_themes, "target_group": has_groups, "text": True}
    total = sum(weight for part, weight in WEIGHTS.items() if present[part])
    return {part: weight / total if present[part] else 0.0 for part, weight in WEIGHTS.items()}


def band(score: float) -> str:
    """The score in words a planner reads: good, partly, weak."""
    return "good" if score >= GOOD else "partly" if score >= PARTLY else "weak"
