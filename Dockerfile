# syntax=docker/dockerfile:1
# The application image for a town's server (docker-compose.yml runs it; README "Deploy").
# GDAL, GEOS and PROJ come from the pyogrio and shapely wheels, so the image needs no GIS system
# package. Base images are pinned by tag; pin them by digest too (FROM image:tag@sha256:...) once
# the digest you have built and tested is known, so a rebuild months later gets the same bytes.

# --- the front-end packages (package-lock.json), served by the app itself, never from a CDN ------
FROM node:24-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- the application ------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    BACKUP_DIR=/backups

# gettext: compilemessages at build; tzdata: the backup schedule's local time;
# postgresql-client-15 (the server's major version): pg_dump and pg_restore for manage.py backup
# and restore. Debian stable's versions are what its security updates patch, so they are taken
# as they come rather than pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client-15 tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The dependencies first, in their own layer: a change of code does not reinstall them. Only the
# dependencies of pyproject.toml, at the versions of requirements/constraints.txt; the code runs
# from /app itself.
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -c requirements/constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --from=assets /build/node_modules node_modules
COPY . .
# Static files collected once, at build, for WhiteNoise (hashed names, compressed copies). The
# values below exist only for these commands: production settings refuse to start without them.
RUN DJANGO_SETTINGS_MODULE=config.settings.local \
       python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only-never-served ALLOWED_HOSTS=localhost SITE_URL=https://localhost \
       DATABASE_URL=postgis://build@localhost/build \
       python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/media /backups \
    && chown app:app /app/media /backups

USER 10001:10001
EXPOSE 8000
# For the web process (gunicorn); docker-compose.yml turns it off for the one-shot and backup
# services, which run the same image without gunicorn.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]
