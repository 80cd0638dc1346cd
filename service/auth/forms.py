"""Web forms of the auth domain: log in, choose the language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..web.forms import REQUIRED
from ..web.i18n import LOCALES


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(REQUIRED), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED), Length(max=200)])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[SelectChoice(code) for code in LOCALES],
                         validators=[InputRequired(REQUIRED)],
                         validate_choice=False)  # the service says which languages exist
    next = HiddenField()
