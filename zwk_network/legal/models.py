"""A legal text: one page (Impressum, Datenschutz …) of the installation or of a Kommune, in one language."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..municipalities.models import Kommune
from ..timeutil import utcnow


class LegalText(db.Model):
    """The operator's text of a page. kommune_id None: the installation's text, which every Kommune
    without its own shows. The body is Markdown (rendered without HTML, see markdown.py)."""

    __tablename__ = "legal_texts"
    __table_args__ = (
        UniqueConstraint("page", "kommune_id", "language"),
        # NULL is distinct from NULL in a unique constraint: the installation's texts need their own.
        Index(
            "uq_legal_texts_installation",
            "page",
            "language",
            unique=True,
            sqlite_where=db.text("kommune_id IS NULL"),
            postgresql_where=db.text("kommune_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(40))
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5), default="de")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    kommune: Mapped[Kommune | None] = relationship()
    updated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<LegalText {self.page} {self.kommune_id or 'installation'} {self.language}>"


class AccessibilityContact(db.Model):
    """Where the accessibility statement's feedback goes and which enforcement body it names
    (BITV 2.0 § 7), per installation (kommune_id None) or per Kommune; an admin writes it. A
    Kommune without its own uses the installation's, part by part."""

    __tablename__ = "accessibility_contacts"
    #: One row per Kommune; the installation's one row (kommune_id NULL) is kept single by the
    #: service that writes it (legal/services.save_accessibility_contact).
    __table_args__ = (UniqueConstraint("kommune_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommunen.id", ondelete="CASCADE"))
    feedback_email: Mapped[str] = mapped_column(String(254), default="")
    enforcement_name: Mapped[str] = mapped_column(Text, default="")  # name and address, as lines
    enforcement_url: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    kommune: Mapped[Kommune | None] = relationship()

    def __repr__(self) -> str:
        return f"<AccessibilityContact {self.kommune_id or 'installation'}>"
