"""permissions.visibility_key: users with the same key are held to the same visibility rule,
so figures computed for one may be shown to the other (reports/kept.py)."""

from __future__ import annotations

from collections import defaultdict

from caseflow import permissions
from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from tests.factories import make_org, make_user


def rule_sql(user) -> str:
    """The user's visibility rule as SQL with its values written in."""
    return str(permissions.visible_cases(user, (1, 1000)).compile(
        dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))


def everyone() -> list:
    """Two users of each role in one organisation, others elsewhere: the same province in
    another organisation, another province, another firm or unit."""
    users = []
    for role, kind in ((Role.FIRM_CLERK, OrgKind.POSTAL_FIRM),
                       (Role.FIRM_SECURITY, OrgKind.POSTAL_FIRM),
                       (Role.AGENCY_OFFICER, OrgKind.POLICE),
                       (Role.PROVINCIAL_SUPERVISOR, OrgKind.DOST),
                       (Role.NATIONAL_SUPERVISOR, OrgKind.MINISTRY),
                       (Role.ADMIN, OrgKind.MINISTRY)):
        for province in ("01", "79"):
            org = make_org(kind=kind, province_code=province)
            users += [make_user(role=role, org=org), make_user(role=role, org=org)]
        users.append(make_user(role=role, org=make_org(kind=kind, province_code="01")))
    return users


def test_users_with_the_same_visibility_key_have_the_same_visibility_rule(app):
    rules = defaultdict(set)
    for user in everyone():
        rules[permissions.visibility_key(user)].add(rule_sql(user))
    assert all(len(sql) == 1 for sql in rules.values()), {
        key: sql for key, sql in rules.items() if len(sql) > 1}


def test_supervisors_share_a_key_by_province_whatever_their_office(app):
    def supervisor(role, kind, province):
        return make_user(role=role, org=make_org(kind=kind, province_code=province))

    hanoi, hanoi_too, hcm = (supervisor(Role.PROVINCIAL_SUPERVISOR, OrgKind.DOST, p)
                             for p in ("01", "01", "79"))
    ministry, ministry_too = (supervisor(Role.NATIONAL_SUPERVISOR, OrgKind.MINISTRY, None)
                              for _ in range(2))
    key = permissions.visibility_key
    assert key(hanoi) == key(hanoi_too) != key(hcm)
    assert key(ministry) == key(ministry_too) not in (key(hanoi), key(hcm))


def test_the_rules_differ_between_firms_units_and_provinces(app):
    # 9 firms and units, 2 provinces, the nation, nobody (admins): the comparison is not vacuous
    assert len({rule_sql(user) for user in everyone()}) == 13
