#!/usr/bin/env bash
# Online backup of one EventStoreDB node: the service `eventstore-backup` of docker-compose.yml (profile
# ops), run from cron with `docker compose run --rm eventstore-backup` (docs/deployment.md, "Backups").
#
# It follows the file copy of the server's guide ("Backup and restore", simple full backup):
#   0. the node must be a leader or a follower (up to date and in the cluster), and no scavenge may run
#      (a scavenge rewrites chunks): a running one is stopped; this system deletes nothing, so a
#      scavenge has little to reclaim and can be started again later;
#   1. the index checkpoints (index/**/*.chk), 2. the rest of index/, 3. the database checkpoints
#      (*.chk), 4. the chunk files (chunk-*);
# into /backups/eventstoredb/<UTC time>-<node>.partial, then a SHA-256 manifest, then a rename to the
# final name: a directory without `.partial` is complete. A file that vanishes while it is copied (the
# node merged its index meanwhile) restarts the copy, up to three times.
#
# EVENTSTORE_BACKUP_NODE: the node to copy (default eventstore-node2; any up-to-date node will do, and
# every node of a new cluster can be restored from the copy). EVENTSTORE_BACKUP_KEEP: how many complete
# backups to keep in the volume (default 0: all). Keep copies off the machine, six years at least.
set -euo pipefail

node=${EVENTSTORE_BACKUP_NODE:-eventstore-node2}
keep=${EVENTSTORE_BACKUP_KEEP:-0}
src=/data/$node
root=/backups/eventstoredb
say() { echo "eventstore-backup: $*"; }
fail() {
  echo "eventstore-backup: $*" >&2
  exit 1
}
[[ $node =~ ^eventstore-node[1-3]$ ]] || fail "EVENTSTORE_BACKUP_NODE must be eventstore-node1, -node2 or -node3"
[[ $keep =~ ^[0-9]+$ ]] || fail "EVENTSTORE_BACKUP_KEEP must be a whole number"
[[ -d $src ]] || fail "$src is not mounted"
[[ -n ${EVENTSTORE_OPS_PASSWORD:-} ]] || fail "EVENTSTORE_OPS_PASSWORD is required"

node_api() {
  curl --fail --silent --show-error --max-time 15 --cacert /etc/eventstore/ca/ca.crt \
    --user "ops:$EVENTSTORE_OPS_PASSWORD" "$@"
}
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }

# 0. A node that is up to date, and no scavenge.
state=$(node_api "https://$node:2113/info" | json_field state | tr '[:upper:]' '[:lower:]' || true)
[[ $state == leader || $state == follower ]] || fail "$node is '${state:-unreachable}', not a leader or a follower"
scavenge=$(node_api "https://$node:2113/admin/scavenge/current" | json_field scavengeId || true)
if [[ -n $scavenge ]]; then
  node_api -X DELETE "https://$node:2113/admin/scavenge/$scavenge" >/dev/null
  say "stopped scavenge $scavenge on $node for the copy; start it again later if it is still wanted"
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
dest=$root/$stamp-$node
partial=$dest.partial
trap 'rm -rf "$partial"' EXIT

# Called as a condition, where `set -e` does not apply: every step says when it failed.
copy() {
  rm -rf "$partial" && mkdir -p "$partial" && cd "$src" || return 1
  if [[ -d index ]]; then
    find index -type f -name '*.chk' -exec cp -p --parents -t "$partial/" {} + || return 1
    find index -type f ! -name '*.chk' -exec cp -p --parents -t "$partial/" {} + || return 1
  fi
  find . -maxdepth 1 -type f -name '*.chk' -exec cp -p -t "$partial/" {} + || return 1
  find . -maxdepth 1 -type f -name 'chunk-*' -exec cp -p -t "$partial/" {} + || return 1
}
for attempt in 1 2 3; do
  if copy; then break; fi
  ((attempt < 3)) || fail "the copy failed three times"
  say "a file changed during the copy (attempt $attempt); copying again"
done
[[ -f $partial/chaser.chk ]] || fail "no chaser.chk in $src: not an EventStoreDB data directory"

{
  echo "node: $node ($state)"
  echo "taken: $stamp"
  echo "restore: stop the node, copy these files into its empty data directory, copy chaser.chk over truncate.chk, start it"
} >"$partial/BACKUP.txt"
(cd "$partial" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$root/.manifest-$stamp"
mv "$root/.manifest-$stamp" "$partial/MANIFEST.sha256"
mv "$partial" "$dest"
trap - EXIT
say "backup of $node complete: $dest ($(find "$dest" -type f | wc -l) files, $(du -sh "$dest" | cut -f1))"

if ((keep > 0)); then
  find "$root" -mindepth 1 -maxdepth 1 -type d -name '*-eventstore-node?' | sort | head -n "-$keep" |
    while read -r old; do
      rm -rf "$old"
      say "removed the older local copy $old (EVENTSTORE_BACKUP_KEEP=$keep)"
    done
fi
