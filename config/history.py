"""Who made a change, for the history of every record (django-pghistory, territory.history)."""

from django.db import connection
from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware


def _as_django_errors(execute, sql, params, many, context):
    # pghistory's statement wrapper asks the connection for its transaction status before each
    # statement; on a connection the database has cut, psycopg raises there, outside Django's
    # error translation. Translated, the error marks the connection unusable, Django replaces it
    # after the request, and the database's return is served again (config.database_errors).
    with context["connection"].wrap_database_errors:
        return execute(sql, params, many, context)


class HistoryMiddleware(PghistoryMiddleware):
    """pghistory's middleware (the request's user and address in each version's context), with
    the database's disappearance reported as Django reports it."""

    def __call__(self, request):
        try:
            with connection.execute_wrapper(_as_django_errors):
                return super().__call__(request)
        finally:
            # A connection the database cut during the request is dropped here, so that the
            # next statement opens a new one instead of failing on the dead one.
            if connection.connection is not None and connection.connection.closed:
                connection.close()
