"""Writes on consultations: planners create and edit them, the commissioner files the report.

Also the rules every contribution to a consultation obeys: when it takes observations, and the
numbering of a public inquiry's register, given under a lock of the consultation's row.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from land_use.models import PlanDocument
from mapping.models import Consultation, Proposal
from mapping.permissions import may_file_report, may_manage_consultations
from territory.dates import day_display, moment_display
from territory.models import Commune
from territory.text import clean_text

CONSULTATION_TITLE_MAX_LENGTH = 160
CONSULTATION_DESCRIPTION_MAX_LENGTH = 10_000
PUBLICATION_DELAY_MAX_HOURS = 24 * 30
REPORT_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def consultation_period(consultation: Consultation) -> str:
    """Its dates as a sentence's end: days for a concertation, the exact times for an inquiry."""
    show = moment_display if consultation.is_inquiry else day_display
    return _("from %(opens)s to %(closes)s") % {
        "opens": show(consultation.opens_at),
        "closes": show(consultation.closes_at),
    }


def consultation_check_open(consultation: Consultation, now: datetime) -> None:
    """Refuse a new proposal or observation outside the consultation's dates, giving them."""
    if consultation.is_open_at(now):
        return
    if consultation.is_inquiry:
        message = _(
            "The register of the public inquiry “%(title)s” takes observations only while the "
            "inquiry is open, %(period)s."
        )
    else:
        message = _("The consultation “%(title)s” is not open: it runs %(period)s.")
    raise ValidationError(
        {
            "consultation": message
            % {"title": consultation.title, "period": consultation_period(consultation)}
        }
    )


def consultation_check_register_open(consultation: Consultation | None, now=None) -> None:
    """After an inquiry closes its register is read-only: no comment, support or change."""
    now = now or timezone.now()
    if consultation is None or not consultation.is_inquiry:
        return
    if consultation.is_closed_at(now):
        raise ValidationError(
            _(
                "The public inquiry “%(title)s” closed on %(closes)s: its register is now "
                "read-only, it takes no more observations, comments or supports."
            )
            % {"title": consultation.title, "closes": moment_display(consultation.closes_at)}
        )


def observation_number(consultation: Consultation) -> int:
    """The next number in the inquiry's register; call inside the transaction that stores it.

    The consultation's row is locked until the commit, so two observations sent at the same
    moment wait for each other and never share a number.
    """
    Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list("pk").get()
    last = Proposal.objects.filter(consultation=consultation).aggregate(
        last=Max("register_number")
    )["last"]
    return (last or 0) + 1


def _check_planner(user, commune) -> None:
    if not may_manage_consultations(user, commune):
        raise PermissionDenied(_("Only the town's planners can create or edit consultations."))


