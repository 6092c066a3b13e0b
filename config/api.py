"""The REST API router: every collection of DESIGN.md registers here under /api/v1/."""

from rest_framework.routers import DefaultRouter

from heritage.api.heritage import HeritageSiteViewSet
from land_use.api.eco_housing import EcoHousingSiteViewSet
from land_use.api.equipment import EquipmentViewSet
from land_use.api.views import ParcelViewSet
from land_use.api.zones import ZoneViewSet
from mapping.api.consultations import ConsultationViewSet
from mapping.api.fifty_fifty import FiftyFiftyViewSet
from mapping.api.key_figures import KeyFiguresViewSet
from mapping.api.meetings import MeetingViewSet
from mapping.api.views import CommentViewSet, ProposalViewSet
from territory.api.communes import CommuneViewSet

router = DefaultRouter()
router.register("communes", CommuneViewSet, basename="commune")
router.register("zones", ZoneViewSet, basename="zone")
router.register("parcels", ParcelViewSet, basename="parcel")
router.register("eco-housing", EcoHousingSiteViewSet, basename="eco-housing")
router.register("heritage", HeritageSiteViewSet, basename="heritage")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("comments", CommentViewSet, basename="comment")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("key-figures", KeyFiguresViewSet, basename="key-figures")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("fifty-fifty", FiftyFiftyViewSet, basename="fifty-fifty")
router.register("equipment", EquipmentViewSet, basename="equipment")

urlpatterns = router.urls
