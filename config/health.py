"""`/health/`: 200 when the database answers, 503 when it does not (for the town's monitoring)."""

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


# Outside ATOMIC_REQUESTS: opening the request's transaction would fail before the view could
# say, in its own JSON, that the database is away.
@transaction.non_atomic_requests
@require_GET
@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT PostGIS_Lib_Version()")
            postgis = cursor.fetchone()[0]
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True, "postgis": postgis})
