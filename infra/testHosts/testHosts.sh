#!/usr/bin/env bash
# Three Docker hosts on one machine, for trying the three-host stack (Pulumi.three.yaml) without three
# machines: three network namespaces joined by a bridge, each with its own address, its own dockerd
# (own data-root, exec-root and socket) and its own sshd, reached with a throwaway SSH key.
#
#   infra/testHosts/testHosts.sh up [image]   # bring them up (idempotent); load the image into each engine
#   infra/testHosts/testHosts.sh down         # remove everything it made (also after a failed up)
#   infra/testHosts/testHosts.sh status
#
# Needs root, iproute2, iptables, docker.io and openssh-server. The hosts share this machine's file
# system, so a directory "every host mounts at the same path" (storage kind mounted) is any directory.
set -Eeuo pipefail

# The addresses Pulumi.three.yaml names; CKPT_LAB_TEST_HOSTS overrides them (three, space-separated).
read -r -a HOSTS <<<"${CKPT_LAB_TEST_HOSTS:-10.77.0.11 10.77.0.12 10.77.0.13}"
BRIDGE=ckptlab-br0
BRIDGE_ADDR=10.77.0.1/24
STATE=${CKPT_LAB_TEST_HOSTS_DIR:-/var/lib/ckpt-lab-test-hosts}
RUN=/run/ckpt-lab-test-hosts

ns() { echo "ckptlab-h$1"; }              # namespace of host i (1-based)
addr() { echo "${HOSTS[$(($1 - 1))]}"; }
sock() { echo "$RUN/h$1/docker.sock"; }
log() { echo "test hosts: $*" >&2; }

