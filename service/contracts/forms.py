"""Web forms of the contracts domain; the service checks the same rules again, as it does for the API."""

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from ..web.forms import REQUIRED, choices
from ..web.i18n import currency_name
from .labels import KINDS as KIND_LABELS
from .labels import STATUSES as STATUS_LABELS
from .models import CURRENCIES, KINDS, STATUSES
from .service import MAX_AMOUNT, MAX_PAYMENT_TERMS_DAYS


def _optional_id(value):
    return int(value) if value not in (None, "", "None") else None


def _today():
    return date.today()


def _in_a_year():
    return date.today() + timedelta(days=364)


class ContractForm(FlaskForm):
    customer_id = SelectField(_l("Customer"), coerce=_optional_id,
                              validators=[InputRequired(_l("Choose a customer."))],
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
        # Nobody is chosen until the user chooses (or came from a customer's page).
        self.customer_id.choices = [SelectChoice("", _l("Choose a customer…")),
                                    *(SelectChoice(c.id, f"{c.name} ({c.code})") for c in customers)]
        self.kind.choices = choices(KINDS, KIND_LABELS)
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
        self.status.choices = [SelectChoice("", _l("Any status")), *choices(STATUSES, STATUS_LABELS)]
        self.kind.choices = [SelectChoice("", _l("Any kind")), *choices(KINDS, KIND_LABELS)]
        self.customer_id.choices = [SelectChoice("", _l("Any customer")),
                                    *(SelectChoice(c.id, c.name) for c in customers)]

    def values(self):
        """The filters as the contracts service takes them (empty ones left out)."""
        return {"q": self.q.data or None, "status": self.status.data or None, "kind": self.kind.data or None,
                "customer_id": self.customer_id.data or None}
