"""Column types and enum helpers shared by every domain's models."""

from __future__ import annotations

import enum
import functools
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store naive UTC, hand back aware UTC, on every engine alike."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class LabelledEnum(enum.StrEnum):
    """A closed vocabulary whose members carry a translatable label."""

    @property
    def label(self) -> str:
        """Return the label in the current locale."""
        return _labels_in(type(self), str(get_locale()))[self]

    @classmethod
    def labels(cls) -> dict:
        """Map every member to its lazy label; subclasses override."""
        raise NotImplementedError

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Return (value, label) pairs for a select field."""
        return [(m.value, m.label) for m in cls]


@functools.cache
def _lazy_labels(enum_cls: type[LabelledEnum]) -> dict:
    """Build a vocabulary's lazy labels once: they are translated each time they are shown."""
    return enum_cls.labels()


@functools.cache
def _labels_in(enum_cls: type[LabelledEnum], locale: str) -> dict:
    """Translate a vocabulary's labels once per language (a list shows dozens per page).

    Called while `locale` is the current one, which is what the key records.
    """
    return {member: str(lazy) for member, lazy in _lazy_labels(enum_cls).items()}


def enum_type(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum as VARCHAR with a CHECK constraint, the same on every engine."""
    return sa.Enum(
        enum_cls,
        name=enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
