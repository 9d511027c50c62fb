"""Theme and target-group rows, referenced by foreign keys; their slugs are fixed by migration."""

from sqlalchemy import Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Theme(db.Model):
    __tablename__ = "themes"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int]


class TargetGroup(db.Model):
    __tablename__ = "target_groups"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int]


class HelpKind(db.Model):
    __tablename__ = "help_kinds"
    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int]


#: The row class of each vocabulary, by record key (see taxonomy.VOCABULARIES).
VOCABULARY_MODELS = {"themes": Theme, "target_groups": TargetGroup, "help_kinds": HelpKind}


def tag_table(owner_table: str, owner_key: str, vocabulary_table: str) -> Table:
    """An association table between an entry table and a vocabulary (themes, target groups)."""
    name = f"{owner_table}_{vocabulary_table}"
    return Table(
        name,
        db.metadata,
        Column(owner_key, ForeignKey(f"{owner_table}.id", ondelete="CASCADE"), primary_key=True),
        Column("slug", ForeignKey(f"{vocabulary_table}.slug"), primary_key=True),
        Index(f"ix_{name}_slug", "slug", owner_key),  # filters by theme or target group
    )


class TaggedMixin:
    """Slug lists for an entry that has themes, target_groups and help_kinds relationships."""

    @property
    def theme_slugs(self) -> list[str]:
        return [theme.slug for theme in sorted(self.themes, key=lambda t: t.position)]

    @property
    def target_group_slugs(self) -> list[str]:
        return [group.slug for group in sorted(self.target_groups, key=lambda g: g.position)]

    @property
    def help_kind_slugs(self) -> list[str]:
        return [kind.slug for kind in sorted(self.help_kinds, key=lambda k: k.position)]

    def tag_slugs(self) -> dict[str, list[str]]:
        """Every vocabulary's slugs, by record key."""
        return {
            "themes": self.theme_slugs,
            "target_groups": self.target_group_slugs,
            "help_kinds": self.help_kind_slugs,
        }


def apply_tags(entry, record: dict) -> None:
    """Set an entry's (or a need's) vocabularies from a record's slug lists; unknown slugs are dropped."""
    for key, model in VOCABULARY_MODELS.items():
        slugs = record.get(key) or []
        rows = db.session.scalars(db.select(model).where(model.slug.in_(slugs))) if slugs else []
        setattr(entry, key, list(rows))
