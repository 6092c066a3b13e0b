"""Becoming a farmer: the request, and the planner's decision the person is told about."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.mail import mail_person, site_url
from accounts.roles import Role, holders, is_farmer, is_planner
from land_use.models import FarmerApplication, normalise_siret


def farmer_application_submit(
    *, applicant, farm_name: str, siret: str, message: str = ""
) -> FarmerApplication:
    """A registered person asks for the farmer role."""
    if is_farmer(applicant) and not applicant.is_superuser:
        raise ValidationError(_("You already have the farmer role."))
    application = FarmerApplication(
        applicant=applicant,
        farm_name=(farm_name or "").strip(),
        siret=normalise_siret(siret),
        message=(message or "").strip(),
    )
    application.full_clean()
    application.save()
    _tell_planners(application)
    return application


def _tell_planners(application: FarmerApplication) -> None:
    """Every planner is told that a request waits, with the link to the requests' page."""
    link = site_url(reverse("land_use:applications"))
    for planner in holders(Role.PLANNER):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("A request for the farmer role is waiting")
            body = _(
                "Hello %(planner)s,\n\n%(name)s asks for the farmer role for %(farm)s "
                "(SIRET %(siret)s). Grant or refuse it here:\n%(link)s"
            ) % {
                "planner": planner.public_name,
                "name": application.applicant.public_name,
                "farm": application.farm_name,
                "siret": application.siret,
                "link": link,
            }
        mail_person(planner, subject=str(subject), body=body)


def _decide(application, planner, status, message) -> FarmerApplication:
    if not is_planner(planner):
        raise PermissionDenied(_("Only planners decide on farmer requests."))
    application = FarmerApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != FarmerApplication.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    application.status = status
    application.decided_by = planner
    application.decided_at = timezone.now()
    application.decision_message = (message or "").strip()
    application.save()
    transaction.on_commit(lambda: _tell_applicant(application))
    return application


@transaction.atomic
def farmer_application_grant(
    *, application: FarmerApplication, planner, message: str = ""
) -> FarmerApplication:
    """A planner gives the person the farmer role; they are told by email and on their page."""
    application = _decide(application, planner, FarmerApplication.Status.GRANTED, message)
    application.applicant.groups.add(Group.objects.get_or_create(name=Role.FARMER.value)[0])
    return application


@transaction.atomic
def farmer_application_refuse(
    *, application: FarmerApplication, planner, message: str
) -> FarmerApplication:
    """A planner refuses, saying why; the person is told by email and on their page."""
    if not (message or "").strip():
        raise ValidationError(
            {"decision_message": _("Tell the person why their request is refused.")}
        )
    return _decide(application, planner, FarmerApplication.Status.REFUSED, message)


def _tell_applicant(application: FarmerApplication) -> None:
    if application.status == FarmerApplication.Status.GRANTED:
        subject = _("Your farmer role is granted")
        body = _(
            "Hello %(name)s,\n\nYour request for %(farm)s is granted: you can now register your "
            "organic parcels on the “My parcels” page."
        )
    else:
        subject = _("Your farmer request is refused")
        body = _("Hello %(name)s,\n\nYour request for %(farm)s is refused.")
    text = body % {"name": application.applicant.public_name, "farm": application.farm_name}
    if application.decision_message:
        text += "\n\n" + application.decision_message
    if application.status == FarmerApplication.Status.GRANTED:
        text += "\n\n" + site_url(reverse("land_use:my-parcels"))
    else:
        text += "\n\n" + site_url(reverse("land_use:become-farmer"))
    mail_person(application.applicant, subject=str(subject), body=text)
