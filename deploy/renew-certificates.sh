#!/usr/bin/env bash
# Renews the EventStoreDB node certificates before they expire and makes the nodes serve them, on the
# host that runs docker-compose.yml (docs/deployment.md, "Certificates").
#
#   deploy/renew-certificates.sh [--force] [--restart]
#     --force    renew every node certificate now, whatever its expiry (e.g. after a key leaked)
#     --restart  restart the nodes one at a time instead of asking them to reload their certificates
#
# Without --force it renews only certificates with fewer than EVENTSTORE_CERT_RENEW_BEFORE_DAYS (30)
# days left, so it is meant to run often, e.g. weekly from cron (the compose variables, .env, are read
# from the project directory):
#   17 3 * * 1  /srv/ccm/deploy/renew-certificates.sh >> /var/log/ccm-certificates.log 2>&1
# Steps: 1. the eventstore-certs job issues new certificates from the same CA for the nodes that are due;
# 2. `certificates check` reads the files and what each node serves: when all is well, that is all;
# 3. otherwise each node reloads its certificate files (POST /admin/reloadconfig as ops: no downtime),
# or, with --restart or when a reload fails, is restarted after the one before it is healthy again;
# 4. `certificates check` again: non-zero (and so this script) when something is still due or expired,
# e.g. the CA (planned replacement) or the proxy's certificate (Caddy could not renew it).
# The api and the projector trust the CA, which does not change here: they need no restart.
set -euo pipefail
cd "$(dirname "$0")/.."

force=0
restart=0
for arg in "$@"; do
  case "$arg" in
  --force) force=1 ;;
  --restart) restart=1 ;;
  -h | --help)
    sed -n '2,9p' "$0"
    exit 0
    ;;
  *)
    echo "unknown option $arg (see --help)" >&2
    exit 2
    ;;
  esac
done

compose() { docker compose "$@"; }
log() { echo "$(date -u +%FT%TZ) renew-certificates: $*"; }

renew=due
if ((force)); then renew=all; fi
compose run --rm --no-deps -T -e EVENTSTORE_CERT_RENEW="$renew" eventstore-certs

# What the nodes serve may be older than their files (a renewal by `docker compose up`, or a reload
# that failed): the check reads both, and anything due or expired means loading the files again.
if ((!force && !restart)) && compose run --rm --no-deps -T certificates check; then
  log "nothing due"
  exit 0
fi

wait_healthy() {
  local id status=unknown
  id=$(compose ps -q "$1")
  for _ in $(seq 1 60); do
    status=$(docker inspect --format '{{.State.Health.Status}}' "$id")
    [[ $status == healthy ]] && return 0
    sleep 5
  done
  log "$1 is still $status after five minutes"
  return 1
}

if ((!restart)) && compose run --rm --no-deps -T certificates reload; then
  log "the nodes reloaded their certificates"
else
  # One node at a time: the other two keep the quorum, and clients reconnect to the leader.
  for n in 3 2 1; do
    compose restart "eventstore-node$n"
    wait_healthy "eventstore-node$n"
    log "eventstore-node$n restarted with its certificate files"
  done
fi

# Non-zero when something is still due or expired (the CA, the proxy's certificate): alert on it.
compose run --rm --no-deps -T certificates check
