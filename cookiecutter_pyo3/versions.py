"""The template's versions: each CHANGELOG.md heading and the commit that is that version.

A version is `YYYY.MM.N`, a heading of CHANGELOG.md, and its commit is the last commit of
`main`'s first-parent history whose CHANGELOG.md has that heading on top: the commit before the
next version's heading arrived. So every clone knows every version from its history alone,
offline, with or without tags. The newest version is in progress on `main` until the next one
starts, and gets its commit then. An older heading may name its commit itself, `## V (commit
abc1234)`, from before this rule.

    python -m cookiecutter_pyo3.versions          # the table: version, commit, date
    python -m cookiecutter_pyo3.versions --tag    # a git tag for each finished version

`--tag` makes the tags cruft's `--checkout` and copier's `--vcs-ref` pin (the template's CI
runs it on every push to main and pushes them); it refuses, in one line, to move a tag that
names another commit.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from cookiecutter_pyo3.questions import TEMPLATE

HEADING = re.compile(r"^## (\d{4}\.\d{1,2}\.\d+)(?: \(commit ([0-9a-f]{7,40})\))?", re.MULTILINE)


def git(*args: str, cwd: Path = TEMPLATE) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def newest(changelog: str) -> tuple[str, str | None] | None:
    """The newest version a CHANGELOG names, and the commit it names, if any."""
    found = HEADING.search(changelog)
    return (found[1], found[2]) if found else None


def released(repository: Path = TEMPLATE) -> dict[str, str]:
    """Each finished version, oldest first, with its full commit hash."""
    history = git("rev-list", "--first-parent", "HEAD", cwd=repository).split()[::-1]
    log = ["log", "--first-parent", "--format=%H", "--", "CHANGELOG.md"]
    changed = set(git(*log, cwd=repository).split())
    found = {  # a heading that names its commit wins: from before the rule, or a correction
        heading[1]: git("rev-parse", f"{heading[2]}^{{commit}}", cwd=repository)
        for heading in HEADING.finditer(git("show", "HEAD:CHANGELOG.md", cwd=repository))
        if heading[2]
    }
    on_top, previous = None, None
    for commit in history:
        if commit in changed and (
            heading := newest(git("show", f"{commit}:CHANGELOG.md", cwd=repository))
        ):
            if on_top and heading[0] != on_top and previous:
                found.setdefault(on_top, previous)
            on_top = heading[0]
        previous = commit
    return dict(sorted(found.items(), key=lambda item: [int(n) for n in item[0].split(".")]))


def in_progress(repository: Path = TEMPLATE) -> str | None:
    """The newest version, on main and not finished yet."""
    heading = newest((repository / "CHANGELOG.md").read_text(encoding="utf-8"))
    return heading[0] if heading else None


def tag(repository: Path = TEMPLATE) -> list[str]:
    """Makes the tag of each finished version that has none; returns the ones it made."""
    made = []
    for version, commit in released(repository).items():
        try:
            tagged = git("rev-parse", f"refs/tags/{version}^{{commit}}", cwd=repository)
        except subprocess.CalledProcessError:
            git("tag", version, commit, cwd=repository)
            made.append(version)
            continue
        if tagged != commit:
            sys.exit(f"error: tag {version} names {tagged[:12]}, but the version is {commit[:12]}")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tag", action="store_true", help="tag each finished version")
    if parser.parse_args().tag:
        made = tag()
        print(f"Tagged {', '.join(made)}." if made else "Every finished version has its tag.")
        return
    for version, commit in released().items():
        print(f"{version}  {commit[:12]}  {git('log', '-1', '--format=%cs', commit)}")
    if (newest_version := in_progress()) and newest_version not in released():
        print(f"{newest_version}  main (in progress)")


if __name__ == "__main__":
    main()
