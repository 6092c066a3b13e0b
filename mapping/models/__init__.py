"""The participatory map: plan reviews (consultations), residents' proposals and what follows.

One module per part; every model is importable from `mapping.models`.
"""

from mapping.models.consultations import Consultation
from mapping.models.fifty_fifty import FiftyFiftyProject
from mapping.models.follows import Follow
from mapping.models.meetings import Meeting
from mapping.models.moderation import ModerationAction, Report
from mapping.models.proposals import Comment, Proposal, ProposalStatusChange, Support
from mapping.models.zone_shares import ProposalZone

__all__ = [
    "Comment",
    "Consultation",
    "FiftyFiftyProject",
    "Follow",
    "Meeting",
    "ModerationAction",
    "Proposal",
    "ProposalStatusChange",
    "ProposalZone",
    "Report",
    "Support",
]

# Every version of these models is kept (the list is in mapping/history.py).
from mapping import history  # noqa: F401
