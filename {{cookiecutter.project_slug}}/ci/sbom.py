"""Writes the wheel's CycloneDX SBOM of the Rust crates it links, the same on every machine.

maturin's own SBOM (off in pyproject.toml) holds a random serial number, the build time and the
checkout's absolute path, so two builds of one commit never give the same wheel. This one lists
the crates Cargo.lock pins for the extension (no dev-dependencies) with their licences and
checksums, names no path, takes its time from SOURCE_DATE_EPOCH (none when unset) and its
serial number from its own content. `nox -s wheels` passes it to maturin with --sbom-include.

Usage: python ci/sbom.py OUT.json
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
# cargo metadata's objects and the SBOM's, as JSON gives them.
Json = dict[str, Any]


def purl(package: Json) -> str:
    return f"pkg:cargo/{package['name']}@{package['version']}"


def needs(node: Json) -> set[str]:
    """The ids of the crates one crate needs to build: its dependencies and build-dependencies."""
    return {dep["pkg"] for dep in node["deps"] if any(k["kind"] != "dev" for k in dep["dep_kinds"])}


def linked(root: str, nodes: dict[str, Json]) -> list[str]:
    """The ids of the root crate and of every crate it needs, sorted."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        crate = todo.pop()
        if crate not in seen:
            seen.add(crate)
            todo += needs(nodes[crate])
    return sorted(seen)


def component(package: Json, checksums: dict[tuple[str, str], str]) -> Json:
    entry = {
        "type": "library",
        "bom-ref": purl(package),
        "name": package["name"],
        "version": package["version"],
        "purl": purl(package),
    }
    if package.get("license"):
        entry["licenses"] = [{"expression": package["license"]}]
    checksum = checksums.get((package["name"], package["version"]))
    if checksum:
        entry["hashes"] = [{"alg": "SHA-256", "content": checksum}]
    return entry


def sbom() -> Json:
    command = ["cargo", "metadata", "--locked", "--format-version", "1"]
    cargo = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)
    if cargo.returncode:
        sys.exit(f"sbom.py: `{' '.join(command)}` failed: {cargo.stderr.strip()}")
    metadata = json.loads(cargo.stdout)
    lock = tomllib.loads((PROJECT / "Cargo.lock").read_text(encoding="utf-8"))
    checksums = {
        (p["name"], p["version"]): p["checksum"] for p in lock["package"] if "checksum" in p
    }
    packages = {package["id"]: package for package in metadata["packages"]}
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    root = packages[metadata["resolve"]["root"]]
    ids = linked(root["id"], nodes)
    bom: Json = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "component": {**component(root, checksums), "type": "application"},
            "tools": {"components": [{"type": "application", "name": "ci/sbom.py"}]},
        },
        "components": [component(packages[i], checksums) for i in ids if i != root["id"]],
        "dependencies": [
            {
                "ref": purl(packages[i]),
                "dependsOn": sorted(purl(packages[d]) for d in needs(nodes[i])),
            }
            for i in ids
        ],
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        when = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        bom["metadata"]["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    content = json.dumps(bom, sort_keys=True)
    return {"serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, content)}", **bom}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1].strip())
    out = Path(sys.argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(sbom(), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
