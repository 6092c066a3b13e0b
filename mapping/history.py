"""The participatory map's versioned models: the one list of what this app keeps every
version of (territory.history holds the machinery). Imported by mapping.models as it loads."""

from mapping.models import Comment, Consultation, FiftyFiftyProject, Meeting, Proposal
from territory.history import versioned

# Proposals carry their planners' answers (status, answer, who and when): versioned with them.
PROPOSALS = versioned(Proposal, key="proposals")
COMMENTS = versioned(Comment, key="comments")
CONSULTATIONS = versioned(Consultation, key="consultations")
MEETINGS = versioned(Meeting, key="meetings")
FIFTY_FIFTY = versioned(FiftyFiftyProject, key="fifty-fifty")
