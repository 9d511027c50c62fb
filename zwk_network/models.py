"""Imports every model so that the metadata is complete (for migrations and the CLI)."""

from .conferences.models import Conference
from .needs.models import Need
from .places.models import GazetteerPlace, Kommune, ProjectPhase, Region
from .registry.models import Initiative, MeetingPlace
from .taxonomy.models import TargetGroup, Theme

__all__ = [
    "Conference",
    "GazetteerPlace",
    "Initiative",
    "Kommune",
    "MeetingPlace",
    "Need",
    "ProjectPhase",
    "Region",
    "TargetGroup",
    "Theme",
]