need() {
  local missing=()
  for c in ip iptables nsenter dockerd sshd ssh-keygen; do command -v "$c" >/dev/null 2>&1 || [ -x "/usr/sbin/$c" ] || missing+=("$c"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "missing: ${missing[*]} (apt-get install iproute2 iptables docker.io openssh-server)"
    exit 2
  fi
  [ "$(id -u)" = 0 ] || { log "must run as root (network namespaces, dockerd)"; exit 2; }
}

# The throwaway client key: its private half is what Pulumi.three.yaml's ckpt-lab:sshKey gets.
client_key() {
  mkdir -p "$STATE"
  [ -f "$STATE/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C ckpt-lab-test-hosts -f "$STATE/id_ed25519"
}

bridge_up() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  # Here-strings, not pipes: under pipefail `ip … | grep -q` fails when grep stops reading early.
  grep -q "${BRIDGE_ADDR%/*}/" <<<"$(ip addr show dev "$BRIDGE")" || ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Traffic between the hosts is bridged here; with br_netfilter loaded (any dockerd on this machine
  # loads it) it passes this namespace's FORWARD chain, whose policy Docker sets to DROP.
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT -m comment --comment ckpt-lab-test-hosts 2>/dev/null ||
    iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT -m comment --comment ckpt-lab-test-hosts
}

netns_up() {
  local i=$1 n veth
  n=$(ns "$i")
  veth="ckptlab-v$i"
  grep -qw "$n" <<<"$(ip netns list)" || ip netns add "$n"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$n"
    ip link set "$veth" master "$BRIDGE" up
  fi
  ip -n "$n" link set lo up
  grep -q "$(addr "$i")/" <<<"$(ip -n "$n" addr show dev eth0)" || ip -n "$n" addr add "$(addr "$i")/24" dev eth0
  ip -n "$n" link set eth0 up
  [ -n "$(ip -n "$n" route show default)" ] || ip -n "$n" route add default via "${BRIDGE_ADDR%/*}"
}

dockerd_up() {
  local i=$1 n
  n=$(ns "$i")
  mkdir -p "$RUN/h$i" "$STATE/h$i/docker"
  if [ -S "$(sock "$i")" ] && docker -H "unix://$(sock "$i")" info >/dev/null 2>&1; then return; fi
  # Its own bridge inside the namespace (docker0 there), its own iptables rules there too.
  # nsenter, not `ip netns exec`: that also remounts /sys, hiding the cgroup mounts dockerd needs.
  nsenter --net="/run/netns/$n" dockerd \
    --data-root "$STATE/h$i/docker" --exec-root "$RUN/h$i/exec" --pidfile "$RUN/h$i/dockerd.pid" \
    -H "unix://$(sock "$i")" >"$STATE/h$i/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do docker -H "unix://$(sock "$i")" info >/dev/null 2>&1 && return; sleep 1; done
  log "dockerd of host $i did not start; see $STATE/h$i/dockerd.log"
  return 1
}

sshd_up() {
  local i=$1 n dir
  n=$(ns "$i")
  dir="$STATE/h$i/ssh"
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
  # The key logs in as root, with this host's engine as its DOCKER_HOST (what `docker -H ssh://` runs there).
  printf 'environment="DOCKER_HOST=unix://%s" %s\n' "$(sock "$i")" "$(cat "$STATE/id_ed25519.pub")" >"$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  cat >"$dir/sshd_config" <<EOF
ListenAddress $(addr "$i")
Port 22
HostKey $dir/host_key
PidFile $RUN/h$i/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitUserEnvironment yes
StrictModes no
UsePAM no
EOF
  if [ -f "$RUN/h$i/sshd.pid" ] && kill -0 "$(cat "$RUN/h$i/sshd.pid")" 2>/dev/null; then return; fi
  mkdir -p /run/sshd
  nsenter --net="/run/netns/$n" /usr/sbin/sshd -f "$dir/sshd_config" -E "$STATE/h$i/sshd.log"
}

load_image() {
  local image=$1 i
  docker image inspect "$image" >/dev/null 2>&1 || { log "image $image is not in the default engine (infra/image/build-image.sh builds it)"; return 1; }
  for i in 1 2 3; do
    docker -H "unix://$(sock "$i")" image inspect "$image" >/dev/null 2>&1 && continue
    log "loading $image into host $i"
    docker save "$image" | docker -H "unix://$(sock "$i")" load >/dev/null
  done
}

LOGS=/tmp/ckpt-lab-test-hosts-logs
keep_logs() {
  mkdir -p "$LOGS"
  for i in 1 2 3; do cp "$STATE/h$i/"*.log "$LOGS/" 2>/dev/null && for f in "$STATE/h$i/"*.log; do mv "$LOGS/$(basename "$f")" "$LOGS/h$i-$(basename "$f")"; done; done
  true
}

up() {
  need
  # Whatever fails on the way up is taken down again: no half-made hosts are left.
  trap 'keep_logs; log "bring-up failed (logs kept in $LOGS); removing what it made"; down; exit 1' ERR
  local started=$SECONDS
  client_key
  bridge_up
  for i in 1 2 3; do netns_up "$i"; dockerd_up "$i"; sshd_up "$i"; done
  [ $# -gt 0 ] && load_image "$1"
  trap - ERR
  log "up in $((SECONDS - started)) s: ${HOSTS[*]} (ssh -i $STATE/id_ed25519 root@<address>; docker -H ssh://root@<address>)"
  echo "$STATE/id_ed25519"
}

down() {
  local i n pid
  for i in 1 2 3; do
    n=$(ns "$i")
    for f in "$RUN/h$i/sshd.pid" "$RUN/h$i/dockerd.pid"; do
      if [ -f "$f" ]; then
        pid=$(cat "$f")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
    # Containers' processes live in the namespace: nothing of it may outlive the host.
    if grep -qw "$n" <<<"$(ip netns list)"; then
      for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns del "$n"
    fi
    ip link del "ckptlab-v$i" 2>/dev/null || true
    ssh-keygen -R "$(addr "$i")" >/dev/null 2>&1 || true
    # dockerd leaves its mounts under the data root and exec root.
    { grep -o " $STATE/h$i/[^ ]*\| $RUN/h$i/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT -m comment --comment ckpt-lab-test-hosts 2>/dev/null; do :; done
  rm -rf "$RUN" "$STATE"
  log "down: nothing left"
}

status() {
  local i
  for i in 1 2 3; do
    if docker -H "unix://$(sock "$i")" info --format "host $i $(addr "$i"): docker {{.ServerVersion}}, {{.Images}} images, {{.Containers}} containers" 2>/dev/null; then :; else echo "host $i $(addr "$i"): down"; fi
  done
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up [image] | down | status" >&2; exit 2 ;;
esac
