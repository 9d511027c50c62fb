"""The matching score: how well an initiative or meeting place could address a need.

    score = w_theme · theme + w_group · group + w_text · text + w_space · space      (0 … 1)

- theme: the share of the need's themes the entry has (0 … 1).
- group: the share of the need's target groups the entry serves; "alle-generationen" on
  either side counts as half a match for every group.
- text: how well the entry's name, summary and description match the need's title and
  description, with the search index's German analysis (stems, compound parts) and related
  words (concepts.py) at half weight: BM25F scores saturated as s / (s + TEXT_HALF).
- space: 1 when the entry is inside the need's area or its service radius covers it, else
  exp(−d / SPACE_SCALE_KM) for the distance d from the need's point or area.

A part the need says nothing about (no themes, no target groups) gives its weight to text, so
a need without themes is matched on its text. A need is a gap (Versorgungslücke) when its best
candidate scores below GAP_THRESHOLD, or when no candidate lies within REACH_KM or covers it.
"""

WEIGHTS = {"theme": 0.30, "target_group": 0.15, "text": 0.30, "spatial": 0.25}
TEXT_HALF = 6.0
RELATED_WEIGHT = 0.5
SPACE_SCALE_KM = 20.0
REACH_KM = 30.0
GAP_THRESHOLD = 0.45
ALL_GENERATIONS = "alle-generationen"


def weights_for(has_themes: bool, has_groups: bool) -> dict[str, float]:
    """The weights for a need: a part it says nothing about gives its weight to text."""
    weights = dict(WEIGHTS)
    for part, present in (("theme", has_themes), ("target_group", has_groups)):
        if not present:
            weights["text"] += weights[part]
            weights[part] = 0.0
    return weights
