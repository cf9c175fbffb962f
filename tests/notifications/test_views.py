"""The notification settings page: reached from the account menu, saved per kind and channel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.extensions import db
from caseflow.notifications import services
from caseflow.notifications.models import Channel, NotificationKind
from tests.conftest import login, post


def test_the_account_menu_and_the_list_link_to_the_settings(client, world):
    login(client, world.security)
    assert 'href="/notifications/settings"' in client.get("/cases/").get_data(as_text=True)
    assert 'href="/notifications/settings"' in client.get("/notifications/").get_data(
        as_text=True)


def test_the_page_offers_the_kinds_of_the_users_role_each_on_by_default(client, world):
    login(client, world.police)
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "Hồ sơ mới được chuyển đến đơn vị" in html and "Hồ sơ được mở lại" in html
    assert "Hồ sơ đã có kết luận" not in html
    assert html.count("checked") == 4  # two kinds × two channels


def test_unticking_a_box_switches_that_kind_off_on_that_channel(client, world):
    login(client, world.police)
    response = post(client, "/notifications/settings", {"on": [
        "new_referral:in_app", "case_reopened:in_app", "case_reopened:email"]},
        follow_redirects=True)
    assert "Đã lưu cài đặt thông báo." in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.settings_of(world.police) == {(NotificationKind.NEW_REFERRAL,
                                                   Channel.EMAIL)}


def test_a_kind_outside_the_role_cannot_be_switched(client, world):
    login(client, world.police)
    post(client, "/notifications/settings", {"on": ["nonsense", "case_concluded:email"]})
    db.session.expire_all()
    assert NotificationKind.CASE_CONCLUDED not in {k for k, _ in services.settings_of(
        world.police)}
    assert len(services.settings_of(world.police)) == 4  # everything offered is now off


def test_a_role_without_case_notifications_is_told_so(client, world):
    login(client, world.admin)
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "Vai trò của bạn không nhận thông báo về hồ sơ." in html


def test_the_settings_page_in_english(client, world):
    post(client, "/language/en")
    login(client, world.security)
    html = client.get("/notifications/settings").get_data(as_text=True)
    for english in ("Notification settings", "Agency requests more information",
                    "In the app", "Email", "Case concluded"):
        assert english in html, english


def test_anonymous_visitors_do_not_reach_the_settings(client, world):
    assert client.get("/notifications/settings").status_code in (302, 404)


def test_a_notification_reads_in_the_readers_language(client, world):
    services.notify([world.security], services.in_vietnamese(lambda: _l("Mở lại hồ sơ")),
                    "/cases/")
    db.session.commit()
    login(client, world.security)
    assert "Mở lại hồ sơ" in client.get("/notifications/").get_data(as_text=True)
    post(client, "/language/en")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Reopen the case file" in html and "Mở lại hồ sơ" not in html
