"""Locale and timezone selection, and the formats Vietnamese officials read."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app, has_request_context, session
from flask_babel import get_locale

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale() -> str:
    """Use the language the user chose, Vietnamese by default."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """Show every time in Vietnam time."""
    return "Asia/Ho_Chi_Minh"


def to_local(value: datetime | None) -> datetime | None:
    """Convert an aware UTC time to Vietnam time."""
    return value.astimezone(VN_TZ) if value else None


def format_datetime_vn(value: datetime | None) -> str:
    """Format as dd/mm/yyyy HH:MM in Vietnam time."""
    return to_local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def format_date_vn(value: datetime | None) -> str:
    """Format as dd/mm/yyyy in Vietnam time."""
    return to_local(value).strftime("%d/%m/%Y") if value else ""


def format_money(value: int | None) -> str:
    """Format an amount of đồng with dots between thousands."""
    return "" if value is None else f"{value:,}".replace(",", ".") + " ₫"


def local_input_to_utc(value: datetime | None) -> datetime | None:
    """Read a naive datetime typed in Vietnam time as an aware UTC time."""
    if value is None:
        return None
    return value.replace(tzinfo=VN_TZ).astimezone(UTC)



def format_decimal(value, places: int = 3) -> str:
    """Format a decimal the Vietnamese way, 2,35 — trailing zeros dropped."""
    if value is None:
        return ""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def country_name(code: str | None, language: str | None = None) -> str:
    """Name an ISO country code ("CN" → "Trung Quốc") in `language`, else the reader's;
    official documents ask for Vietnamese."""
    if not code:
        return ""
    return _territories(language or str(get_locale() or "vi")).get(code.upper(), code)


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(language).territories)


def joined(parts, separator: str = " · ") -> str:
    """Join the parts that have content, so an empty one leaves no stray separator."""
    return separator.join(str(p) for p in parts if p not in (None, "") and str(p).strip())
