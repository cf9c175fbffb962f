"""Translate between the flag form and the case: choices, local times, enums."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale

from caseflow.accounts import queries as accounts_queries
from caseflow.cases.forms import CaseFilterForm, FlagForm, country_choices
from caseflow.cases.models import Case, DetectionMethod, ServiceScope, ServiceType
from caseflow.cases.services import CASE_FIELDS
from caseflow.catalogue.models import Category
from caseflow.extensions import db
from caseflow.i18n import local_input_to_utc, to_local

ENUM_FIELDS = {"service_scope": ServiceScope, "service_type": ServiceType,
               "detection_method": DetectionMethod}
DATETIME_FIELDS = ("accepted_at", "stopped_at")
OPTIONAL_CODES = ("origin_province_code", "destination_province_code", "origin_country",
                  "destination_country")


def category_choices(*, include: list[str] | None = None) -> list[tuple[str, str]]:
    """Return active categories, plus any inactive ones a case already carries."""
    include = include or []
    query = sa.select(Category).where(sa.or_(Category.active.is_(True),
                                             Category.code.in_(include)))
    return [(c.code, str(c)) for c in db.session.scalars(query.order_by(Category.sort_order))]


def prepare_flag_form(form: FlagForm, case: Case | None = None) -> FlagForm:
    """Fill the select fields' choices."""
    provinces = accounts_queries.province_choices()
    form.province_code.choices = [("", "—"), *provinces]
    form.origin_province_code.choices = [("", "—"), *provinces]
    form.destination_province_code.choices = [("", "—"), *provinces]
    countries = country_choices(str(get_locale() or "vi"))
    form.origin_country.choices = countries
    form.destination_country.choices = countries
    form.categories.choices = category_choices(
        include=[c.code for c in case.categories] if case else None)
    return form


def flag_data(form: FlagForm) -> dict[str, Any]:
    """Turn the validated form into values for the case."""
    return flag_values({name: form[name].data for name in (*CASE_FIELDS, "categories")})


def flag_values(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the form fields' data (by name) into values for the case."""
    for name, enum_cls in ENUM_FIELDS.items():
        data[name] = enum_cls(data[name]) if data[name] else None
    for name in DATETIME_FIELDS:
        data[name] = local_input_to_utc(data[name])
    for name in OPTIONAL_CODES:
        data[name] = data[name] or None
    data["categories"] = data["categories"] or []
    return data


#: Without these a draft cannot be kept at all (a draft needs its number and province).
DRAFT_KEYS = frozenset({"csrf_token", "version", "tracking_number", "province_code"})


def partial_flag_data(form: FlagForm, case: Case | None) -> dict[str, Any] | None:
    """Return the valid fields of a form that failed validation over the stored values of the
    others, or None when no draft can be kept (token, number or province wrong)."""
    if form.errors.keys() & DRAFT_KEYS:
        return None
    stored = case_to_form(case) if case else {}
    return flag_values({name: stored.get(name) if form[name].errors else form[name].data
                        for name in (*CASE_FIELDS, "categories")})


def case_to_form(case: Case) -> dict[str, Any]:
    """Turn a case into the form's initial data."""
    data = {name: getattr(case, name) for name in CASE_FIELDS}
    for name in ENUM_FIELDS:
        data[name] = data[name].value if data[name] else ""
    for name in DATETIME_FIELDS:
        value = to_local(data[name])
        data[name] = value.replace(tzinfo=None) if value else None
    for name in OPTIONAL_CODES:
        data[name] = data[name] or ""
    data["categories"] = [c.code for c in case.categories]
    data["version"] = case.version
    return data


def prepare_filters(form: CaseFilterForm) -> CaseFilterForm:
    """Fill the filter selects' choices (cached: see cases/choices.py)."""
    from caseflow.cases.choices import CachedSelect, filter_choices

    for name, choices in filter_choices().items():
        form[name].choices = choices
        form[name].widget = CachedSelect(name)
    return form
