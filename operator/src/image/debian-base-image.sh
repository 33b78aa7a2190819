#!/usr/bin/env bash
# A Java 17 base image for Jib built from Debian packages only (no container registry), as a
# `docker save` archive that Jib reads as `tar://`:
#
#   sudo operator/src/image/debian-base-image.sh target/base     # -> target/base/base-image.tar
#   mvn -B package -Prelease -pl operator -am -DskipTests \
#     -Djib.from.image=tar://$PWD/target/base/base-image.tar
#
# Debian bookworm (minbase) with openjdk-17-jre-headless, a nonroot user 65532, apt's caches and
# the docs removed. Needs root (debootstrap) and debootstrap itself (apt-get install debootstrap).
set -euo pipefail
out=$(realpath -m "${1:?usage: debian-base-image.sh OUTPUT_DIR}")
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs="$out/rootfs"
mkdir -p "$out"
if [ ! -x "$rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java" ]; then
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$rootfs" "$mirror"
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info
grep -q '^nonroot:' "$rootfs/etc/passwd" || {
  echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
  echo 'nonroot:x:65532:' >>"$rootfs/etc/group"
  install -d -o 65532 -g 65532 "$rootfs/home/nonroot"
}
jre=$(chroot "$rootfs" dpkg-query -W -f '${Version}' openjdk-17-jre-headless)

work="$out/archive"
rm -rf "$work" && mkdir -p "$work"
# Reproducible layer: sorted names, numeric owners, one timestamp.
tar --sort=name --numeric-owner --mtime=@0 --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* \
  -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"],
           "Labels":{"org.opencontainers.image.description":"Debian $suite minbase, openjdk-17-jre-headless $jre"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"debian-base-image.sh: debootstrap $suite + openjdk-17-jre-headless $jre"}]}
JSON
cat >"$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["local/debian-$suite-jre17:$jre"],"Layers":["layer.tar"]}]
JSON
tar --sort=name --mtime=@0 -C "$work" -cf "$out/base-image.tar" manifest.json config.json layer.tar
rm -rf "$work"
echo "$out/base-image.tar (openjdk-17-jre-headless $jre)"
