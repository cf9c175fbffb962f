"""No domain reaches into another domain's views: shared code lives in services or queries."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2] / "caseflow"
VIEWS_IMPORT = re.compile(r"^\s*from caseflow\.(\w+)\.(\w*views) import", re.MULTILINE)


def test_no_domain_imports_another_domains_views():
    for path in ROOT.rglob("*.py"):
        if path.name == "__init__.py" and path.parent == ROOT:
            continue  # create_app registers every blueprint
        domain = path.relative_to(ROOT).parts[0]
        for owner, _module in VIEWS_IMPORT.findall(path.read_text(encoding="utf-8")):
            assert owner == domain, f"{path.relative_to(ROOT)} imports {owner}'s views"


def test_referrals_are_loaded_by_the_referrals_domain():
    from caseflow.cases import queries as case_queries
    from caseflow.referrals import queries

    assert callable(queries.referral_for) and not hasattr(case_queries, "referral_for")
