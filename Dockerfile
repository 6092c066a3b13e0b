# The application image for a town's server (see docker-compose.yml). GDAL, GEOS and PROJ come
# from the pyogrio and shapely wheels, so the image needs no GIS system package.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c requirements/constraints.txt . \
    && npm ci --no-audit --no-fund --loglevel=error \
    && python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost python manage.py collectstatic --no-input -v 0
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
