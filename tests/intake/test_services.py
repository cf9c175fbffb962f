"""The shared bulk path: per-item errors, references in blocks, a bounded number of queries."""

from __future__ import annotations

import sqlalchemy as sa

from caseflow.accounts.models import OrgKind, Role
from caseflow.extensions import db
from caseflow.intake import services
from caseflow.intake.models import IntakeSource
from caseflow.intake.validation import FlagValidator
from tests.factories import flag_data, make_org, make_user
from tests.paging import recorded_statements


def _clerk():
    return make_user(role=Role.FIRM_CLERK,
                     org=make_org(kind=OrgKind.POSTAL_FIRM, province_code="01"))


def test_references_come_in_blocks_per_province_in_input_order(app):
    clerk = _clerk()
    items = [flag_data(province_code=code) for code in ("01", "79", "01", "01", "79")]
    with app.test_request_context():
        results = services.create_flags(clerk, items, source=IntakeSource.API)
    refs = [r.case.reference for r in results]
    year = refs[0].split("-")[1]
    hn, hcm = refs[0].split("-")[0], refs[1].split("-")[0]
    assert refs == [f"{hn}-{year}-000001", f"{hcm}-{year}-000001", f"{hn}-{year}-000002",
                    f"{hn}-{year}-000003", f"{hcm}-{year}-000002"]


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(app):
    clerk = _clerk()
    db.session.commit()

    def cost(n: int) -> tuple[int, int]:
        items = [flag_data(province_code="01") for _ in range(n)]
        with app.test_request_context(), recorded_statements() as seen:
            services.create_flags(clerk, items, source=IntakeSource.API,
                                  validator=FlagValidator())
            db.session.commit()
        return len(seen), sum(s.lstrip().upper().startswith("SELECT") for s in seen)

    cost(1)  # first use fills per-process caches (catalogue, counters): not the batch's cost
    (small, small_reads), (large, large_reads) = cost(5), cost(60)
    assert large_reads == small_reads  # no look-up per row
    if app.config["BACKEND"] == "postgresql":  # and INSERTs batched (insertmanyvalues)
        assert large == small


def test_validation_reports_every_field_at_once(app):
    with app.test_request_context():
        data, errors = FlagValidator().validate({"tracking_number": "eb 1234 567 vn",
                                                 "sender_phone": "12"})
    assert data is None
    assert {"sender_phone", "province_code", "categories", "sender_name"} <= set(errors)
    assert "tracking_number" not in errors  # lower case and spaces are cleaned as on the form


def test_bulk_created_cases_are_found_by_accent_free_search(app):
    from caseflow.cases import search
    from caseflow.cases.models import Case

    clerk = _clerk()
    items = [flag_data(description="Thuốc lá điện tử không nhãn"), flag_data()]
    with app.test_request_context():
        results = services.create_flags(clerk, items, source=IntakeSource.API)
    found = db.session.scalars(sa.select(Case.id).where(search.matches("thuoc la dien tu")))
    assert list(found) == [results[0].case.id]
    reference = results[1].case.reference
    assert db.session.scalar(sa.select(Case.search_text).where(Case.reference == reference)) \
        .startswith(search.fold(reference))
