"""Web forms of the designer pages: a test run's sample contract and decisions, a migration."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..contracts.labels import KINDS
from ..contracts.models import CURRENCIES
from ..web.forms import REQUIRED, choices

_STEP = re.compile(r"^\s*(?:([A-Za-z_][\w.-]*)\s*[:=]\s*)?([A-Za-z_][\w-]*)\s*$")


def parse_steps(text):
    """Steps from lines (or commas) of `decision` or `task: decision`, e.g. 'submit, legal_approval: approve'."""
    steps = []
    for part in re.split(r"[\n,;]+", text or ""):
        if not part.strip():
            continue
        found = _STEP.match(part)
        if not found:
            raise ValueError(part.strip())
        steps.append({"task": found.group(1), "decision": found.group(2)})
    return steps


class TestRunForm(FlaskForm):
    """A sample contract and the decisions to complete its tasks with, in order."""

    source = SelectField(_l("Run"), validate_choice=False)
    kind = SelectField(_l("Kind"), validators=[InputRequired(REQUIRED)])
    amount = DecimalField(_l("Amount"), places=2, validators=[InputRequired(REQUIRED), NumberRange(min=0)])
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in CURRENCIES])
    payment_terms_days = IntegerField(_l("Payment terms (days)"), default=30,
                                      validators=[InputRequired(REQUIRED), NumberRange(min=0, max=3650)])
    liability_capped = BooleanField(_l("Liability capped"), default=True)
    governing_law = StringField(_l("Governing law"), validators=[Optional(), Length(max=16)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    steps = TextAreaField(_l("Decisions, in order"), validators=[Length(max=4000)],
                          description=_l("One per line or separated by commas: a decision (for the first task "
                                         "waiting) or task: decision, e.g. submit, legal_approval: approve"))

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = [SelectChoice(value, text) for value, text in sources]
        self.kind.choices = choices(KINDS, KINDS)

    def validate_steps(self, field):
        try:
            parse_steps(field.data)
        except ValueError as exc:
            raise ValidationError(_l("“%(step)s” is not a decision or task: decision.", step=str(exc))) from exc

    def contract(self):
        """The sample contract as the test run takes it."""
        return {"kind": self.kind.data, "amount": self.amount.data, "currency": self.currency.data,
                "payment_terms_days": self.payment_terms_days.data, "liability_cap": bool(self.liability_capped.data),
                "governing_law": self.governing_law.data or None, "start_date": self.start_date.data,
                "end_date": self.end_date.data}


class MigrationForm(FlaskForm):
    """Which instances to move from one version of a process to another."""

    from_version = IntegerField(_l("From version"), validators=[InputRequired(REQUIRED), NumberRange(min=1)])
    to_version = IntegerField(_l("To version"), validators=[InputRequired(REQUIRED), NumberRange(min=1)])
    instance_ids = SelectMultipleField(_l("Instances"), coerce=int, validate_choice=False)
    apply = BooleanField()  # set by the "Apply" button; a dry run otherwise
