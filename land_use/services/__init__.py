"""Every write of organic farmland that has rules: parcels, uploads, farmer applications.

Each service validates everything before it saves, inside one transaction, so a refused request
leaves nothing half-stored; each refusal is a `ValidationError` whose sentence a farmer
understands. Every change to a parcel leaves a `ParcelEvent` (who, what, when, why).
"""

from land_use.services.farmers import (
    farmer_application_grant,
    farmer_application_refuse,
    farmer_application_submit,
)
from land_use.services.parcel_uploads import (
    UPLOAD_KEPT_FOR,
    parcel_upload_confirm,
    parcel_upload_select_layer,
    parcel_upload_start,
    parcel_uploads_purge,
)
from land_use.services.parcels import (
    ATTRIBUTE_FIELDS,
    EDITABLE_FIELDS,
    OVERLAP_TOLERANCE,
    PARCEL_GEOMETRY_TYPES,
    PARCEL_MAX_AREA_HA,
    PARCEL_MAX_VERTICES,
    PARCEL_MIN_AREA_HA,
    ParcelChanged,
    parcel_archive,
    parcel_check_geometry,
    parcel_clean_attributes,
    parcel_import_open_data,
    parcel_overlaps,
    parcel_register,
    parcel_update,
)

__all__ = [
    "ATTRIBUTE_FIELDS",
    "EDITABLE_FIELDS",
    "OVERLAP_TOLERANCE",
    "PARCEL_GEOMETRY_TYPES",
    "PARCEL_MAX_AREA_HA",
    "PARCEL_MAX_VERTICES",
    "PARCEL_MIN_AREA_HA",
    "UPLOAD_KEPT_FOR",
    "ParcelChanged",
    "farmer_application_grant",
    "farmer_application_refuse",
    "farmer_application_submit",
    "parcel_archive",
    "parcel_check_geometry",
    "parcel_clean_attributes",
    "parcel_import_open_data",
    "parcel_overlaps",
    "parcel_register",
    "parcel_update",
    "parcel_upload_confirm",
    "parcel_upload_select_layer",
    "parcel_upload_start",
    "parcel_uploads_purge",
]
