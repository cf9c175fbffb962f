"""Normalise phones and ID numbers so that every spelling of one finds the same person."""

from __future__ import annotations

import re

import phonenumbers

#: A Vietnamese number written nationally (0…) or with the country code (84…, +84…), whose
#: national part has 9 or 10 digits: phonenumbers gives "+84" and that part (tested against
#: it); other spellings take the full parse.
VIETNAMESE = re.compile(r"(?:0|\+?84)([1-9]\d{8,9})")


def phone(value: str) -> str | None:
    """Return the E.164 form of a phone number (Vietnam by default), or None if it is none.

    `0912 345 678`, `+84912345678` and `84-912-345-678` all give `+84912345678`.
    """
    digits = re.sub(r"[^\d+]", "", value or "")
    if not digits:
        return None
    national = VIETNAMESE.fullmatch(digits)
    if national:
        return "+84" + national.group(1)
    return parsed_phone(digits)


def parsed_phone(digits: str) -> str | None:
    """Return the E.164 form of digits by phonenumbers' full parse, or None."""
    if digits.startswith("84") and not digits.startswith("+"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def id_number(value: str) -> str | None:
    """Return an ID number without spaces, upper-case, or None if empty."""
    cleaned = re.sub(r"\s+", "", value or "").upper()
    return cleaned or None
