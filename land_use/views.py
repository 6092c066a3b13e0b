"""Farmers' pages: my parcels, draw one, upload a file, become a farmer; planners' decisions.

Views stay thin: forms parse, services decide, selectors read; a service's refusal is shown
next to the field it concerns.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_farmer, is_planner
from accounts.throttling import WriteThrottled, client_address
from land_use.forms import (
    DecisionForm,
    FarmerApplicationForm,
    LayerForm,
    ParcelForm,
    UploadForm,
)
from land_use.models import FarmerApplication, OrganicParcel, ParcelUpload
from land_use.permissions import may_edit_parcel
from land_use.selectors import farmer_parcels, organic_share, total_area_ha
from land_use.services import (
    ATTRIBUTE_FIELDS,
    PARCEL_GEOMETRY_TYPES,
    PARCEL_MAX_VERTICES,
    farmer_application_grant,
    farmer_application_refuse,
    farmer_application_submit,
    parcel_archive,
    parcel_register,
    parcel_update,
    parcel_upload_confirm,
    parcel_upload_select_layer,
    parcel_upload_start,
)
from land_use.uploads import check_size
from land_use.webmap import farm_map, preview_map
from territory.communes import commune_for, staff_serves
from territory.geometry import parse_geojson
from territory.models import Commune


def _show_errors(form, error: ValidationError) -> None:
    """Put a service's sentences next to the fields they concern (the others above the form)."""
    if hasattr(error, "error_dict"):
        for field, sentences in error.message_dict.items():
            form.add_error(field if field in form.fields else None, sentences)
    else:
        form.add_error(None, error.messages)


def farmer_required(view):
    """Signed-in farmers only; other people are sent to the request for the farmer role."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not (is_farmer(request.user) or is_planner(request.user)):
            messages.info(request, _("Registering parcels is for farmers: ask for the role here."))
            return redirect("land_use:become-farmer")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@farmer_required
def my_parcels(request):
    """The farmer's parcels on a map and in a table, with their total area."""
    return _parcels_page(request, farmer_parcels(request.user), every_farmer=False)


@login_required
def all_parcels(request):
    """Planners: every active parcel of the commune with its owner, to check and correct."""
    commune = commune_for(request)
    if not (is_planner(request.user) and staff_serves(request.user, commune)):
        raise PermissionDenied(_("Only planners see the owners of parcels."))
    parcels = (
        OrganicParcel.objects.in_commune(commune)
        .active()
        .select_related("farmer", "commune")
        .order_by("name")
    )
    return _parcels_page(request, parcels, every_farmer=True)


def _parcels_page(request, parcels, *, every_farmer: bool):
    commune = commune_for(request)
    return render(
        request,
        "land_use/my_parcels.html",
        {
            "every_farmer": every_farmer,
            "commune": commune,
            "parcels": parcels,
            "total_area_ha": total_area_ha(parcels),
            "map": farm_map(commune, parcels).parts,
            "organic_share": organic_share(commune),
            "is_planner": is_planner(request.user),
            "uploads": ParcelUpload.objects.filter(farmer=request.user, confirmed_at__isnull=True)[
                :5
            ],
        },
    )


def _parsed_geometry(raw: str) -> GEOSGeometry | None:
    """The drawn outline, read by the geometry gate; its validity is the services' to judge."""
    if not raw:
        return None
    return parse_geojson(raw, allowed_types=PARCEL_GEOMETRY_TYPES, max_vertices=PARCEL_MAX_VERTICES)


def _draw_words() -> dict:
    """The words of the drawing tools and of the drawing's status, in the page's language."""
    return {
        "none": _("Nothing drawn yet."),
        "one": _("Outline drawn: fill in the form and save."),
        "several": _("%s outlines drawn: they will form one parcel."),
        "toolbar": {
            "polygon": _("Draw the outline of a parcel"),
            "rectangle": _("Draw a rectangular parcel"),
            "cancel": _("Cancel"),
            "finish": _("Finish"),
            "undo": _("Remove the last point"),
            "start": _("Click to place the first corner of the parcel."),
            "cont": _("Click to place the next corner."),
            "end": _("Click the first corner to close the outline."),
            "rectangle_start": _("Click and drag to draw the parcel."),
        },
    }


