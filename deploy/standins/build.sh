#!/usr/bin/env bash
# ONLY for machines without an image registry (the project's own build machines): builds local
# stand-ins for the two official images compose.yaml names, postgres:16 and nginx:1.27-alpine,
# from Debian bookworm (debootstrap minbase + Debian's postgresql 15 / nginx 1.22), imported into
# podman under the official names. Wherever `docker pull` works, do not use this: the official
# images are what compose.yaml is written for. Nothing here is used by the bot at run time.
# (python:3.11-slim comes from ../shared/tools/docker/build-base.sh the same way.)
#
# What the postgres stand-in honours, like the official image: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB (the first start initialises /var/lib/postgresql/data, UTF-8, password auth over
# TCP), `pg_isready` on the PATH, STOPSIGNAL SIGINT. Not: *_FILE variables, initdb.d scripts,
# POSTGRES_INITDB_ARGS, PostgreSQL 16 (it is 15). The nginx stand-in: /etc/nginx/conf.d/*.conf
# is included (Debian's default site removed), logs to stdout/stderr, runs in the foreground, and
# its entrypoint sources /docker-entrypoint.d/*.envsh and fills in /etc/nginx/templates/*.template
# as the official one does (not its other steps: IPv6 listen rewriting, worker tuning).
# Idempotent; ~2 min per image on first run. Usage: deploy/standins/build.sh [postgres] [nginx]
set -euo pipefail
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq podman runc debootstrap >/dev/null
fi

rootfs() {  # rootfs DIR PACKAGES: a bookworm minbase with PACKAGES, without apt's caches
  debootstrap --variant=minbase --include="$2" bookworm "$1" "$MIRROR" >/dev/null
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*
}

postgres() {
  local name=docker.io/library/postgres:16
  if podman image exists $name; then echo "$name present"; return; fi
  local R; R=$(mktemp -d "${TMPDIR:-/tmp}/ts-pg.XXXX")
  rootfs "$R" postgresql
  rm -rf "$R"/etc/postgresql/15/main "$R"/var/lib/postgresql/15  # the package's own cluster
  cat > "$R/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
# The official image's contract, reduced: initialise PGDATA once from POSTGRES_*, then run
# postgres (pid 1) as the postgres user.
set -eu
export PGDATA=${PGDATA:-/var/lib/postgresql/data}
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ "${1:-postgres}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  user=${POSTGRES_USER:-postgres}; db=${POSTGRES_DB:-$user}
  pw=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" > "$pw"; chown postgres "$pw"
  as_pg initdb -D "$PGDATA" -U "$user" --pwfile="$pw" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    as_pg psql -q -v ON_ERROR_STOP=1 -U "$user" -d postgres \
      -c "CREATE DATABASE \"$db\"" >/dev/null
    as_pg pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "database $db initialised for $user"
fi
if [ "${1:-postgres}" = postgres ]; then shift || true; exec setpriv --reuid=postgres \
  --regid=postgres --init-groups postgres -D "$PGDATA" "$@"; fi
exec "$@"
SH
  chmod 755 "$R/usr/local/bin/docker-entrypoint.sh"
  tar -C "$R" -c . | podman import \
    --change 'ENV=PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV=PGDATA=/var/lib/postgresql/data' \
    --change 'ENTRYPOINT=["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD=["postgres"]' \
    --change 'STOPSIGNAL=SIGINT' --change 'EXPOSE=5432' --change 'VOLUME=/var/lib/postgresql/data' \
    - $name >/dev/null
  rm -rf "$R"
  echo "$name built (Debian's PostgreSQL 15)"
}

nginx() {
  local name=docker.io/library/nginx:1.27-alpine
  if podman image exists $name; then echo "$name present"; return; fi
  local R; R=$(mktemp -d "${TMPDIR:-/tmp}/ts-nginx.XXXX")
  rootfs "$R" nginx-light,gettext-base
  rm -f "$R"/etc/nginx/sites-enabled/default  # the official image has only conf.d/default.conf
  ln -sf /dev/stdout "$R"/var/log/nginx/access.log
  ln -sf /dev/stderr "$R"/var/log/nginx/error.log
  # in the foreground (the official image's CMD says `-g 'daemon off;'`, which `podman import
  # --change` cannot spell: it splits at spaces)
  sed -i '1i daemon off;' "$R"/etc/nginx/nginx.conf
  # the official entrypoint's two steps compose.yaml uses: source /docker-entrypoint.d/*.envsh,
  # then fill in /etc/nginx/templates/*.template (defined variables only) into conf.d
  mkdir -p "$R"/docker-entrypoint.d "$R"/etc/nginx/templates
  cat > "$R/docker-entrypoint.sh" <<'SH'
#!/bin/sh
set -eu
for f in /docker-entrypoint.d/*.envsh; do if [ -x "$f" ]; then . "$f"; fi; done
defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for t in /etc/nginx/templates/*.template; do
  [ -f "$t" ] || continue
  envsubst "$defined" < "$t" > "/etc/nginx/conf.d/$(basename "$t" .template)"
done
exec "$@"
SH
  chmod 755 "$R/docker-entrypoint.sh"
  tar -C "$R" -c . | podman import \
    --change 'ENTRYPOINT=["/docker-entrypoint.sh"]' --change 'CMD=["nginx"]' \
    --change 'STOPSIGNAL=SIGQUIT' \
    --change 'EXPOSE=80' - $name >/dev/null
  rm -rf "$R"
  echo "$name built (Debian's nginx 1.22)"
}

for what in "${@:-postgres nginx}"; do for w in $what; do "$w"; done; done
