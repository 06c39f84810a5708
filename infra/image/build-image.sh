#!/usr/bin/env bash
# Builds, offline, an image that behaves like the official flink:1.18.1 image: a Debian root
# filesystem from debootstrap (Docker Hub is unreachable here), a JRE from Debian, the Flink 1.18.1
# runtime assembled from Maven Central, and an entrypoint taking jobmanager|taskmanager that applies
# FLINK_PROPERTIES. Usage: build-image.sh [tag]   (skips work whose result already exists)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${1:-ckptlab/flink:1.18.1-java17}"
base_tag="ckptlab/debian-jre:bookworm"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="${CKPTLAB_IMAGE_WORK:-/var/tmp/ckptlab-image}"
started=$(date +%s)

if ! docker image inspect "$base_tag" >/dev/null 2>&1; then
  echo "[image] debootstrap bookworm + JRE into $work/rootfs (once; a few minutes)"
  rm -rf "$work/rootfs" && mkdir -p "$work"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,gettext-base,procps,curl,ca-certificates \
    bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | docker import \
    -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' -c 'CMD ["bash"]' - "$base_tag" >/dev/null
  rm -rf "$work/rootfs"
fi

echo "[image] Flink 1.18.1 runtime from Maven Central"
mvn -B -q -f "$repo/infra/local/runtime/pom.xml" package
ctx="$work/context"
rm -rf "$ctx" && mkdir -p "$ctx"
cp -r "$repo/infra/local/runtime/target/lib" "$ctx/lib"
cp "$here/Dockerfile" "$here/docker-entrypoint.sh" "$here/log4j-console.properties" "$ctx/"
# Flink 1.18's Java 17 options, from the one place they are written (this image runs Debian's Java 17).
opens="$(sed -n 's:.*<flink.java17.opens>\(.*\)</flink.java17.opens>.*:\1:p' "$repo/flink-job/pom.xml")"
[ -n "$opens" ] || { echo "flink-job/pom.xml lacks <flink.java17.opens>" >&2; exit 1; }
{ cat "$here/flink-conf-base.yaml"; echo "env.java.opts.all: $opens"; } >"$ctx/flink-conf-base.yaml"
docker build -q -t "$tag" --build-arg BASE="$base_tag" "$ctx" >/dev/null
echo "[image] $tag built in $(( $(date +%s) - started )) s"