def _parcel_form_page(request, form, *, parcel: OrganicParcel | None, commune: Commune):
    shown = farmer_parcels(request.user)
    if parcel is not None:
        shown = OrganicParcel.objects.filter(pk=parcel.pk)
    drawing = farm_map(commune, shown, draw=True, highlight=parcel)
    return render(
        request,
        "land_use/parcel_form.html",
        {
            "form": form,
            "parcel": parcel,
            "map": drawing.parts,
            "draw_config": {"drawnItems": drawing.drawn_items, "input": "id_geometry"},
            "draw_words": _draw_words(),
        },
    )


@farmer_required
def parcel_create(request):
    """Draw a parcel on the map and give its values."""
    commune = commune_for(request)
    form = ParcelForm(request.POST or None, planner=is_planner(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            geometry = _parsed_geometry(form.cleaned_data["geometry"])
            if geometry is None:
                raise ValidationError({"geometry": _("Draw the outline of the parcel on the map.")})
            parcel = parcel_register(
                actor=request.user,
                commune=commune,
                geometry=geometry,
                attributes={f: form.cleaned_data.get(f) for f in ATTRIBUTE_FIELDS},
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("The parcel “%(name)s” is registered.") % {"name": parcel.name}
                + _not_counted(parcel),
            )
            return redirect("land_use:my-parcels")
    return _parcel_form_page(request, form, parcel=None, commune=commune)


def _not_counted(parcel: OrganicParcel) -> str:
    """The sentence added to a saved parcel's message when it does not count in the share."""
    if not parcel.not_counted_reason:
        return ""
    return " " + _("It does not count in the organic share: %(reason)s") % {
        "reason": parcel.not_counted_reason
    }


def _editable_parcel(request, pk) -> OrganicParcel:
    """The parcel if this person may change it; 404 otherwise, so others learn nothing."""
    parcel = get_object_or_404(OrganicParcel.objects.active(), pk=pk)
    if not may_edit_parcel(request.user, parcel):
        raise PermissionDenied(_("You can only change your own parcels."))
    return parcel


@farmer_required
def parcel_edit(request, pk):
    """Change a parcel's values; draw a new outline to replace the old one."""
    parcel = _editable_parcel(request, pk)
    initial = {f: getattr(parcel, f) for f in ATTRIBUTE_FIELDS}
    form = ParcelForm(request.POST or None, initial=initial, planner=is_planner(request.user))
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data.get(f) for f in ATTRIBUTE_FIELDS}
        try:
            geometry = _parsed_geometry(form.cleaned_data["geometry"])
            if geometry is not None:
                changes["geometry"] = geometry
            parcel_update(
                parcel=parcel,
                actor=request.user,
                changes=changes,
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            parcel.refresh_from_db()
            messages.success(
                request,
                _("The parcel “%(name)s” is saved.") % {"name": parcel.name} + _not_counted(parcel),
            )
            if is_planner(request.user) and parcel.farmer_id != request.user.pk:
                return redirect("land_use:all-parcels")
            return redirect("land_use:my-parcels")
    return _parcel_form_page(request, form, parcel=parcel, commune=parcel.commune)


@require_POST
@farmer_required
def parcel_archive_view(request, pk):
    """Archive a parcel: it leaves the totals and stays in the history."""
    parcel = _editable_parcel(request, pk)
    parcel_archive(parcel=parcel, actor=request.user)
    messages.success(
        request,
        _("The parcel “%(name)s” is archived: it no longer counts in the totals.")
        % {"name": parcel.name},
    )
    if is_planner(request.user) and parcel.farmer_id != request.user.pk:
        return redirect("land_use:all-parcels")
    return redirect("land_use:my-parcels")


@farmer_required
def upload_start(request):
    """Send a file of parcels; nothing is stored before the preview is confirmed."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        defaults = {f: form.cleaned_data.get(f) for f in ATTRIBUTE_FIELDS if f != "name"}
        try:
            check_size(uploaded.size)
            upload = parcel_upload_start(
                farmer=request.user,
                commune=form.cleaned_data["commune"],
                file_name=uploaded.name,
                content=uploaded.read(),
                defaults=defaults,
                address=client_address(request),
            )
        except WriteThrottled as refusal:
            form.add_error(None, refusal.message)
            response = render(request, "land_use/upload_form.html", {"form": form}, status=429)
            response["Retry-After"] = str(refusal.wait)
            return response
        except ValidationError as error:
            _show_errors(form, error)
        else:
            return redirect("land_use:upload-preview", token=upload.token)
    return render(request, "land_use/upload_form.html", {"form": form})


def _own_upload(request, token) -> ParcelUpload:
    return get_object_or_404(
        ParcelUpload, token=token, farmer=request.user, confirmed_at__isnull=True
    )


@farmer_required
def upload_preview(request, token):
    """Each feature of the file, accepted or refused with the reason; choose the layer."""
    upload = _own_upload(request, token)
    layer_form = LayerForm(
        request.POST or None, layers=upload.layers, initial={"layer": upload.layer}
    )
    if request.method == "POST" and layer_form.is_valid():
        try:
            upload = parcel_upload_select_layer(
                upload=upload, farmer=request.user, layer=layer_form.cleaned_data["layer"]
            )
        except ValidationError as error:
            _show_errors(layer_form, error)
    return render(
        request,
        "land_use/upload_preview.html",
        {
            "upload": upload,
            "layer_form": layer_form,
            "map": preview_map(upload.commune, upload.features),
            "accepted_area_ha": sum(f["area_ha"] or 0 for f in upload.accepted),
        },
    )


@require_POST
@farmer_required
def upload_confirm(request, token):
    """Register every accepted parcel of the file, in one transaction."""
    upload = _own_upload(request, token)
    try:
        parcels = parcel_upload_confirm(upload=upload, farmer=request.user)
    except ValidationError as error:
        for sentence in error.messages:
            messages.error(request, sentence)
        return redirect("land_use:upload-preview", token=upload.token)
    messages.success(
        request,
        _("%(count)d parcels of %(file)s are registered.")
        % {"count": len(parcels), "file": upload.file_name},
    )
    return redirect("land_use:my-parcels")


@login_required
def become_farmer(request):
    """A registered person asks for the farmer role, and reads the planners' answers."""
    form = FarmerApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            farmer_application_submit(applicant=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent: a planner will answer it, by email and on this page."),
            )
            return redirect("land_use:become-farmer")
    return render(
        request,
        "land_use/become_farmer.html",
        {
            "form": form,
            "is_farmer": is_farmer(request.user),
            "applications": FarmerApplication.objects.filter(applicant=request.user),
        },
    )


@login_required
def applications(request):
    """Planners' list of requests for the farmer role, newest first, pending on top."""
    if not is_planner(request.user):
        raise PermissionDenied(_("Only planners decide on farmer requests."))
    pending = FarmerApplication.objects.filter(status=FarmerApplication.Status.PENDING)
    decided = FarmerApplication.objects.exclude(status=FarmerApplication.Status.PENDING)
    return render(
        request,
        "land_use/applications.html",
        {
            "pending": pending.select_related("applicant"),
            "decided": decided.select_related("applicant", "decided_by")[:50],
        },
    )


@require_POST
@login_required
def application_decide(request, pk):
    application = get_object_or_404(FarmerApplication, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to grant or refuse the request."))
        return redirect("land_use:applications")
    decide = (
        farmer_application_grant
        if form.cleaned_data["decision"] == "grant"
        else farmer_application_refuse
    )
    try:
        decide(application=application, planner=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        for sentence in error.messages:
            messages.error(request, sentence)
    else:
        messages.success(
            request,
            _("%(farm)s: the decision is recorded and the person is told by email.")
            % {"farm": application.farm_name},
        )
    return redirect("land_use:applications")
