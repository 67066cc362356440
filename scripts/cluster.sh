#!/usr/bin/env bash
# A multi-host OrleansGov cluster on one machine: Linux network namespaces joined by a bridge, each
# its own host with its own address, a Redis membership/checkpoint store on one of them and one silo
# on each of the others. Needs root (ip netns), redis-server, and a Release build of the silo.
#
#   scripts/cluster.sh up N [--tls]   create the hosts, start Redis and N silos, wait until all are active
#   scripts/cluster.sh status         the hosts, pids and each silo's membership status
#   scripts/cluster.sh env            prints the settings a client needs (eval "$(scripts/cluster.sh env)")
#   scripts/cluster.sh kill I         kill -9 silo I (1-based)
#   scripts/cluster.sh stop I         SIGTERM silo I (a graceful stop) and wait for it to exit
#   scripts/cluster.sh start I        (re)start silo I
#   scripts/cluster.sh down           stop everything by pid, delete the namespaces and the bridge (idempotent)
#
# State (pids, logs, addresses, TLS material) lives in $ORLEANSGOV_CLUSTER_STATE (default
# /tmp/orleansgov-cluster). Names carry a prefix of their own (og-<pid>-…), the /24 is picked at
# random inside 10.0.0.0/8 and checked unused, and traffic stays on the bridge and inside the
# namespaces. `up` tears everything down again if it fails half-way.
# Silo settings can also come from the environment, which the silos inherit: e.g.
# `Silo__RuntimeDashboard=true scripts/cluster.sh up 3` for Orleans' runtime view (docs/CLUSTER.md).
set -euo pipefail

STATE="${ORLEANSGOV_CLUSTER_STATE:-/tmp/orleansgov-cluster}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SILO_BIN="${ORLEANSGOV_SILO:-$ROOT/Silo/bin/Release/net10.0/orleansgov-silo}"
CLUSTER_ID="${ORLEANSGOV_CLUSTER_ID:-dev}"
REDIS_PORT=6379 SILO_PORT=11111 GATEWAY_PORT=30000
TLS_PASSWORD=orleansgov

die() { echo "cluster.sh: $*" >&2; exit 1; }
log() { echo "cluster.sh: $*" >&2; }

load_state() {
  [ -f "$STATE/cluster.env" ] || die "no cluster is up (no $STATE/cluster.env); run: $0 up N"
  # shellcheck disable=SC1091
  . "$STATE/cluster.env"
}

silo_ip() { echo "$NET.$((10 + $1))"; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

pick_subnet() {
  local used try a b
  used="$(ip -4 -o addr show; ip -4 route show)"
  for try in $(seq 1 50); do
    a=$((100 + RANDOM % 150)); b=$((RANDOM % 256))
    if ! grep -q "10\.$a\.$b\." <<<"$used"; then echo "10.$a.$b"; return; fi
  done
  die "found no unused 10.x.y.0/24"
}

make_host() { # name index address
  local ns="$PREFIX$1" veth="${BRIDGE%b}v$2"
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$BRIDGE" up
  ip netns exec "$ns" ip addr add "$3/24" dev eth0
  ip netns exec "$ns" ip link set eth0 up
  ip netns exec "$ns" ip link set lo up
}

make_tls() {
  local dir="$STATE/tls"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" -days 2 -subj "/CN=orleansgov-test-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$dir/member.key" -out "$dir/member.csr" -subj "/CN=orleansgov" 2>/dev/null
  printf 'subjectAltName=DNS:orleansgov\nextendedKeyUsage=serverAuth,clientAuth\n' >"$dir/ext.cnf"
  openssl x509 -req -in "$dir/member.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -out "$dir/member.crt" -days 2 -extfile "$dir/ext.cnf" 2>/dev/null
  openssl pkcs12 -export -out "$dir/member.pfx" -inkey "$dir/member.key" -in "$dir/member.crt" -passout "pass:$TLS_PASSWORD"
}

start_silo() { # index
  local i="$1" ip tls=()
  ip="$(silo_ip "$i")"
  if [ "$TLS" = 1 ]; then
    tls=(--Silo:Tls:Certificate "$STATE/tls/member.pfx" --Silo:Tls:Password "$TLS_PASSWORD" --Silo:Tls:Authority "$STATE/tls/ca.crt")
  fi
  ip netns exec "${PREFIX}s$i" "$SILO_BIN" --Silo:Redis "$NET.2:$REDIS_PORT" --Silo:AdvertisedIP "$ip" \
    --Silo:SiloPort "$SILO_PORT" --Silo:GatewayPort "$GATEWAY_PORT" --Silo:ClusterId "$CLUSTER_ID" "${tls[@]}" \
    >"$STATE/silo$i.log" 2>&1 &
  echo $! >"$STATE/silo$i.pid"
}

# Membership status of silo I in Redis: 3 active, 4 shutting down, 5 stopping, 6 dead; empty if absent.
silo_status() {
  ip netns exec "${PREFIX}store" redis-cli -h "$NET.2" -p "$REDIS_PORT" hgetall "$CLUSTER_ID/members/$CLUSTER_ID" 2>/dev/null \
    | grep "\"$(silo_ip "$1"):$SILO_PORT@" | sed -n 's/.*"Status":\([0-9]*\).*/\1/p' | sort -n | tail -1
}

wait_active() { # index, seconds
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    alive "$STATE/silo$1.pid" || die "silo $1 exited while starting; see $STATE/silo$1.log: $(tail -3 "$STATE/silo$1.log")"
    if [ "$(silo_status "$1")" = 3 ] && timeout 1 bash -c "</dev/tcp/$(silo_ip "$1")/$GATEWAY_PORT" 2>/dev/null; then return; fi
    sleep 0.5
  done
  die "silo $1 not active within $2 s; see $STATE/silo$1.log"
}

cmd_up() {
  local n="${1:-}" tls_flag="${2:-}"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "usage: $0 up N [--tls] (N from 1 to 99)"
  [ "$(id -u)" = 0 ] || die "needs root (ip netns)"
  command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install -y redis-server)"
  [ -x "$SILO_BIN" ] || die "no silo at $SILO_BIN (dotnet build OrleansGov.sln -c Release)"
  [ -f "$STATE/cluster.env" ] && die "a cluster is already up ($STATE); run: $0 down"
  mkdir -p "$STATE"
  PREFIX="og-$$-" BRIDGE="og$$b" NET="$(pick_subnet)" SILOS="$n" TLS=0
  [ "$tls_flag" = --tls ] && TLS=1
  printf 'PREFIX=%s\nBRIDGE=%s\nNET=%s\nSILOS=%s\nTLS=%s\n' "$PREFIX" "$BRIDGE" "$NET" "$SILOS" "$TLS" >"$STATE/cluster.env"
  trap 'log "up failed; tearing down"; cmd_down >/dev/null 2>&1 || true' ERR EXIT

  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  make_host store 0 "$NET.2"
  for i in $(seq 1 "$n"); do make_host "s$i" "$i" "$(silo_ip "$i")"; done
  [ "$TLS" = 1 ] && make_tls

  ip netns exec "${PREFIX}store" redis-server --port "$REDIS_PORT" --bind "$NET.2" --protected-mode no \
    --save '' --appendonly no --daemonize no >"$STATE/redis.log" 2>&1 &
  echo $! >"$STATE/redis.pid"
  for _ in $(seq 1 50); do
    ip netns exec "${PREFIX}store" redis-cli -h "$NET.2" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  # The first silo alone first (it creates the membership table), then the others together.
  start_silo 1
  wait_active 1 120
  for i in $(seq 2 "$n"); do start_silo "$i"; done
  for i in $(seq 2 "$n"); do wait_active "$i" 120; done
  trap - ERR EXIT
  log "up: $n silo(s) on $NET.0/24 (store $NET.2:$REDIS_PORT$([ "$TLS" = 1 ] && echo ', mutual TLS'))"
  cmd_env
}

