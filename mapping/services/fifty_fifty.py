"""Fifty-fifty projects: a proposal's author applies, the town's planners decide.

The town funds half of an innovative project carried by a collective of residents (the
"fifty-fifty" of Loos-en-Gohelle). The author of a proposal applies for it once, naming the
collective, its contact and the total budget (`fifty_fifty_apply`); the town's share is
computed by the database (half the budget), never typed. Planners move the project on along
`FiftyFiftyProject.TRANSITIONS` (`fifty_fifty_move`): approved, funded, completed, or refused
with a reason. Money is a `Decimal` from the form to the database, never a float.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import FiftyFiftyProject, Proposal
from mapping.permissions import may_apply_fifty_fifty, may_decide_fifty_fifty
from territory.text import clean_text

# A fifty-fifty project is a residents' project, not a public works contract: beyond this
# total budget a typing mistake (an extra zero) is far more likely than a real application.
FIFTY_FIFTY_MAX_BUDGET = Decimal("1000000.00")
REFUSAL_REASON_MAX_LENGTH = 3000
APPLICATION_FIELDS = (
    "collective_name",
    "collective_kind",
    "contact_name",
    "contact_email",
    "contact_phone",
    "total_budget",
)
# The date each status is reached on.
STEP_DATES = {
    FiftyFiftyProject.Status.APPROVED: "approved_at",
    FiftyFiftyProject.Status.FUNDED: "funded_at",
    FiftyFiftyProject.Status.COMPLETED: "completed_at",
    FiftyFiftyProject.Status.REFUSED: "refused_at",
}


def fifty_fifty_check_budget(value) -> Decimal:
    """The total budget as a Decimal of euros and cents, or a refusal with a sentence.

    Accepts a Decimal, an int or a text in French or English writing ("12 000,50", "12000.50");
    refuses a float (money is never binary floating point), nothing, NaN, 0 or less, more than
    `FIFTY_FIFTY_MAX_BUDGET`, and fractions of a cent.
    """
    if isinstance(value, (bool, float)):
        raise ValidationError(
            {"total_budget": _("Give the total budget in euros, as a number such as 12000.")}
        )
    if isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.removesuffix("€").replace(",", ".")
        if not text:
            raise ValidationError({"total_budget": _("Give the total budget of the project.")})
        value = text
    if value is None:
        raise ValidationError({"total_budget": _("Give the total budget of the project.")})
    try:
        budget = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError(
            {"total_budget": _("Give the total budget in euros, as a number such as 12000.")}
        ) from error
    if not budget.is_finite():
        raise ValidationError(
            {"total_budget": _("Give the total budget in euros, as a number such as 12000.")}
        )
    if budget <= 0:
        raise ValidationError({"total_budget": _("The total budget must be more than 0 €.")})
    if budget > FIFTY_FIFTY_MAX_BUDGET:
        raise ValidationError(
            {
                "total_budget": _(
                    "A fifty-fifty project's total budget is at most %(max)s €: check the amount."
                )
                % {"max": f"{FIFTY_FIFTY_MAX_BUDGET:,.0f}".replace(",", "\u202f")}
            }
        )
    if budget != budget.quantize(Decimal("0.01")):
        raise ValidationError(
            {"total_budget": _("The total budget is in euros and cents: two decimals at most.")}
        )
    return budget.quantize(Decimal("0.01"))


def _clean_application(data: dict) -> dict:
    """The application's values as they will be stored, or every refusal at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def keep(field, check):
        try:
            cleaned[field] = check()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)

    keep(
        "collective_name",
        lambda: clean_text(
            data.get("collective_name"),
            field="collective_name",
            max_length=160,
            required=_("Name the collective that carries the project."),
            multiline=False,
        ),
    )

    def kind():
        value = data.get("collective_kind")
        if value not in FiftyFiftyProject.CollectiveKind.values:
            raise ValidationError(
                {"collective_kind": _("Say whether it is an association or a group of residents.")}
            )
        return value

    keep("collective_kind", kind)
    keep(
        "contact_name",
        lambda: clean_text(
            data.get("contact_name"),
            field="contact_name",
            max_length=120,
            required=_("Give the name of the collective's contact person."),
            multiline=False,
        ),
    )

    def email():
        value = clean_text(
            data.get("contact_email"),
            field="contact_email",
            max_length=254,
            required=_("Give the contact's email address: the town answers there."),
            multiline=False,
        )
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValidationError(
                {"contact_email": _("This email address is not valid: check it.")}
            ) from error
        return value

    keep("contact_email", email)
    keep(
        "contact_phone",
        lambda: clean_text(
            data.get("contact_phone"),
            field="contact_phone",
            max_length=30,
            too_long=_("A phone number has %(limit)d characters at most."),
            multiline=False,
        ),
    )
    keep("total_budget", lambda: fifty_fifty_check_budget(data.get("total_budget")))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def fifty_fifty_apply(*, proposal: Proposal, user, **application) -> FiftyFiftyProject:
    """The proposal's author applies for it as a fifty-fifty project, once.

    `application` holds `collective_name`, `collective_kind` (association or group of
    residents), `contact_name`, `contact_email`, `contact_phone` (optional) and `total_budget`.
    A withdrawn or hidden proposal cannot apply. The town's share is computed by the database;
    the returned project has it read back.
    """
    unknown = sorted(set(application) - set(APPLICATION_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown fields of an application: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not may_apply_fifty_fifty(user, locked):
        raise PermissionDenied(
            _("Only the author of a proposal can apply for it as a fifty-fifty project.")
        )
    if locked.is_hidden or locked.status == Proposal.Status.WITHDRAWN:
        raise ValidationError(
            _("A withdrawn or hidden proposal cannot apply as a fifty-fifty project.")
        )
    if FiftyFiftyProject.objects.filter(proposal=locked).exists():
        raise ValidationError(_("This proposal has already applied as a fifty-fifty project."))
    project = FiftyFiftyProject(
        proposal=locked,
        commune=locked.commune,
        applied_by=user,
        illustrative=locked.illustrative,
        **_clean_application(application),
    )
    project.full_clean(exclude=["town_share"], validate_unique=False)
    try:
        # The one-to-one column is the last word when two applications race past the check.
        with transaction.atomic():
            project.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This proposal has already applied as a fifty-fifty project.")
        ) from error
    project.refresh_from_db()
    return project


@transaction.atomic
def fifty_fifty_update(*, project: FiftyFiftyProject, user, **changes) -> FiftyFiftyProject:
    """The applicant corrects their application while it waits for the planners' decision."""
    locked = FiftyFiftyProject.objects.select_for_update().get(pk=project.pk)
    if locked.applied_by_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the applicant can change this application."))
    if locked.status != FiftyFiftyProject.Status.APPLICATION:
        raise ValidationError(
            _("The planners have decided on this application: it can no longer be changed.")
        )
    unknown = sorted(set(changes) - set(APPLICATION_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown fields of an application: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    current = {field: getattr(locked, field) for field in APPLICATION_FIELDS}
    for field, value in _clean_application({**current, **changes}).items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["town_share"], validate_unique=False)
    locked.save()
    locked.refresh_from_db()
    project.refresh_from_db()
    return locked


@transaction.atomic
def fifty_fifty_move(
    *, project: FiftyFiftyProject, planner, status: str, reason: str = ""
) -> FiftyFiftyProject:
    """A planner moves the project to its next status (see `FiftyFiftyProject.TRANSITIONS`).

    Approved, funded and completed each keep their date; a refusal needs its reason, kept
    public on the project's page. The planner is kept as `decided_by`.
    """
    if not may_decide_fifty_fifty(planner, project.commune):
        raise PermissionDenied(_("Only the town's planners decide on fifty-fifty projects."))
    locked = FiftyFiftyProject.objects.select_for_update().get(pk=project.pk)
    Status = FiftyFiftyProject.Status
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses of a fifty-fifty project.")})
    if status not in locked.next_statuses():
        raise ValidationError(
            {
                "status": _("A fifty-fifty project “%(current)s” cannot become “%(new)s”.")
                % {"current": locked.get_status_display(), "new": Status(status).label}
            }
        )
    reason = clean_text(
        reason,
        field="reason",
        max_length=REFUSAL_REASON_MAX_LENGTH,
        required=(
            _("Give the reason for the refusal: the collective is told why.")
            if status == Status.REFUSED
            else None
        ),
    )
    locked.status = status
    if status == Status.REFUSED:
        locked.refusal_reason = reason
    setattr(locked, STEP_DATES[status], timezone.now())
    locked.decided_by = planner
    locked.full_clean(exclude=["town_share"], validate_unique=False)
    locked.save()
    locked.refresh_from_db()
    project.refresh_from_db()
    return locked
