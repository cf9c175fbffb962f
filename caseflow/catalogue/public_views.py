"""The public banned-items list at /catalogue and its printable poster (no login)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

from caseflow.catalogue import poster, queries
from caseflow.catalogue.forms import PosterForm
from caseflow.catalogue.services import today

bp = Blueprint("public_catalogue", __name__, url_prefix="/catalogue")


def page_url() -> str:
    """Return the public page's absolute URL for the QR code (PUBLIC_BASE_URL behind a proxy)."""
    root = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    return root.rstrip("/") + url_for(".index")


@bp.get("/")
def index():
    """List the categories in force today, in Vietnamese and English, with their legal basis."""
    day = today()
    return render_template("catalogue/public.html", rows=queries.public_list(day), day=day,
                           en=poster.ENGLISH)


@bp.get("/poster.pdf")
def poster_pdf():
    """Send the A4 or A3 poster of today's list, with a QR code back to the page."""
    form = PosterForm(request.args)
    size = form.size.data if form.validate() else "A4"
    day = today()
    content = poster.render_poster(queries.public_list(day), day=day, page_url=page_url(),
                                   size=size)
    return current_app.response_class(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="danh-muc-hang-cam_{size}.pdf"'})
