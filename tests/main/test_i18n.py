"""The English interface end to end, and the English catalogue's completeness.

The catalogue tests read translations/messages.pot (what `make messages` extracts) and
translations/en/LC_MESSAGES/messages.po (what translators fill in). When they fail after new
strings were added: `make messages`, translate the new entries of the .po, run the tests again.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext, ngettext

from caseflow.accounts.models import Role
from caseflow.extensions import db
from tests.conftest import login, post
from tests.factories import flag_form, make_user

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
ENGLISH = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"

#: What a translation must carry over unchanged: printf placeholders (%(name)s, %s, %%),
#: str.format fields ({0}, {name}), inline HTML tags, Markdown emphasis, code and link targets.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{\w*(?:![rsa])?(?::[^{}]*)?\}"
    r"|</?(?:a|abbr|b|br|code|em|i|kbd|p|small|span|strong|sub|sup|u)\b[^<>]*>"
    r"|\*\*|`|\]\([^)]*\)")


@pytest.fixture
def clerk(app):
    user = make_user(role=Role.FIRM_CLERK)
    db.session.commit()
    return user


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- the interface ------------------------------------------------------------------------

def test_vietnamese_is_the_default(client, app):
    html = text_of(client.get("/login"))
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Sign in" not in html and "Username" not in html


def test_the_login_page_in_english(client, app):
    post(client, "/language/en")
    html = text_of(client.get("/login"))
    assert '<html lang="en"' in html
    assert "Sign in" in html
    assert "System for coordinating the handling of postal items suspected of containing" in html
    assert "Username" in html and "Password" in html  # form labels: lazy strings
    assert "Đăng nhập" not in html and "Mật khẩu" not in html


def test_the_case_list_in_english(client, clerk):
    post(client, "/language/en")
    login(client, clerk)
    html = text_of(client.get("/cases/"))
    for english in ("Case files", "Report a suspicious postal item", "Filter case files",
                    "Clear filters", "Postal item number", "Case files: 0", "Sign out",
                    "Account security", "Language"):
        assert english in html, english
    for vietnamese in ("Hồ sơ vụ việc", "Lọc hồ sơ", "Bỏ lọc", "Đăng xuất"):
        assert vietnamese not in html, vietnamese


def test_a_flash_message_in_english(client, clerk):
    post(client, "/language/en")
    response = post(client, "/login", {"username": clerk.username, "password": "wrong password"})
    html = text_of(response)
    assert "Incorrect username or password." in html
    assert "Tên đăng nhập hoặc mật khẩu không đúng." not in html


def test_a_flash_message_with_a_placeholder_in_english(client, clerk):
    post(client, "/language/en")
    login(client, clerk)
    response = post(client, "/cases/new", {**flag_form(), "submit": "1"}, follow_redirects=True)
    html = text_of(response)
    reference = re.search(r'data-testid="case-reference">([^<]+)<', html).group(1)
    assert f"Report {reference} submitted." in html
    assert "Đã gửi báo cáo" not in html


def test_switching_back_to_vietnamese(client, clerk):
    post(client, "/language/en")
    login(client, clerk)
    post(client, "/language/vi")
    html = text_of(client.get("/cases/"))
    assert "Lọc hồ sơ" in html and "Filter case files" not in html


def test_plural_forms_in_english(app):
    singular, plural = "Đã thêm %(num)s tệp chứng cứ.", "Đã thêm %(num)s tệp chứng cứ."
    with app.test_request_context(), force_locale("en"):
        assert ngettext(singular, plural, 1) == "1 evidence file added."
        assert ngettext(singular, plural, 3) == "3 evidence files added."
        assert gettext("Đã gửi báo cáo %(ref)s.", ref="HN-2026-000001") == \
            "Report HN-2026-000001 submitted."


# --- the catalogue ------------------------------------------------------------------------

def read_catalog(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def entries(catalog) -> list:
    """The catalogue's messages, without the header."""
    return [m for m in catalog if m.id]


def key(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def shown(message) -> str:
    return repr(key(message))[:100]


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def english():
    return read_catalog(ENGLISH, "en")


def test_every_english_entry_is_translated_and_reviewed(english):
    untranslated = [shown(m) for m in entries(english)
                    if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else
                                          (m.string,))]
    assert not untranslated, (
        f"{len(untranslated)} entries of {ENGLISH.relative_to(TRANSLATIONS.parent)} are empty or "
        "fuzzy; translate them (and drop the fuzzy flag):\n  " + "\n  ".join(untranslated))


def test_every_english_entry_keeps_the_placeholders(english):
    wrong = []
    for m in entries(english):
        sources = m.id if isinstance(m.id, tuple) else (m.id,)
        translations = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = placeholders(sources[0])
        if len(sources) > 1 and placeholders(sources[1]) != expected:
            wrong.append(f"{shown(m)}: the plural msgid has other placeholders")
        for text in translations:
            if text and placeholders(text) != expected:
                wrong.append(f"{shown(m)} → {text!r}: {sorted(expected.elements())} expected, "
                             f"{sorted(placeholders(text).elements())} found")
    assert not wrong, "placeholders differ:\n  " + "\n  ".join(wrong)


def test_every_plural_entry_has_both_english_forms(english):
    assert english.num_plurals == 2
    short = [shown(m) for m in entries(english)
             if isinstance(m.id, tuple) and len(m.string) != english.num_plurals]
    assert not short, "plural entries without msgstr[0] and msgstr[1]:\n  " + "\n  ".join(short)


def test_every_msgid_of_the_template_is_in_the_english_catalogue(english):
    have = {key(m) for m in entries(english)}
    missing = [shown(m) for m in entries(read_catalog(TEMPLATE)) if key(m) not in have]
    assert not missing, (
        f"{len(missing)} msgids of translations/messages.pot are missing from "
        f"{ENGLISH.relative_to(TRANSLATIONS.parent)}; run `make messages` (it also runs "
        "`pybabel update`), then translate them:\n  " + "\n  ".join(missing))
