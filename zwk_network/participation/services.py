"""Contributions: sent without an account, moderated by the planners of their Kommune, published on
the idea board; „Betrifft mich auch“ counted once per browser.

Every function that changes something records it in the audit log; the caller commits, then mails."""

import hashlib
import hmac
from collections import Counter

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.services import kommunen_of, require_scope
from ..audit.services import PUBLIC, record
from ..conferences.models import Conference
from ..errors import InvalidInput, NotFound
from ..extensions import db
from ..geo.geojson import point_element
from ..mail import Envelope, queue_mail
from ..measures.models import Measure
from ..municipalities.locator import Locator
from ..municipalities.models import Kommune
from ..needs.models import Need
from ..submissions.services import resolve_location
from ..taxonomy.models import apply_tags
from ..timeutil import utcnow
from .labels import PUBLISHABLE, STATUS_LABELS, ContributionKind, ContributionStatus
from .models import Contribution, Support
from .schema import CONTRIBUTION, FORM_FIELDS

ENTRY_TYPE = "contribution"
#: The states in which a contribution is public: on the idea board with its status.
PUBLIC_STATES = (ContributionStatus.PUBLISHED.value,)
#: The browser's random token for „Betrifft mich auch“ (stored only as a keyed hash).
SUPPORT_COOKIE = "zwk_betrifft"


def submit_contribution(data: dict, kommune_slug: str | None, lat=None, lon=None) -> Contribution:
    """A new contribution, waiting for review (never public before). The place is optional: a point
    from the map, else the town through the gazetteer (the registration's locator); its Kommune is
    the place's, else the one chosen. InvalidInput names each field that breaks a rule."""
    clean, errors = CONTRIBUTION.check_all(data, list(FORM_FIELDS))
    if clean.get("kind") == ContributionKind.VOLUNTEER.value and not (
        clean.get("email") or clean.get("contact")
    ):
        errors["contact"] = _("Bitte sagen Sie uns, wie wir Sie erreichen (E-Mail oder Telefon).")
    if data.get("wants_answer") and not clean.get("email"):
        errors["email"] = _("Für eine Antwort brauchen wir Ihre E-Mail-Adresse.")
    location = None
    if not errors and (clean.get("town") or (lat is not None and lon is not None)):
        try:
            lon, lat = resolve_location(lat, lon, clean.get("town"))
        except InvalidInput as error:
            errors.update(
                {"town" if name in ("lat", "lon") else name: reason for name, reason in error.errors.items()}
            )
        else:
            location = Locator.from_database().locate(lon, lat)
    kommune = _kommune(location.kommune_id if location else None, kommune_slug, errors)
    if errors:
        raise InvalidInput(errors)
    contribution = Contribution(kommune_id=kommune.id, status=ContributionStatus.PENDING.value, reply="")
    for name in FORM_FIELDS:
        setattr(contribution, name, CONTRIBUTION[name].stored(clean.get(name)))
    if location is not None:
        contribution.lon, contribution.lat = lon, lat
        contribution.region_id, contribution.gazetteer_place_id = (
            location.region_id,
            location.gazetteer_place_id,
        )
    db.session.add(contribution)
    db.session.flush()
    record("eingereicht", ENTRY_TYPE, contribution, note=_("wartet auf Prüfung"), actor=PUBLIC)
    return contribution


def _kommune(located_id: int | None, slug: str | None, errors: dict) -> Kommune | None:
    if located_id is not None:
        return db.session.get(Kommune, located_id)
    kommune = db.session.scalar(select(Kommune).where(Kommune.slug == (slug or "")))
    if kommune is None and "town" not in errors:
        errors["kommune"] = _("Bitte wählen Sie Ihre Kommune.")
    return kommune


#: What a planner may still decide in each state (one home: the review page offers these, act() checks
#: them): a declined contribution is not published after its sender was told so; one that became a
#: need or joined one does not become a second; a second click never makes a second need or measure.
_OPEN = {"veroeffentlichen", "ablehnen", "zusammenfuehren", "bedarf", "massnahme"}
ACTIONS_BY_STATE = {
    ContributionStatus.PENDING.value: _OPEN,
    ContributionStatus.ANSWERED.value: _OPEN,
    ContributionStatus.PUBLISHED.value: _OPEN - {"veroeffentlichen"},
    ContributionStatus.MEASURE.value: {"veroeffentlichen", "ablehnen", "zusammenfuehren", "bedarf"},
    ContributionStatus.NEED.value: {"massnahme"},
    ContributionStatus.MERGED.value: {"massnahme"},
    ContributionStatus.DECLINED.value: set(),
}
#: Always possible: answering by e-mail and changing the links.
ALWAYS = {"antworten", "verknuepfen"}


def allowed_actions(contribution: Contribution) -> set[str]:
    """The decisions still open for this contribution."""
    allowed = set(ACTIONS_BY_STATE.get(contribution.status, set())) | ALWAYS
    if contribution.kind not in PUBLISHABLE:
        allowed.discard("veroeffentlichen")
    if contribution.measures:  # taken up already: further measures are made in the Werkstattplan
        allowed.discard("massnahme")
    if contribution.need_id is not None:  # it became a need or joined one: not a second
        allowed -= {"bedarf", "zusammenfuehren"}
    return allowed


