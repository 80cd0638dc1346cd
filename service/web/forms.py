"""The web UI's forms; the services check the same rules again, as they do for the API."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..auth.models import LOCALES
from ..contracts.models import CURRENCIES, KINDS, STATUSES
from ..contracts.service import MAX_AMOUNT, MAX_PAYMENT_TERMS_DAYS
from ..customers.service import CODE_PATTERN
from . import labels
from .i18n import currency_name

REQUIRED = _l("This field is required.")


def _choices(values, table):
    return [SelectChoice(v, labels.label(table, v)) for v in values]


def _optional_id(value):
    return int(value) if value not in (None, "", "None") else None


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(REQUIRED), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(REQUIRED), Length(max=200)])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[SelectChoice(code) for code in LOCALES],
                         validators=[InputRequired(REQUIRED)],
                         validate_choice=False)  # the service says which languages exist
    next = HiddenField()


class CustomerForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(REQUIRED), Length(max=32, message=_l("At most 32 characters.")),
        Regexp(CODE_PATTERN, message=_l("Letters, digits, '-', '_' or '.', starting with a letter or digit."))],
        description=_l("A short unique code, e.g. ACME or HZ-01."))
    name = StringField(_l("Name"), validators=[InputRequired(REQUIRED),
                                               Length(max=200, message=_l("At most 200 characters."))])


def _today():
    return date.today()


def _in_a_year():
    return date.today() + timedelta(days=364)


class ContractForm(FlaskForm):
    customer_id = SelectField(_l("Customer"), coerce=int, validators=[InputRequired(_l("Choose a customer."))],
                              validate_choice=False)  # the service says whether the customer exists
    title = StringField(_l("Title"), validators=[InputRequired(REQUIRED),
                                                 Length(max=200, message=_l("At most 200 characters."))])
    kind = SelectField(_l("Kind"), validators=[InputRequired(REQUIRED)])
    amount = DecimalField(_l("Amount"), places=2, validators=[
        InputRequired(_l("Enter an amount such as 125000.00.")),
        NumberRange(min=0, max=MAX_AMOUNT, message=_l("Enter an amount from 0 to 9,999,999,999,999,999.99."))])
    currency = SelectField(_l("Currency"), validators=[InputRequired(REQUIRED)])
    start_date = DateField(_l("Start date"), default=_today, validators=[InputRequired(_l("Enter a date."))])
    end_date = DateField(_l("End date"), default=_in_a_year, validators=[InputRequired(_l("Enter a date."))])
    payment_terms_days = IntegerField(_l("Payment terms (days)"), default=30, validators=[
        InputRequired(_l("Enter a number of days.")),
        NumberRange(min=0, max=MAX_PAYMENT_TERMS_DAYS, message=_l("From 0 to 3650 days."))])
    liability = SelectField(_l("Liability"), default="capped", choices=[
        SelectChoice("capped", _l("Capped (standard terms)")), SelectChoice("amount", _l("Capped at an amount")),
        SelectChoice("none", _l("No cap"))])
    liability_cap = DecimalField(_l("Liability cap"), places=2, validators=[
        Optional(), NumberRange(min=Decimal("0.01"), max=MAX_AMOUNT, message=_l("Enter an amount above 0."))])
    governing_law = StringField(_l("Governing law"), validators=[Optional(), Length(max=16)],
                                description=_l("A country code such as CN, or a region such as US-NY; "
                                               "leave empty for the company's."))

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.customer_id.choices = [SelectChoice(c.id, f"{c.name} ({c.code})") for c in customers]
        self.kind.choices = _choices(KINDS, "kind")
        self.currency.choices = [SelectChoice(c, currency_name(c)) for c in CURRENCIES]

    def validate_amount(self, field):
        if field.data is not None and field.data != field.data.quantize(Decimal("0.01")):
            raise ValidationError(_l("At most two decimals."))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date is before the start date."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.liability.data == "amount" and self.liability_cap.data is None and not self.liability_cap.errors:
            # Not an inline validator: the cap's Optional() ends its chain when it is empty.
            self.liability_cap.errors.append(_l("Enter the cap, or choose another kind of liability."))
            return False
        return valid

    def values(self):
        """The fields as the contracts service takes them."""
        names = ("customer_id", "title", "kind", "amount", "currency", "start_date", "end_date", "payment_terms_days")
        values = {name: getattr(self, name).data for name in names}
        cap = {"capped": True, "none": False}.get(self.liability.data, self.liability_cap.data)
        return {**values, "liability_cap": cap, "governing_law": self.governing_law.data or None}


class ContractFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"), validators=[Optional()])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    customer_id = SelectField(_l("Customer"), coerce=_optional_id, validators=[Optional()])

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice("", _l("Any status")), *_choices(STATUSES, "status")]
        self.kind.choices = [SelectChoice("", _l("Any kind")), *_choices(KINDS, "kind")]
        self.customer_id.choices = [SelectChoice("", _l("Any customer")),
                                    *(SelectChoice(c.id, c.name) for c in customers)]

    def values(self):
        """The filters as the contracts service takes them (empty ones left out)."""
        return {"q": self.q.data or None, "status": self.status.data or None, "kind": self.kind.data or None,
                "customer_id": self.customer_id.data or None}


class CustomerSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])


class TaskForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))],
                          validate_choice=False)  # the inbox service checks the decision against the task
    comment = TextAreaField(_l("Comment"), validators=[Length(max=4000, message=_l("At most 4000 characters."))])

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = _choices(task.decision_list, "decision")

    def task_fields(self):
        """The fields the task's diagram declares, named data.<name> like the service's errors about them."""
        return [field for name, field in self._fields.items() if name.startswith(DATA)]

    def task_data(self):
        """The declared fields' values as the inbox service takes them (empty ones left out)."""
        return {f.name.removeprefix(DATA): f.data for f in self.task_fields() if f.data not in (None, "")}