cmd_env() {
  load_state
  echo "export ORLEANSGOV_CLUSTER=redis://$NET.2:$REDIS_PORT/$CLUSTER_ID"
  echo "export ORLEANSGOV_GATEWAYS=$(for i in $(seq 1 "$SILOS"); do printf '%s:%s,' "$(silo_ip "$i")" "$GATEWAY_PORT"; done | sed 's/,$//')/$CLUSTER_ID"
  if [ "$TLS" = 1 ]; then
    echo "export ORLEANSGOV_TLS_CERT=$STATE/tls/member.pfx ORLEANSGOV_TLS_PASSWORD=$TLS_PASSWORD ORLEANSGOV_TLS_CA=$STATE/tls/ca.crt"
  else
    echo "unset ORLEANSGOV_TLS_CERT ORLEANSGOV_TLS_PASSWORD ORLEANSGOV_TLS_CA"
  fi
}

cmd_status() {
  load_state
  local names=([3]=active [4]=shutting-down [5]=stopping [6]=dead)
  echo "store  $NET.2:$REDIS_PORT  pid $(cat "$STATE/redis.pid" 2>/dev/null)  $(alive "$STATE/redis.pid" && echo running || echo stopped)"
  for i in $(seq 1 "$SILOS"); do
    local st; st="$(silo_status "$i")"
    echo "silo$i  $(silo_ip "$i"):$SILO_PORT  pid $(cat "$STATE/silo$i.pid" 2>/dev/null)  $(alive "$STATE/silo$i.pid" && echo running || echo exited)  membership ${names[${st:-0}]:-absent}"
  done
}

silo_index() {
  load_state
  [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$SILOS" ] || die "silo index must be 1..$SILOS"
}

cmd_kill() {
  silo_index "${1:-}"
  alive "$STATE/silo$1.pid" || die "silo $1 is not running"
  kill -9 "$(cat "$STATE/silo$1.pid")"
  log "killed silo $1 (kill -9)"
}

cmd_stop() {
  silo_index "${1:-}"
  alive "$STATE/silo$1.pid" || die "silo $1 is not running"
  local pid; pid="$(cat "$STATE/silo$1.pid")"
  kill -TERM "$pid"
  for _ in $(seq 1 1500); do kill -0 "$pid" 2>/dev/null || { log "silo $1 stopped"; return; }; sleep 0.1; done
  die "silo $1 did not stop within 150 s"
}

cmd_start() {
  silo_index "${1:-}"
  alive "$STATE/silo$1.pid" && die "silo $1 is running"
  start_silo "$1"
  wait_active "$1" 120
  log "started silo $1"
}

cmd_down() {
  [ -f "$STATE/cluster.env" ] || { log "nothing to take down"; rm -rf "$STATE"; return 0; }
  load_state
  local pidfile pid
  for pidfile in "$STATE"/silo*.pid "$STATE"/redis.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill -9 "$pid" 2>/dev/null || true
  done
  for pidfile in "$STATE"/silo*.pid "$STATE"/redis.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX" || true); do ip netns del "$ns" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -rf "$STATE"
  log "down"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  status) cmd_status ;;
  env) cmd_env ;;
  kill) cmd_kill "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  start) cmd_start "${2:-}" ;;
  down) cmd_down ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
