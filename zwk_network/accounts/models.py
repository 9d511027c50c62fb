"""A staff account: a planner acts for the Kommunen they belong to; an admin for all."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..municipalities.models import Kommune
from ..timeutil import utcnow


class Role(StrEnum):
    PLANNER = "planner"
    ADMIN = "admin"


user_kommunen = Table(
    "user_kommunen",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("kommune_id", ForeignKey("kommunen.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('planner', 'admin')", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.PLANNER.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: Part of the signed session cookie; signing out counts it up, which ends every session.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    kommunen: Mapped[list[Kommune]] = relationship(secondary=user_kommunen, order_by=Kommune.name)

    def get_id(self) -> str:
        """What the session cookie names (Flask-Login): the account and its session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def set_password(self, password: str) -> None:
        # Werkzeug's current default: scrypt with a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def kommune_ids(self) -> set[int] | None:
        """The Kommunen this account may act for; None means all (admins)."""
        return None if self.is_admin else {kommune.id for kommune in self.kommunen}

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
