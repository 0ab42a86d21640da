"""The names and versions derived from the answers: Rust crate and package, PyPI metadata."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from cookiecutter_pyo3 import rules

# The keywords of the crate's edition (2024) that cannot name a crate: the strict and the
# reserved ones (`Self` too, but a module name is lower case). The weak ones (union, raw, safe,
# macro_rules) can; `_` is not a module name. https://doc.rust-lang.org/reference/keywords.html
RUST_KEYWORDS = frozenset(
    "as async await break const continue crate dyn else enum extern false fn for if impl in let "
    "loop match mod move mut pub ref return self static struct super trait true type unsafe use "
    "where while abstract become box do final gen macro override priv try typeof unsized virtual "
    "yield".split()
)


def module_name(slug: object) -> str:
    """Default import name for a slug: separators become underscores, and a long one is cut
    to `rules.MODULE_MAX` characters."""
    return re.sub(r"[^0-9a-zA-Z_]+", "_", str(slug)).strip("_")[: rules.MODULE_MAX].rstrip("_")


# Library names the crate cannot take: the sysroot crates, and the crates that its own targets
# or the fuzz crate use directly (two candidates for one name, rustc's E0464).
TAKEN_CRATE_NAMES = frozenset(
    {"alloc", "core", "proc_macro", "std", "test"}
    | {"pyo3", "pyo3_build_config", "thiserror", "pyo3_async_runtimes", "tokio", "libfuzzer_sys"}
)


def rust_crate_name(name: object) -> str:
    """The crate's library name: the module name (lower case), suffixed where Rust reserves it."""
    name = str(name)
    return f"{name}_rs" if name in RUST_KEYWORDS | TAKEN_CRATE_NAMES else name


def cargo_package_name(slug: object) -> str:
    """The Cargo package name for a slug: Cargo allows no dots and no leading digit."""
    name = str(slug).replace(".", "-")
    return f"py{name}" if name[:1].isdigit() else name


def cargo_version(version: object) -> str:
    """The Cargo.toml version of a PEP 440 version (`rules.semver_of`)."""
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


def ci_host(choice: object, repository: object) -> str:
    """Where CI runs: the `ci` answer, or with `auto` the host of the repository's address.

    github.com is GitHub; gitlab.com, or a host whose name starts with `gitlab.`, is GitLab
    (self-hosted ones too); anything else, and no address, is `none`.
    """
    if choice != "auto":
        return str(choice)
    host = urlsplit(str(repository)).hostname or ""
    if host == "github.com":
        return "github"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return "gitlab"
    return "none"


def pages_site(repository: str, host: str) -> str | None:
    """Where CI publishes the docs: GitHub Pages, or GitLab Pages on gitlab.com."""
    owner_and_path = re.fullmatch(r"https://(github|gitlab)\.com/([^/]+)/(.+)", repository)
    if not owner_and_path or owner_and_path[1] != host:
        return None
    suffix = "github.io" if host == "github" else "gitlab.io"
    return f"https://{owner_and_path[2].lower()}.{suffix}/{owner_and_path[3]}/"


def project_urls(repository: object, host: object) -> dict[str, str]:
    """PEP 621 project URLs from the repository's address, in its host's layout.

    Documentation is the Pages site CI publishes, where its address is known: a self-hosted
    GitLab's Pages domain is its administrator's choice, which the pages job prints
    ($CI_PAGES_URL) for the team to add. GitLab writes `/-/issues` and `/-/releases`. Any
    other host: the repository alone. No address: none.
    """
    repository = str(repository).rstrip("/")
    if not repository:
        return {}
    if host not in {"github", "gitlab"}:
        return {"Homepage": repository, "Source": repository}
    separator = "/-/" if host == "gitlab" else "/"
    pages = pages_site(repository, str(host))
    return {
        "Homepage": repository,
        **({"Documentation": pages} if pages else {}),
        "Source": repository,
        "Issues": f"{repository}{separator}issues",
        "Changelog": f"{repository}{separator}releases",
    }
