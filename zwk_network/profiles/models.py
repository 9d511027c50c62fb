"""SwotItem and KeyFigure: what planners add to their Kommune's profile. The columns of their
declared fields come from schema.py (declared_columns.columns_of)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..declared_columns import columns_of
from ..extensions import db
from ..measures.models import Measure
from ..municipalities.models import Kommune, Region
from ..needs.models import Need
from ..registry.models import Initiative
from ..timeutil import utcnow
from .schema import KEY_FIGURE, SWOT_ITEM, SwotCategory

__all__ = ["KeyFigure", "SwotCategory", "SwotItem"]

_CATEGORY_VALUES = ", ".join(f"'{c.value}'" for c in SwotCategory)


def _link_table(name: str, key: str, target: str) -> Table:
    return Table(
        f"swot_item_{name}",
        db.metadata,
        Column("swot_item_id", ForeignKey("swot_items.id", ondelete="CASCADE"), primary_key=True),
        Column(key, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


swot_item_needs = _link_table("needs", "need_id", "needs")
swot_item_initiatives = _link_table("initiatives", "initiative_id", "initiatives")
swot_item_measures = _link_table("measures", "measure_id", "measures")


class SwotItem(columns_of(SWOT_ITEM), db.Model):
    """A strength, weakness, opportunity or risk of a Kommune, with what it concerns."""

    __tablename__ = "swot_items"
    __table_args__ = (CheckConstraint(f"category IN ({_CATEGORY_VALUES})", name="category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kommune: Mapped[Kommune] = relationship()
    region: Mapped[Region | None] = relationship()
    needs: Mapped[list[Need]] = relationship(secondary=swot_item_needs, order_by=Need.title)
    initiatives: Mapped[list[Initiative]] = relationship(
        secondary=swot_item_initiatives, order_by=Initiative.name
    )
    measures: Mapped[list[Measure]] = relationship(secondary=swot_item_measures, order_by=Measure.title)

    @property
    def name(self) -> str:
        """What the audit log names the item by: the start of its text."""
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class KeyFigure(columns_of(KEY_FIGURE), db.Model):
    """One value of a statistic of a Kommune (or one of its regions), with its year and source."""

    __tablename__ = "key_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommunen.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kommune: Mapped[Kommune] = relationship()
    region: Mapped[Region | None] = relationship()

    @property
    def name(self) -> str:
        """What the audit log names the figure by."""
        return f"{self.indicator}: {self.label} ({self.year})"
