#!/usr/bin/env bash
# Checks the image archive Jib wrote (OCI layout tar) without a container runtime: unpacks its
# layers into a root filesystem and runs the image's entrypoint there (chroot, /proc mounted, as
# the image's user, with its environment) with --help. Needs root (chroot, mount) and python3.
#
#   sudo operator/src/image/check-image.sh operator/target/azure-identity-operator-image.tar
#
# With a second argument, the folder of a fresh local run started with --without-operator
# (README, Try it), it then runs the operator from the image against it for up to 90 s and passes
# once the operator has created an identity in the emulator.
set -euo pipefail
archive=$(realpath "${1:?usage: check-image.sh IMAGE.tar [LOCAL_RUN_DIR]}")
local_run=${2:+$(realpath "$2")}
work=$(mktemp -d)
trap 'umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/oci" "$work/rootfs"
tar -xf "$archive" -C "$work/oci"
python3 - "$work" <<'PY'
import json, os, subprocess, sys
work = sys.argv[1]; oci = os.path.join(work, "oci")
blob = lambda d: os.path.join(oci, "blobs", *d.split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
(desc,) = index["manifests"]
manifest = json.load(open(blob(desc["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
for layer in manifest["layers"]:
    names = subprocess.run(["tar", "--warning=no-unknown-keyword", "-tzf", blob(layer["digest"])], check=True,
                           capture_output=True, text=True).stdout.split()
    if any(os.path.basename(n).startswith(".wh.") for n in names):
        sys.exit("whiteout files are not handled: " + layer["digest"])
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", blob(layer["digest"]), "-C", os.path.join(work, "rootfs")], check=True)
c = config["config"]
print("image:", desc.get("annotations", {}).get("org.opencontainers.image.ref.name"), desc["digest"])
print("user:", c.get("User")); print("entrypoint:", c.get("Entrypoint")); print("env:", c.get("Env"))
with open(os.path.join(work, "run"), "w") as f:
    f.write("\n".join([c.get("User") or "0:0", c.get("WorkingDir") or "/"] + c.get("Env", []) + ["--"] + c["Entrypoint"] + c.get("Cmd", [])))
PY
mapfile -t run <"$work/run"
user=${run[0]}; dir=${run[1]}; rest=("${run[@]:2}")
for i in "${!rest[@]}"; do [ "${rest[$i]}" = "--" ] && split=$i && break; done
env=("${rest[@]:0:$split}"); cmd=("${rest[@]:$((split + 1))}")
mount -t proc proc "$work/rootfs/proc"
out=$(chroot --userspec="$user" "$work/rootfs" /usr/bin/env -i "${env[@]}" sh -c 'cd "$0" && exec "$@"' "$dir" "${cmd[@]}" --help 2>&1) || {
  echo "$out"; echo "FAILED: the entrypoint did not run"; exit 1
}
echo "$out" | head -20
grep -q 'Usage: azure-identity-operator' <<<"$out" || { echo "FAILED: no usage printed"; exit 1; }
echo "OK: the image's entrypoint runs as $user"
[ -n "$local_run" ] || exit 0

# The operator from the image against the local run (its kubeconfig and CA at the same paths).
mkdir -p "$work/rootfs$local_run" && cp -r "$local_run/." "$work/rootfs$local_run/"
chmod -R a+rX "$work/rootfs$local_run"
mapfile -t emulator < <(sed -n 's/^export //p' "$local_run/emulator.env")
log="$work/operator.log"
timeout 90 chroot --userspec="$user" "$work/rootfs" /usr/bin/env -i "${env[@]}" "${emulator[@]}" \
  KUBECONFIG="$local_run/kubeconfig" OPERATOR_CLUSTER_NAME=local OPERATOR_RESYNC_PERIOD=30s \
  KUBERNETES_HTTP2_DISABLE=true OPERATOR_WEBHOOK_PORT=0 OPERATOR_HEALTH_PORT=0 \
  OPERATOR_OIDC_ISSUER=https://oidc.local-run.example/cluster/ \
  sh -c 'cd "$0" && exec "$@"' "$dir" "${cmd[@]}" >"$log" 2>&1 &
operator=$!
for _ in $(seq 90); do
  grep -q 'event type=Normal reason=Created ' "$log" && break
  kill -0 "$operator" 2>/dev/null || break
  sleep 1
done
kill "$operator" 2>/dev/null || true
wait "$operator" 2>/dev/null || true
grep -o 'reason=[A-Za-z]*' "$log" | sort | uniq -c
grep -q 'event type=Normal reason=Created ' "$log" || {
  tail -20 "$log"; echo "FAILED: the operator from the image created no identity"; exit 1
}
echo "OK: the operator from the image reconciles against the local run"
