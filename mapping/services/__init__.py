"""Every write of the participatory map that has rules, one module per part.

Views and commands call `mapping.services.<entity>_<action>`; the modules hold the rules.
"""

from mapping.services.assignments import proposal_assign
from mapping.services.consultations import (
    consultation_check_open,
    consultation_check_register_open,
    consultation_create,
    consultation_report_upload,
    consultation_update,
)
from mapping.services.contributions import (
    comment_create,
    comment_delete,
    comment_update,
    support_add,
    support_remove,
)
from mapping.services.fifty_fifty import (
    FIFTY_FIFTY_MAX_BUDGET,
    fifty_fifty_apply,
    fifty_fifty_check_budget,
    fifty_fifty_move,
    fifty_fifty_update,
)
from mapping.services.follows import (
    follow_add,
    follow_remove,
    is_following,
    proposal_recipients,
    proposal_tell_followers,
)
from mapping.services.history import version_restore
from mapping.services.meetings import meeting_record, meeting_update
from mapping.services.moderation import (
    REPORTS_TO_HIDE,
    account_block,
    account_unblock,
    content_hide,
    content_restore,
    report_create,
    reports_dismiss,
)
from mapping.services.proposals import (
    PROPOSAL_GEOMETRY_TYPES,
    PROPOSAL_MAX_AREA_HA,
    PROPOSAL_MAX_VERTICES,
    PROPOSAL_TITLE_MAX_LENGTH,
    proposal_check_description,
    proposal_check_geometry,
    proposal_check_title,
    proposal_create,
    proposal_refresh_spatial_links,
    proposal_update,
    proposal_withdraw,
)
from mapping.services.review import proposal_answer, proposal_check_answer, proposal_staff_update
from mapping.services.zone_shares import proposal_zone_shares_recompute

__all__ = [
    "FIFTY_FIFTY_MAX_BUDGET",
    "PROPOSAL_GEOMETRY_TYPES",
    "PROPOSAL_MAX_AREA_HA",
    "PROPOSAL_MAX_VERTICES",
    "PROPOSAL_TITLE_MAX_LENGTH",
    "REPORTS_TO_HIDE",
    "account_block",
    "account_unblock",
    "comment_create",
    "comment_delete",
    "comment_update",
    "consultation_check_open",
    "consultation_check_register_open",
    "consultation_create",
    "consultation_report_upload",
    "consultation_update",
    "content_hide",
    "content_restore",
    "fifty_fifty_apply",
    "fifty_fifty_check_budget",
    "fifty_fifty_move",
    "fifty_fifty_update",
    "follow_add",
    "follow_remove",
    "is_following",
    "meeting_record",
    "meeting_update",
    "proposal_answer",
    "proposal_assign",
    "proposal_check_answer",
    "proposal_check_description",
    "proposal_check_geometry",
    "proposal_check_title",
    "proposal_create",
    "proposal_recipients",
    "proposal_refresh_spatial_links",
    "proposal_staff_update",
    "proposal_tell_followers",
    "proposal_update",
    "proposal_withdraw",
    "proposal_zone_shares_recompute",
    "report_create",
    "reports_dismiss",
    "support_add",
    "support_remove",
    "version_restore",
]
