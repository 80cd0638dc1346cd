"""Web forms of the customers domain; the service checks the same rules again, as it does for the API."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ..web.forms import REQUIRED
from .service import CODE_PATTERN


class CustomerForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(REQUIRED), Length(max=32, message=_l("At most 32 characters.")),
        Regexp(CODE_PATTERN, message=_l("Letters, digits, '-', '_' or '.', starting with a letter or digit."))],
        description=_l("A short unique code, e.g. ACME or HZ-01."))
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED),
                                               Length(max=200, message=_l("At most 200 characters."))])


class CustomerSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
