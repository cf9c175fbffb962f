"""The notification list (opening one marks it read and follows its link) and the settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.errors import NotFound
from caseflow.extensions import db
from caseflow.main import keyset
from caseflow.notifications import events, queries, services
from caseflow.notifications.models import Channel, NotificationKind

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 50


@bp.before_request
def logged_in_only():
    """Every logged-in user has a list (login itself is checked globally)."""
    if not current_user.is_authenticated:
        raise NotFound()


@bp.get("/")
def index():
    """List the user's notifications, newest first, 50 a page (keyset)."""
    page = keyset.requested_page(queries.listed(current_user), queries.ORDER,
                                 per_page=PER_PAGE, counted=False)
    return render_template("notifications/index.html", page=page)


@bp.post("/<int:notification_id>/open")
def open_one(notification_id: int):
    """Mark a notification read and go where it points."""
    notification = queries.notification_for(current_user, notification_id)
    services.mark_read(notification)
    db.session.commit()
    target = notification.url if notification.url.startswith("/") \
        and not notification.url.startswith("//") else url_for(".index")
    return redirect(target)


@bp.post("/read-all")
def read_all():
    """Mark every notification read."""
    services.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for(".index"))


@bp.get("/settings")
def settings():
    """Show which kinds of notification the user receives, in-app and by e-mail."""
    return render_template("notifications/settings.html",
                           kinds=events.kinds_for(current_user.role), channels=list(Channel),
                           off=services.settings_of(current_user))


@bp.post("/settings")
def save_settings():
    """Switch each kind on or off per channel: a box left unticked is off."""
    ticked = set(request.form.getlist("on"))
    services.save_settings(current_user, offered=events.kinds_for(current_user.role),
                           switched_on={(k, c) for k in NotificationKind for c in Channel
                                        if f"{k.value}:{c.value}" in ticked})
    db.session.commit()
    flash(_("Đã lưu cài đặt thông báo."), "success")
    return redirect(url_for(".settings"))
