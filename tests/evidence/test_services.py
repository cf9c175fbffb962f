"""Attaching many large photos: one decoded at a time, pixels bounded per photo and per request."""

from __future__ import annotations

import weakref

import pytest
import sqlalchemy as sa

from caseflow.evidence import content, services
from caseflow.evidence.models import Evidence
from caseflow.extensions import db
from tests.evidence import samples

pytestmark = pytest.mark.usefixtures("evidence_dir")


def photos(count: int, *, side: int = 100) -> list[services.Upload]:
    return [services.Upload(f"anh{i}.png", "", samples.png(size=(side, side), seed=i))
            for i in range(count)]


def stored(evidence_dir) -> list:
    return [p for p in evidence_dir.rglob("*") if p.is_file()] if evidence_dir.exists() else []


def evidence_names() -> list[str]:
    return list(db.session.scalars(sa.select(Evidence.filename).order_by(Evidence.id)))


def test_each_photo_is_decoded_and_released_before_the_next(firm_case, monkeypatch):
    case, clerk = firm_case
    opened: list[weakref.ref] = []
    most = []
    real_open = content.Image.open

    def counting_open(*args, **kwargs):
        most.append(sum(ref() is not None for ref in opened))  # images held at the next open
        image = real_open(*args, **kwargs)
        opened.append(weakref.ref(image))
        return image

    monkeypatch.setattr(content.Image, "open", counting_open)
    created = services.attach(case, actor=clerk, uploads=photos(4))
    assert len(created) == 4 and all(e.display_sha256 and e.thumb_sha256 for e in created)
    assert max(most) <= 1


def test_photos_past_the_request_pixel_budget_are_refused_before_any_decoding(
        app, firm_case, evidence_dir, monkeypatch):
    case, clerk = firm_case
    services.attach(case, actor=clerk, uploads=[services.Upload("cu.jpg", "", samples.jpeg())])
    db.session.commit()
    before = stored(evidence_dir)
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_REQUEST_PIXELS", 25_000)
    monkeypatch.setattr(content, "parse_image", lambda *a, **k: pytest.fail("decoded"))
    with pytest.raises(services.TooLarge) as refused:
        services.attach(case, actor=clerk, uploads=photos(3))
    assert "anh2.png" in refused.value.message and "0.025 triệu" in refused.value.message
    db.session.rollback()
    assert evidence_names() == ["cu.jpg"] and stored(evidence_dir) == before


def test_a_photo_over_the_per_photo_limit_is_refused_by_name_and_limit(app, firm_case,
                                                                      monkeypatch):
    case, clerk = firm_case
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_PIXELS", 10_000)
    with pytest.raises(services.EvidenceRefused) as refused:
        services.attach(case, actor=clerk, uploads=photos(1, side=101))
    assert refused.value.code == "pixels"
    assert "anh0.png" in refused.value.message and "10.201" in refused.value.message
    assert "10.000" in refused.value.message


def test_a_pdf_and_photos_within_the_budgets_are_all_stored(app, firm_case, monkeypatch):
    case, clerk = firm_case
    monkeypatch.setitem(app.config, "EVIDENCE_MAX_REQUEST_PIXELS", 30_000)
    uploads = [*photos(3), services.Upload("bb.pdf", "", samples.pdf())]
    assert len(services.attach(case, actor=clerk, uploads=uploads)) == 4
