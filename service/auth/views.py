"""Pages: log in, log out, choose the language; the session's user is loaded here."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..errors import Invalid
from ..extensions import login_manager
from ..web.blueprint import bp, commits, local_url, me, public, submit
from ..web.i18n import LOCALES
from . import service
from .forms import LanguageForm, LoginForm


@login_manager.user_loader
def _load_user(user_id):
    return service.get(int(user_id))


CHOSEN = "locale_chosen"  # set when the language was chosen on the login page: it becomes the user's preference


@bp.route("/login", methods=["GET", "POST"])
@public
@commits
def login():
    if current_user.is_authenticated:
        return redirect(url_for(".index"))
    form = LoginForm()
    user = submit(form, lambda: service.authenticate(username=form.username.data, password=form.password.data))
    if user is None:
        return render_template("auth/login.html", form=form)
    locale, chosen = session.get("locale"), session.get(CHOSEN)
    session.clear()  # a new session at login, so that nothing from before it (fixation) carries over
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME without activity
    if locale and chosen:  # chosen while logging in: what the user wants from now on
        service.set_locale(user=user, locale=locale)
    login_user(user)
    return redirect(local_url(request.args.get("next"), url_for(".index")))


@bp.post("/logout")
def logout():
    locale = current_user.locale if current_user.is_authenticated and current_user.locale else session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You have logged out."), "info")
    return redirect(url_for(".login"))


@bp.post("/language")
@public
@commits
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        raise Invalid("choose a language", field="locale")
    if current_user.is_authenticated:
        service.set_locale(user=me(), locale=form.locale.data)
    elif form.locale.data in LOCALES:
        session["locale"], session[CHOSEN] = form.locale.data, True
    else:
        raise Invalid(f"unknown language {form.locale.data}", field="locale")
    return redirect(local_url(form.next.data, url_for(".inbox_page")))
