#!/usr/bin/env bash
# Sets up everything the project needs on a Debian 12 / Ubuntu 24.04 machine, idempotently:
# system packages (PostgreSQL + PostGIS, gettext, Node.js for the front-end packages, and
# Chromium for the browser tests), a running PostgreSQL, the database, the virtual environment,
# the front-end assets, translations and migrations.
#
#   scripts/setup.sh serve   what serving the map needs
#   scripts/setup.sh test    the same, plus Chromium, Debian's docker-compose (to validate the
#                            compose file) and the test dependencies
#
# DATABASE_URL (postgis://user:password@host:port/name) is honoured when set; otherwise a local
# database `cadre_de_vie` is created for the current user over PostgreSQL's socket.
set -euo pipefail

mode="${1:-serve}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- system packages -------------------------------------------------------------------------
packages=()
command -v psql >/dev/null 2>&1 || packages+=(postgresql postgresql-contrib)
pg_version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$pg_version" ] || ! ls /usr/share/postgresql/"$pg_version"/extension/postgis.control \
        >/dev/null 2>&1; then
    packages+=("postgresql-${pg_version:-15}-postgis-3")
fi
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "$mode" = test ] && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
# Validates docker-compose.yml without a container engine (scripts/test).
if [ "$mode" = test ] && ! command -v docker-compose >/dev/null 2>&1; then
    packages+=(docker-compose)
fi
if [ "${#packages[@]}" -gt 0 ]; then
    say "Installing system packages: ${packages[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${packages[@]}"
    pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
fi

# --- PostgreSQL running, a role and a database -------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
    if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
        say "Starting PostgreSQL $pg_version"
        cluster="$(pg_lsclusters -h | awk 'NR==1 {print $2}')"
        as_root pg_ctlcluster --skip-systemctl-redirect "$pg_version" "${cluster:-main}" start
    fi
    me="$(id -un)"
    if ! psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
        say "Creating the PostgreSQL role $me"
        # Superuser: migrations create the postgis extension and the tests their own database.
        as_root runuser -u postgres -- createuser --superuser "$me"
    fi
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cadre_de_vie'" \
            | grep -q 1; then
        say "Creating the database cadre_de_vie"
        createdb cadre_de_vie
    fi
fi

# --- Python ----------------------------------------------------------------------------------
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Python 3.11 or newer is needed (found $("$python" --version))." >&2
    exit 1
}
if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment .venv"
    "$python" -m venv .venv || {
        as_root apt-get install -y -q python3-venv && "$python" -m venv .venv
    }
fi
extras=""
[ "$mode" = test ] && extras="[test]"
stamp=".venv/.installed-$mode-$(cat pyproject.toml requirements/constraints.txt | sha1sum | cut -c1-12)"
if [ ! -e "$stamp" ]; then
    say "Installing the Python dependencies"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -c requirements/constraints.txt -e ".$extras"
    touch "$stamp"
fi

# --- front-end packages (served by the app, never from a CDN) ---------------------------------
if [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing the front-end packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi

# --- translations and database ---------------------------------------------------------------
say "Compiling translations"
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
if [ "$mode" = serve ]; then
    say "Migrating the database and loading Loos-en-Gohelle"
    .venv/bin/python manage.py migrate --no-input -v 0
    .venv/bin/python manage.py load_loos
fi
