#!/usr/bin/env bash
# Checks the image archive Jib wrote (OCI layout tar) without a container runtime: unpacks its
# layers into a root filesystem and runs the image's entrypoint there (chroot, /proc mounted, as
# the image's user, with its environment) with --help. Needs root (chroot, mount) and python3.
#
#   sudo operator/src/image/check-image.sh operator/target/azure-identity-operator-image.tar
set -euo pipefail
archive=$(realpath "${1:?usage: check-image.sh IMAGE.tar}")
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