class BulkCompleteForm(FlaskForm):
    """One decision and comment for the tasks ticked in the inbox; each is then completed on its own."""

    task_ids = SelectMultipleField(coerce=int, validate_choice=False,
                                   validators=[InputRequired(_l("Tick the tasks to decide on."))])
    decision = SelectField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=4000, message=_l("At most 4000 characters."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = _choices(BULK_DECISIONS, "decision")


BULK_DECISIONS = ("approve", "reject")
DATA = "data."
INPUT_TYPES = {"int": "number", "decimal": "number", "date": "date"}


def _task_field(declared):
    label = labels.field_label(declared.name)
    if declared.type == "bool":
        return BooleanField(label)
    validators = [InputRequired(REQUIRED)] if declared.required else [Optional()]
    if declared.type == "str":
        return StringField(label, validators=[*validators, Length(max=4000, message=_l("At most 4000 characters."))])
    step = {"step": "any"} if declared.type == "decimal" else {}
    return StringField(label, validators=validators, render_kw={"type": INPUT_TYPES[declared.type], **step})


def task_form(task, **kwargs):
    """The form of one task: a decision, a comment, and the fields the task declares (checked by the service)."""
    fields = {f"{DATA}{declared.name}": _task_field(declared) for declared in task.form}
    return type("TaskForm", (TaskForm,), fields)(task=task, **kwargs)


class AssignForm(FlaskForm):
    """The username of whoever takes a task: by delegation from the task page, or reassigned by a manager."""

    to = StringField(_l("Username"), validators=[InputRequired(_l("Enter a username.")), Length(max=64)])

    # What the inbox service says about `to`, read in either language (see errors.message_for).
    service_messages = {(422, "to"): _l("Name another active user who holds the role this task needs.")}


# "from" and "to" are named like the absence service's fields, so that its errors show next to them.
_FIRST_DAY = DateField(_l("First day away"), default=_today, validators=[InputRequired(_l("Enter a date."))])


class AbsenceForm(FlaskForm):
    """An absence from the first to the last day (whole days in the reader's time zone) and a deputy."""

    to = DateField(_l("Last day away"), validators=[InputRequired(_l("Enter a date."))])
    deputy = StringField(_l("Deputy"), validators=[InputRequired(_l("Enter the deputy's username.")), Length(max=64)],
                         description=_l("The username of a colleague who shares one of your roles."))

    service_messages = {
        (422, "from"): _l("Enter a date."),
        (422, "to"): _l("The last day must not be before the first day, nor in the past."),
        (422, "deputy"): _l("Name an active colleague who shares one of your roles."),
    }

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        first, last = self["from"], self["to"]
        if valid and last.data < first.data:
            last.errors.append(_l("The last day is before the first day."))
            return False
        return valid

    def values(self):
        """The absence as the absence service takes it: from the first day's start to the last day's end."""
        zone = get_timezone()
        return {"starts_at": zone.localize(datetime.combine(self["from"].data, time.min)),
                "ends_at": zone.localize(datetime.combine(self["to"].data, time.max)), "deputy": self.deputy.data}


setattr(AbsenceForm, "from", _FIRST_DAY)  # a keyword, so not in the class body
