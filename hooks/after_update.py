"""copier's migration after every `copier update`: the files left to resolve, in one line.

copier marks a conflict in the file (between `<<<<<<<` and `>>>>>>>`), or leaves a `.rej`
beside it with `--conflict rej`, and exits 0 either way without naming a file.
"""

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    unmerged = ["git", "diff", "--name-only", "--diff-filter=U"]
    listed = subprocess.run(unmerged, capture_output=True, text=True, check=False).stdout.split()
    rejected = [path.as_posix() for path in Path().rglob("*.rej") if ".git" not in path.parts]
    if files := sorted(set(listed) | set(rejected)):
        print(
            f"Conflicts to resolve ({len(files)}): {', '.join(files)}; then `git add` them.",
            file=sys.stderr,
        )
