"""The names and versions derived from the answers: Rust crate and package, PyPI metadata."""

from __future__ import annotations

import re

from hooks import rules

# Rust strict, reserved and weak keywords that cannot be a crate or module name.
# https://doc.rust-lang.org/reference/keywords.html
RUST_KEYWORDS = frozenset(
    "as async await break const continue crate dyn else enum extern false fn for gen if impl in "
    "let loop match mod move mut pub ref return self static struct super trait true try type "
    "unsafe use where while abstract become box do final macro override priv typeof unsized "
    "virtual yield union".split()
)


def module_name(slug: object) -> str:
    """Default import name for a slug: separators become underscores."""
    return re.sub(r"[^0-9a-zA-Z_]+", "_", str(slug)).strip("_")


# Library names the crate cannot take: the sysroot crates and its own dependencies.
TAKEN_CRATE_NAMES = frozenset(
    {"alloc", "core", "proc_macro", "std", "test", "pyo3", "pyo3_build_config", "thiserror"}
)


def rust_crate_name(name: object) -> str:
    """The crate's library name: the module name, suffixed where Rust reserves it."""
    name = str(name)
    return f"{name}_rs" if name in RUST_KEYWORDS | TAKEN_CRATE_NAMES else name


def cargo_package_name(slug: object) -> str:
    """The Cargo package name for a slug: Cargo allows no dots and no leading digit."""
    name = str(slug).replace(".", "-")
    return f"py{name}" if name[:1].isdigit() else name


def cargo_version(version: object) -> str:
    """The Cargo.toml version of a PEP 440 version (the pre-generation hook's `semver_of`)."""
    return rules.semver_of(str(version))


def development_status(version: object) -> str:
    """The trove classifier a version implies: Alpha for aN and 0.x, Beta for bN and rcN."""
    match = rules.CARGO_COMPATIBLE_VERSION.fullmatch(str(version))
    major, pre = (match[1], match[4]) if match else ("0", None)
    if pre == "a" or (major == "0" and pre is None):
        return "Development Status :: 3 - Alpha"
    if pre in {"b", "rc"}:
        return "Development Status :: 4 - Beta"
    return "Development Status :: 5 - Production/Stable"


def project_urls(repository: object) -> dict[str, str]:
    """PEP 621 project URLs from the repository's address, in GitHub's layout.

    The documentation is the site CI publishes to GitHub Pages; elsewhere, the repository.
    """
    repository = str(repository).rstrip("/")
    documentation = repository
    if match := re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", repository):
        documentation = f"https://{match[1].lower()}.github.io/{match[2]}/"
    return {
        "Homepage": repository,
        "Documentation": documentation,
        "Source": repository,
        "Issues": f"{repository}/issues",
        "Changelog": f"{repository}/releases",
    }