def require_action(contribution: Contribution, action: str) -> None:
    """InvalidInput when the decision is no longer open (a second click, the back button)."""
    if action not in allowed_actions(contribution):
        raise InvalidInput(
            {
                "action": _(
                    "Das ist für diesen Beitrag nicht mehr möglich – er wurde inzwischen schon bearbeitet "
                    "(Stand: %(state)s).",
                    state=STATUS_LABELS.get(contribution.status, contribution.status),
                )
            }
        )


def contributions_for(user: User, status: str | None = None) -> list[Contribution]:
    """The contributions of the planner's Kommunen (all for admins), newest first."""
    ids = [kommune.id for kommune in kommunen_of(user)] or [-1]
    query = select(Contribution).where(Contribution.kommune_id.in_(ids))
    if status:
        query = query.where(Contribution.status == status)
    return list(db.session.scalars(query.order_by(Contribution.created_at.desc(), Contribution.id.desc())))


def pending_count(user: User) -> int:
    ids = [kommune.id for kommune in kommunen_of(user)] or [-1]
    return db.session.scalar(
        select(func.count(Contribution.id)).where(
            Contribution.kommune_id.in_(ids), Contribution.status == ContributionStatus.PENDING.value
        )
    )


def contribution_for_planner(user: User, contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None:
        raise NotFound("contribution")
    require_scope(user, contribution.kommune_id, f"contribution {contribution_id}")
    return contribution


def _reviewed(contribution: Contribution, status: str, action: str, note: str = "") -> Contribution:
    before = contribution.status
    contribution.status, contribution.reviewed_at = status, utcnow()
    record(action, ENTRY_TYPE, contribution, changes={"status": [before, status]}, note=note)
    return contribution


def publish_contribution(contribution: Contribution) -> Contribution:
    """On the idea board: ideas and needs only (remarks and offers to help stay internal)."""
    if contribution.kind not in PUBLISHABLE:
        raise InvalidInput(
            {"action": _("Anregungen und Angebote zum Mitmachen werden nicht veröffentlicht.")}
        )
    return _reviewed(contribution, ContributionStatus.PUBLISHED.value, "veröffentlicht")


def decline_contribution(contribution: Contribution, reason: str) -> Contribution:
    """Not published, with a reason (told to the submitter when there is an address)."""
    reason = " ".join((reason or "").split())[:5000]
    if not reason:
        raise InvalidInput({"reason": _("Bitte geben Sie einen Grund an.")})
    contribution.reply = reason
    if contribution.email:
        queue_mail(contribution.email, "contribution_declined", contribution=contribution, reason=reason)
    return _reviewed(contribution, ContributionStatus.DECLINED.value, "abgelehnt", reason)


def answer_contribution(
    contribution: Contribution, text: str, send: bool, planner: User | None = None
) -> Contribution | str:
    """Answer the submitter by e-mail: `send` False only checks it (the preview). The answer comes in
    the planner's name, and a reply goes to the planner (not to the site's no-reply address)."""
    text = (text or "").strip()[:5000]
    if not contribution.email:
        raise InvalidInput({"answer": _("Ohne E-Mail-Adresse können wir nicht antworten.")})
    if not text:
        raise InvalidInput({"answer": _("Bitte schreiben Sie eine Antwort.")})
    if not send:
        return text
    contribution.reply = text
    envelope = (
        Envelope(sender_name=planner.name or planner.email, reply_to=planner.email) if planner else None
    )
    queue_mail(contribution.email, "contribution_answer", envelope, contribution=contribution, answer=text)
    if contribution.status == ContributionStatus.PENDING.value:
        return _reviewed(contribution, ContributionStatus.ANSWERED.value, "beantwortet")
    record("beantwortet", ENTRY_TYPE, contribution)
    return contribution


def merge_into_need(contribution: Contribution, need_id: int) -> Contribution:
    """Joined an existing need of the same Kommune: its „Betrifft mich auch“ count there."""
    need = db.session.get(Need, need_id)
    if need is None or need.kommune_id != contribution.kommune_id:
        raise InvalidInput({"need": _("Bitte wählen Sie einen Bedarf dieser Kommune.")})
    contribution.need = need
    if need not in contribution.needs:
        contribution.needs = [*contribution.needs, need]
    _move_supports(contribution, need.id)
    return _reviewed(contribution, ContributionStatus.MERGED.value, "zusammengeführt", need.title)


def turn_into_need(contribution: Contribution) -> Need:
    """A new need from the contribution (title, text, theme, target group, region, place), for the
    planner to complete in the need form; the contribution's supporters count there."""
    text = " ".join(contribution.text.split())
    need = Need(
        kommune_id=contribution.kommune_id,
        region_id=contribution.region_id,
        title=short_title(text, 80),
        description=contribution.text,
        internal_note="",
    )
    if contribution.lon is not None:
        need.area = point_element(contribution.lon, contribution.lat)
    apply_tags(
        need,
        {
            "themes": [contribution.theme] if contribution.theme else [],
            "target_groups": [contribution.target_group] if contribution.target_group else [],
        },
    )
    db.session.add(need)
    db.session.flush()
    contribution.need = need
    contribution.needs = [*contribution.needs, need]
    _move_supports(contribution, need.id)
    record("angelegt", "need", need, note=_("aus einem Beitrag von Bürgerinnen und Bürgern"))
    _reviewed(contribution, ContributionStatus.NEED.value, "als Bedarf aufgenommen", need.title)
    return need


def short_title(text: str, length: int) -> str:
    """The text as a title of at most `length` letters, cut at a word with „…“."""
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"


def _move_supports(contribution: Contribution, need_id: int) -> None:
    """A contribution's supporters now support the need (once each)."""
    have = set(
        db.session.scalars(
            select(Support.browser_hash).where(Support.target_type == "need", Support.target_id == need_id)
        )
    )
    for support in db.session.scalars(
        select(Support).where(Support.target_type == ENTRY_TYPE, Support.target_id == contribution.id)
    ):
        if support.browser_hash in have:
            db.session.delete(support)
        else:
            support.target_type, support.target_id = "need", need_id


def published_contributions(kommune_id: int | None = None) -> list[Contribution]:
    """The idea board: published ideas and needs, newest first."""
    query = (
        select(Contribution)
        .where(Contribution.status.in_(PUBLIC_STATES))
        .options(selectinload(Contribution.needs), selectinload(Contribution.measures))
    )
    if kommune_id is not None:
        query = query.where(Contribution.kommune_id == kommune_id)
    return list(db.session.scalars(query.order_by(Contribution.reviewed_at.desc(), Contribution.id.desc())))


def public_contribution(contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.status not in PUBLIC_STATES:
        raise NotFound("contribution")
    return contribution


def browser_hash(token: str) -> str:
    """The stored form of a browser's token: a keyed hash (the token itself is never stored)."""
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"zwk-support", "sha256").digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def support(target_type: str, target_id: int, token: str) -> bool:
    """„Betrifft mich auch“ from one browser; False when it had already said so."""
    if target_type == ENTRY_TYPE:
        public_contribution(target_id)
    elif db.session.get(Need, target_id) is None:
        raise NotFound("need")
    hashed = browser_hash(token)
    exists = db.session.scalar(
        select(Support.id).where(
            Support.target_type == target_type, Support.target_id == target_id, Support.browser_hash == hashed
        )
    )
    if exists is not None:
        return False
    db.session.add(Support(target_type=target_type, target_id=target_id, browser_hash=hashed))
    db.session.flush()
    return True


def support_counts(target_type: str, ids) -> Counter:
    ids = list(ids)
    if not ids:
        return Counter()
    rows = db.session.execute(
        select(Support.target_id, func.count(Support.id))
        .where(Support.target_type == target_type, Support.target_id.in_(ids))
        .group_by(Support.target_id)
    )
    return Counter(dict(rows.all()))


def supported_by(target_type: str, ids, token: str | None) -> set[int]:
    """Which of these this browser already supports (to show „Sie haben …“ instead of the button)."""
    ids = list(ids)
    if not token or not ids:
        return set()
    return set(
        db.session.scalars(
            select(Support.target_id).where(
                Support.target_type == target_type,
                Support.target_id.in_(ids),
                Support.browser_hash == browser_hash(token),
            )
        )
    )


def origins_of_need(need: Need) -> dict:
    """Where a need came from: its conference, residents' contributions, planners; and how many
    residents support it (its own „Betrifft mich auch“ and those moved from its contributions)."""
    contributions = db.session.scalar(
        select(func.count(Contribution.id)).where(Contribution.need_id == need.id)
    )
    return {
        "conference": need.conference,
        "contributions": contributions,
        "supporters": support_counts("need", [need.id])[need.id],
    }


def _need_choice(need: Need) -> str:
    """A need as planners tell it apart from others of the same title: its region and where it came from."""
    where = need.region.name if need.region is not None else None
    came = need.conference.title if need.conference is not None else None
    details = ", ".join(part for part in (where, came) if part)
    return f"{need.title} ({details}, Nr. {need.id})" if details else f"{need.title} (Nr. {need.id})"


def link_choices(kommune_id: int) -> dict[str, list[tuple[str, str]]]:
    """The needs, measures and conferences of a Kommune a contribution can be linked to, as choices."""
    needs = db.session.scalars(
        select(Need).where(Need.kommune_id == kommune_id).order_by(Need.title, Need.id)
    )
    measures = db.session.scalars(
        select(Measure).where(Measure.kommune_id == kommune_id).order_by(Measure.title)
    )
    conferences = db.session.scalars(
        select(Conference)
        .where(Conference.kommune_id == kommune_id)
        .order_by(Conference.year.desc(), Conference.title)
    )
    return {
        "needs": [(str(n.id), _need_choice(n)) for n in needs],
        "measures": [(str(m.id), m.title) for m in measures],
        "conferences": [(str(c.id), c.title) for c in conferences],
    }
