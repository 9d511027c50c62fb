"""The kinds and states of a contribution, with their labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class ContributionKind(StrEnum):
    IDEA = "idee"
    NEED = "bedarf"
    REMARK = "anregung"
    VOLUNTEER = "mitmachen"


class ContributionStatus(StrEnum):
    PENDING = "neu"  # waits for a planner: never public
    PUBLISHED = "veroeffentlicht"  # on the idea board
    MERGED = "zusammengefuehrt"  # joined an existing need (its supporters count there)
    NEED = "bedarf"  # became a new need
    MEASURE = "massnahme"  # became a new measure before it was published (not public)
    ANSWERED = "beantwortet"  # answered by e-mail, not public
    DECLINED = "abgelehnt"  # with a reason, not public


KIND_LABELS = {
    ContributionKind.IDEA.value: _l("Eine Idee"),
    ContributionKind.NEED.value: _l("Das fehlt bei uns"),
    ContributionKind.REMARK.value: _l("Eine Anregung oder Kritik"),
    ContributionKind.VOLUNTEER.value: _l("Ich möchte mitmachen"),
}
#: Only these kinds can go on the public idea board; remarks and offers to help stay internal.
PUBLISHABLE = (ContributionKind.IDEA.value, ContributionKind.NEED.value)
STATUS_LABELS = {
    ContributionStatus.PENDING.value: _l("neu, noch nicht geprüft"),
    ContributionStatus.PUBLISHED.value: _l("veröffentlicht"),
    ContributionStatus.MERGED.value: _l("zu einem Bedarf hinzugefügt"),
    ContributionStatus.NEED.value: _l("als Bedarf aufgenommen"),
    ContributionStatus.MEASURE.value: _l("als Maßnahme aufgenommen"),
    ContributionStatus.ANSWERED.value: _l("beantwortet"),
    ContributionStatus.DECLINED.value: _l("abgelehnt"),
}


class IdeaProgress(StrEnum):
    """How far a published idea has come, as the idea board and the map say it."""

    PUBLISHED = "veroeffentlicht"  # reviewed and public, not yet taken up
    TAKEN_UP = "aufgegriffen"  # linked to a need or a measure
    REALISED = "umgesetzt"  # a measure that took it up is done


PROGRESS_LABELS = {
    IdeaProgress.PUBLISHED.value: _l("veröffentlicht, noch nicht aufgegriffen"),
    IdeaProgress.TAKEN_UP.value: _l("aufgegriffen"),
    IdeaProgress.REALISED.value: _l("umgesetzt"),
}
