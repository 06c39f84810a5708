#!/usr/bin/env bash
# The official Flink image's entrypoint contract: `jobmanager` | `taskmanager` [extra -D args];
# jobmanager.rpc.address from JOB_MANAGER_RPC_ADDRESS (default: this host's name); FLINK_PROPERTIES
# (newline-separated `key: value`) appended to flink-conf.yaml, then envsubst. Runs as user flink.
set -euo pipefail
conf_dir=/opt/flink/conf
conf="$conf_dir/flink-conf.yaml"
role="${1:-help}"
shift || true

case "$role" in
  jobmanager) main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint; util=GET_JM_RESOURCE_PARAMS; mode=(--executionMode cluster) ;;
  taskmanager) main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner; util=GET_TM_RESOURCE_PARAMS; mode=() ;;
  *) echo "usage: docker-entrypoint.sh jobmanager|taskmanager [-D key=value ...]" >&2; exec "$role" "$@" ;;
esac

{
  cat "$conf_dir/flink-conf-base.yaml"
  echo "jobmanager.rpc.address: ${JOB_MANAGER_RPC_ADDRESS:-$(hostname)}"
  # Later keys win in Flink's flat YAML reader, so these override the base.
  [ -n "${FLINK_PROPERTIES:-}" ] && printf '%s\n' "$FLINK_PROPERTIES"
} | envsubst >"$conf.tmp"
mv "$conf.tmp" "$conf"
chown -R flink:flink "$conf_dir" /opt/flink/log

cp="/opt/flink/lib/*"
result="$(setpriv --reuid=flink --regid=flink --init-groups java -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$util" --configDir "$conf_dir" "$@" 2>&1)" \
  || { echo "$result" >&2; exit 1; }
lines="$(printf '%s\n' "$result" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')"
read -r -a jvm_args <<<"$(printf '%s\n' "$lines" | sed -n 1p)"
read -r -a dynamic <<<"$(printf '%s\n' "$lines" | sed -n 2p)"
read -r -a java_opts <<<"$(sed -n 's/^env\.java\.opts\.all: *//p' "$conf" | tail -1)"

echo "starting $role: $main" >&2
exec setpriv --reuid=flink --regid=flink --init-groups java "${jvm_args[@]}" "${java_opts[@]}" \
  -Dlog4j.configurationFile="file:$conf_dir/log4j-console.properties" \
  -cp "$cp" "$main" --configDir "$conf_dir" "${mode[@]}" "${dynamic[@]}" "$@"
