"""Request bodies: every endpoint that reads JSON refuses any other content type with 415."""

from __future__ import annotations

import json
import re

import pytest

from caseflow.api.spec import build
from tests.api.conftest import flag_json


def json_operations(app) -> list[tuple[str, str]]:
    """Return (method, path) of every documented operation whose body is JSON."""
    with app.app_context():
        document = build({})
    return [(method, re.sub(r"\{[^}]+\}", "x", path))
            for path, operations in document["paths"].items()
            for method, operation in operations.items()
            if "application/json" in operation.get("requestBody", {}).get("content", {})]


BODIES = {
    "form": {"data": {"tracking_number": "EB100000001VN"}},
    "multipart": {"data": {"tracking_number": "EB100000001VN"},
                  "content_type": "multipart/form-data"},
    "text": {"data": '{"items": []}', "content_type": "text/plain"},
}


@pytest.mark.parametrize("kind", BODIES)
def test_every_json_endpoint_answers_415_problem_to_other_bodies(app, client, firm_api, kind):
    operations = json_operations(app)
    assert {path for _method, path in operations} >= {
        "/api/v1/flags", "/api/v1/flags/bulk", "/api/v1/referrals/x/accept"}
    for method, path in operations:
        response = client.open(path, method=method.upper(), headers=firm_api.headers,
                               **BODIES[kind])
        assert response.status_code == 415, (path, response.get_data(as_text=True))
        assert response.mimetype == "application/problem+json"
        body = response.get_json()
        assert body["status"] == 415 and body["type"].endswith("/unsupported-media-type")
        assert "application/json" in body["detail"]
        assert response.headers["Accept-Post"] == "application/json"


def test_a_json_body_with_a_charset_is_still_json(client, firm_api):
    response = client.post("/api/v1/flags", data=json.dumps(flag_json()),
                           headers={**firm_api.headers,
                                    "Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


def test_415_is_checked_after_the_key(client):
    response = client.post("/api/v1/flags", data={"a": "b"})
    assert response.status_code == 401


def test_the_document_lists_415_for_every_json_endpoint(app):
    with app.app_context():
        document = build({})
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                assert "415" in operation["responses"], path
