"""The container's health check: GET /health/ on gunicorn, healthy only on a 200.

/health/ answers 200 when the database answers and 503 when it does not (config/health.py). The
request names a host the settings allow (the first of ALLOWED_HOSTS) and says it came through
the TLS proxy, as every real request does, so neither the host check nor the HTTPS redirect
answers in the view's place.
"""

import http.client
import os
import sys

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
connection = http.client.HTTPConnection("127.0.0.1", 8000, timeout=4)
try:
    connection.request("GET", "/health/", headers={"Host": host, "X-Forwarded-Proto": "https"})
    status = connection.getresponse().status
except OSError as error:
    sys.exit(f"/health/ did not answer: {error}")
sys.exit(0 if status == 200 else f"/health/ answered {status}")