def _checked_fields(
    *,
    commune: Commune,
    title: str,
    description: str,
    kind: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    plan: PlanDocument | None,
    publication_delay_hours: int,
) -> dict:
    errors: dict[str, list[str]] = {}
    checked: dict = {"kind": kind, "plan": plan, "opens_at": opens_at, "closes_at": closes_at}
    for field, check in (
        (
            "title",
            lambda: clean_text(
                title,
                field="title",
                max_length=CONSULTATION_TITLE_MAX_LENGTH,
                required=_("Give the consultation a title."),
                too_long=_("The title has %(length)d characters; keep it within %(limit)d."),
                multiline=False,
            ),
        ),
        (
            "description",
            lambda: clean_text(
                description,
                field="description",
                max_length=CONSULTATION_DESCRIPTION_MAX_LENGTH,
                required=_("Describe what the consultation is about and what is asked."),
                too_long=_("The description has %(length)d characters; keep it within %(limit)d."),
            ),
        ),
    ):
        try:
            checked[field] = check()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if kind not in Consultation.Kind.values:
        errors.setdefault("kind", []).append(_("Choose a concertation or a public inquiry."))
    if opens_at is None:
        errors.setdefault("opens_at", []).append(_("Give the opening date and time."))
    if closes_at is None:
        errors.setdefault("closes_at", []).append(_("Give the closing date and time."))
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        errors.setdefault("closes_at", []).append(
            _(
                "The consultation must close after it opens: it opens on %(opens)s, choose a "
                "closing time after that."
            )
            % {"opens": moment_display(opens_at)}
        )
    if plan is not None and plan.commune_id != commune.pk:
        errors.setdefault("plan", []).append(_("This plan document belongs to another commune."))
    if not 0 <= publication_delay_hours <= PUBLICATION_DELAY_MAX_HOURS:
        errors.setdefault("publication_delay_hours", []).append(
            _("The publication delay is between 0 and %(limit)d hours.")
            % {"limit": PUBLICATION_DELAY_MAX_HOURS}
        )
    checked["publication_delay_hours"] = publication_delay_hours
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def consultation_create(
    *,
    user,
    commune: Commune,
    title: str,
    description: str,
    kind: str = Consultation.Kind.CONCERTATION,
    opens_at: datetime | None,
    closes_at: datetime | None,
    plan: PlanDocument | None = None,
    publication_delay_hours: int = 0,
) -> Consultation:
    """A planner opens a consultation (concertation or public inquiry) of their commune."""
    _check_planner(user, commune)
    fields = _checked_fields(
        commune=commune,
        title=title,
        description=description,
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        plan=plan,
        publication_delay_hours=publication_delay_hours,
    )
    consultation = Consultation(commune=commune, **fields)
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    user,
    title: str,
    description: str,
    kind: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
    plan: PlanDocument | None = None,
    publication_delay_hours: int = 0,
) -> Consultation:
    """A planner corrects a consultation. An inquiry that has observations keeps its kind: its
    register is numbered."""
    _check_planner(user, consultation.commune)
    Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list("pk").get()
    consultation.refresh_from_db()
    fields = _checked_fields(
        commune=consultation.commune,
        title=title,
        description=description,
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        plan=plan,
        publication_delay_hours=publication_delay_hours,
    )
    if (
        consultation.is_inquiry
        and kind != consultation.kind
        and consultation.proposals.filter(register_number__isnull=False).exists()
    ):
        raise ValidationError(
            {
                "kind": _(
                    "This public inquiry already has numbered observations in its register: it "
                    "stays a public inquiry."
                )
            }
        )
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    consultation.save()
    return consultation


def check_pdf(
    file: UploadedFile | None,
    *,
    field: str = "report",
    missing: str | None = None,
    not_pdf: str | None = None,
) -> None:
    """A PDF within the size limit, judged on its content (never on its name): fail closed.

    The one rule for every PDF the site publishes (an inquiry's report, a meeting's minutes);
    `field` names the form field a refusal is shown next to.
    """
    limit_mb = REPORT_MAX_BYTES // (1024 * 1024)
    if file is None:
        raise ValidationError({field: missing or _("Choose the PDF file of the report.")})
    if file.size is None or file.size > REPORT_MAX_BYTES:
        raise ValidationError(
            {
                field: _("The file is larger than %(limit)d MB: send a lighter PDF.")
                % {"limit": limit_mb}
            }
        )
    try:
        file.seek(0)
        start = file.read(len(PDF_MAGIC))
        file.seek(0)
    except (OSError, ValueError) as error:
        raise ValidationError({field: _("The file could not be read: send it again.")}) from error
    if start != PDF_MAGIC:
        raise ValidationError(
            {
                field: not_pdf
                or _("This file is not a PDF: the report and conclusions are sent as a PDF.")
            }
        )


@transaction.atomic
def consultation_report_upload(
    *, consultation: Consultation, user, file: UploadedFile, now=None
) -> Consultation:
    """The commissaire enquêteur files the report and conclusions of a public inquiry: it is
    published on the register until one year after the close."""
    now = now or timezone.now()
    if not may_file_report(user, consultation.commune):
        raise PermissionDenied(
            _("Only the commissaire enquêteur can file the report and conclusions.")
        )
    if not consultation.is_inquiry:
        raise ValidationError(
            {"report": _("Only a public inquiry has a commissioner's report and conclusions.")}
        )
    check_pdf(file)
    Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list("pk").get()
    consultation.refresh_from_db()
    if consultation.report:
        # The stored file is replaced in place; its name is ours (inquiry_report_path).
        consultation.report.delete(save=False)
    consultation.report.save("rapport.pdf", file, save=False)
    consultation.report_uploaded_at = now
    consultation.save(update_fields=["report", "report_uploaded_at"])
    return consultation
