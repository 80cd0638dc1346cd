"""Web forms of the inbox: a task's decision and declared fields, bulk decisions, delegation, absence."""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from ..web.forms import REQUIRED, choices
from .labels import DECISIONS, field_label
from .service import BULK_DECISIONS


def _today():
    return date.today()


class TaskForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[InputRequired(_l("Choose a decision."))],
                          validate_choice=False)  # the inbox service checks the decision against the task
    comment = TextAreaField(_l("Comment"), validators=[Length(max=4000, message=_l("At most 4000 characters."))])

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = choices(task.decision_list, DECISIONS)

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
        self.decision.choices = choices(BULK_DECISIONS, DECISIONS)


DATA = "data."
INPUT_TYPES = {"int": "number", "decimal": "number", "date": "date"}


def _task_field(declared):
    label = field_label(declared.name)
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
    """Whoever takes a task, picked from the people who may (by display name): by delegation from the task page,
    or reassigned by a manager. The username is what is sent; the service checks it."""

    to = SelectField(_l("Hand it to"), validators=[InputRequired(_l("Choose someone to hand it to.")), Length(max=64)],
                     validate_choice=False)  # the inbox service says who may take it

    # What the inbox service says about `to`, read in either language (see errors.message_for).
    service_messages = {(422, "to"): _l("%(name)s cannot take this task: it needs an active user who holds the role "
                                        "%(role)s, other than whoever has it now.")}

    def offer(self, people):
        """Offer the people who may take the task, (candidate, who takes it while they are away) pairs."""
        self.to.choices = [SelectChoice("", _l("Choose a person…"))] + [
            SelectChoice(person.username, person.display_name if holder.id == person.id else
                         _l("%(name)s (away: %(deputy)s takes it)", name=person.display_name,
                            deputy=holder.display_name)) for person, holder in people]
        return self


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

    @dataclass(frozen=True)
    class Current:
        """An absence as the form shows it when it is changed: its days in the reader's time zone."""

        to: date
        deputy: str
        first: date

        @classmethod
        def of(cls, row):
            zone = get_timezone()
            return cls(to=row.ends_at.astimezone(zone).date(), deputy=row.deputy.username,
                       first=row.starts_at.astimezone(zone).date())

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None:
            self["from"].data = obj.first  # "from" is a keyword, so the object cannot have it as an attribute

    def values(self):
        """The absence as the absence service takes it: from the first day's start to the last day's end."""
        zone = get_timezone()
        return {"starts_at": zone.localize(datetime.combine(self["from"].data, time.min)),
                "ends_at": zone.localize(datetime.combine(self["to"].data, time.max)), "deputy": self.deputy.data}


setattr(AbsenceForm, "from", _FIRST_DAY)  # a keyword, so not in the class body
