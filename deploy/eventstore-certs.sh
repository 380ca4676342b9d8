#!/usr/bin/env bash
# EventStoreDB certificates for docker-compose.yml: the one-shot service `eventstore-certs`, run on every
# `docker compose up` and by deploy/renew-certificates.sh, in the official es-gencert-cli image.
#
# First run: a CA valid EVENTSTORE_CA_DAYS (default 1825, five years) and one certificate per node valid
# EVENTSTORE_NODE_CERT_DAYS (default 365), for the node's name and fixed address on the cluster network.
# Later runs renew a node certificate when fewer than EVENTSTORE_CERT_RENEW_BEFORE_DAYS (default 30)
# remain (EVENTSTORE_CERT_RENEW=due, the default), or every one (EVENTSTORE_CERT_RENEW=all). A renewed
# certificate is printed as a line starting with `renewed `; nodes load it on /admin/reloadconfig or at
# their next start. The CA is never replaced here: that is planned work (docs/deployment.md,
# "Certificates"); this job warns from 180 days before it expires.
#
# Volumes: /ca-private (the CA and its key: no other service mounts it), /ca-public (the CA certificate
# for nodes and clients), /nodes (node<N>/node.crt, node.key). Next to each certificate, `*.expires`
# holds its expiry in seconds since the epoch (this image has no openssl to read it back).
set -euo pipefail

ca_days=${EVENTSTORE_CA_DAYS:-1825}
node_days=${EVENTSTORE_NODE_CERT_DAYS:-365}
renew_before=${EVENTSTORE_CERT_RENEW_BEFORE_DAYS:-30}
mode=${EVENTSTORE_CERT_RENEW:-due}
ca_warn_days=180

fail() {
  echo "eventstore-certs: $*" >&2
  exit 1
}
for setting in ca_days node_days renew_before; do
  [[ ${!setting} =~ ^[0-9]+$ ]] || fail "$setting must be a whole number of days"
done
((node_days > renew_before)) || fail "EVENTSTORE_NODE_CERT_DAYS must exceed EVENTSTORE_CERT_RENEW_BEFORE_DAYS"
[[ $mode == due || $mode == all ]] || fail "EVENTSTORE_CERT_RENEW must be due or all"

now=$(date +%s)
day=86400
when() { date -u -d "@$1" '+%Y-%m-%d' 2>/dev/null || echo "@$1"; }

if [[ ! -f /ca-private/ca.crt ]]; then
  es-gencert-cli create-ca -days "$ca_days" -out /ca-private
  echo $((now + ca_days * day)) >/ca-private/ca.expires
  echo "created the CA: valid $ca_days days, until $(when $((now + ca_days * day)))"
fi
chmod 0700 /ca-private
chmod 0600 /ca-private/ca.key
if [[ -f /ca-private/ca.expires ]]; then
  ca_expires=$(cat /ca-private/ca.expires)
  if ((ca_expires - now < ca_warn_days * day)); then
    echo "WARNING: the EventStoreDB CA expires on $(when "$ca_expires"): plan its replacement (docs/deployment.md, \"Certificates\")" >&2
  fi
fi
mkdir -p /ca-public
cp /ca-private/ca.crt /ca-public/ca.crt

# Node n: name eventstore-node<n>, address 172.30.240.1<n> (docker-compose.yml, network eventstore-cluster).
for n in 1 2 3; do
  dir=/nodes/node$n
  reason=
  if [[ ! -f $dir/node.crt || ! -f $dir/node.key ]]; then
    reason="new"
  elif [[ $mode == all ]]; then
    reason="renewal asked for"
  elif [[ ! -f $dir/node.expires ]]; then
    reason="expiry not recorded"
  elif (($(cat "$dir/node.expires") - now < renew_before * day)); then
    reason="expires on $(when "$(cat "$dir/node.expires")")"
  fi
  if [[ -z $reason ]]; then
    echo "node$n: valid until $(when "$(cat "$dir/node.expires")")"
    continue
  fi
  # Made beside the live files, then moved over them: a node never reads a half-written pair.
  staging=/nodes/.staging-node$n
  rm -rf "$staging"
  es-gencert-cli create-node -ca-certificate /ca-private/ca.crt -ca-key /ca-private/ca.key -out "$staging" \
    -days "$node_days" -ip-addresses "127.0.0.1,172.30.240.1$n" -dns-names "localhost,eventstore-node$n"
  mkdir -p "$dir"
  # The EventStoreDB image runs as uid 1000, and so does the node user of the application image.
  chown 1000:1000 "$staging/node.crt" "$staging/node.key"
  chmod 0644 "$staging/node.crt"
  chmod 0600 "$staging/node.key"
  mv -f "$staging/node.key" "$dir/node.key"
  mv -f "$staging/node.crt" "$dir/node.crt"
  rm -rf "$staging"
  echo $((now + node_days * day)) >"$dir/node.expires"
  echo "renewed node$n ($reason): valid $node_days days, until $(when $((now + node_days * day)))"
done

chown -R 1000:1000 /nodes /ca-public
chmod 0755 /nodes /nodes/node1 /nodes/node2 /nodes/node3 /ca-public
chmod 0644 /ca-public/ca.crt
