"""Imports every model so that the metadata is complete (for migrations and the CLI)."""

from .accounts.models import User
from .audit.models import AuditEntry
from .conferences.models import Conference
from .legal.models import LegalText
from .measures.models import Measure, ProgressNote
from .municipalities.models import GazetteerPlace, Kommune, ProjectPhase, Region
from .needs.models import Need
from .network.models import Connection
from .participation.models import Contribution, Support
from .profiles.models import KeyFigure, SwotItem
from .registrations.models import Registration
from .registry.models import Initiative, MeetingPlace
from .submissions.models import EditToken, Revision
from .subscriptions.models import EntryChange, Subscription, SubscriptionDelivery, SubscriptionMail
from .taxonomy.models import TargetGroup, Theme

__all__ = [
    "AuditEntry",
    "Conference",
    "Connection",
    "Contribution",
    "EditToken",
    "EntryChange",
    "GazetteerPlace",
    "Initiative",
    "KeyFigure",
    "Kommune",
    "LegalText",
    "Measure",
    "MeetingPlace",
    "Need",
    "ProgressNote",
    "ProjectPhase",
    "Region",
    "Registration",
    "Revision",
    "Subscription",
    "SubscriptionDelivery",
    "SubscriptionMail",
    "Support",
    "SwotItem",
    "TargetGroup",
    "Theme",
    "User",
]
