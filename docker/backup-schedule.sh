#!/bin/sh
# The backup service of docker-compose.yml: every day at BACKUP_AT (HH:MM, the container's
# TZ), `manage.py backup` writes the database into BACKUP_DIR, the uploaded files (MEDIA_ROOT:
# inquiry reports) are archived beside it, and files older than BACKUP_KEEP_DAYS days are deleted.
# A failed backup is logged and retried the next day; the previous files are kept.
# BACKUP_ONCE=1: one round now (database, files, retention), then exit; for a backup by hand
# (`docker compose run --rm -e BACKUP_ONCE=1 backup`) and for tests/config/test_deployment_files.py.
set -u
at="${BACKUP_AT:-02:30}"
keep="${BACKUP_KEEP_DAYS:-30}"
dir="${BACKUP_DIR:-/backups}"

seconds_until() {
    now=$(date +%s)
    next=$(date -d "today $1" +%s)
    [ "$next" -le "$now" ] && next=$(date -d "tomorrow $1" +%s)
    echo $((next - now))
}

# `docker compose stop` sends TERM: leave at once rather than be killed after the grace period
# (the sleep runs in the background so that the shell can act on the signal meanwhile).
sleeper=""
trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; exit 0' TERM INT

once="${BACKUP_ONCE:-}"
while true; do
    if [ -z "$once" ]; then
        sleep "$(seconds_until "$at")" &
        sleeper=$!
        wait "$sleeper"
        sleeper=""
    fi
    if python manage.py backup; then
        stamp=$(date +%Y%m%d-%H%M%S)
        if [ -d "${MEDIA_ROOT:-/app/media}" ]; then
            tar -czf "$dir/.media_$stamp.tar.gz.partial" -C "${MEDIA_ROOT:-/app/media}" . \
                && mv "$dir/.media_$stamp.tar.gz.partial" "$dir/cadre-de-vie_media_$stamp.tar.gz"
        fi
        find "$dir" -maxdepth 1 -name 'cadre-de-vie_*' -mtime +"$keep" -print -delete
    else
        echo "backup failed; the previous backups are kept, next try tomorrow at $at" >&2
        [ -n "$once" ] && exit 1
    fi
    [ -n "$once" ] && exit 0
done
