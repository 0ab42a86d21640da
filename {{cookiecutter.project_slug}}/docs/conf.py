"""Sphinx configuration: the API pages are read from the .pyi stubs, which the Rust code writes.

`nox -s develop` regenerates the stubs from the module tree, so a new submodule, class,
function or exception appears here with no edit to the docs; nothing is compiled to build them.
"""

import re
import shutil
from pathlib import Path

# AutoAPI (3.9) reads the stubs as they are, but for two of PyO3's ways: it shifts a method's
# annotations by one when `self` is positional-only (`def mix(self, /, other: Color)`), and it
# takes a class's signature from `__init__` alone, while PyO3 constructors are `__new__`. So it
# reads a copy in which `self, /` is `self` and `__new__(cls, ...) -> C` is
# `__init__(self, ...) -> None`: for a reader, the same signatures.
STUBS = Path(__file__).parent / "_build" / "stubs"
shutil.rmtree(STUBS, ignore_errors=True)
shutil.copytree(Path(__file__).parents[1] / "python", STUBS)
for stub in STUBS.rglob("*.pyi"):
    text = re.sub(r"\((self|cls), /(?:, |(?=\)))", r"(\1, ", stub.read_text(encoding="utf-8"))
    text = re.sub(r"\((self|cls), \)", r"(\1)", text)
    text = re.sub(r"def __new__\(cls(.*?)\) -> \w+:", r"def __init__(self\1) -> None:", text)
    stub.write_text(text, encoding="utf-8")

project = {{ cookiecutter.project_name | one_line | py_str }}
author = {{ (cookiecutter.author_name or cookiecutter.project_name) | one_line | py_str }}
copyright = f"%Y, {author}"
extensions = ["autoapi.extension", "sphinx.ext.viewcode"]
html_theme = "furo"
# Rust doc comments write `code` in Markdown style; render it as code, not as emphasis.
default_role = "code"
exclude_patterns = ["_build"]

autoapi_dirs = [str(STUBS)]
# A stub beside a module wins: the compiled submodules exist only as stubs.
autoapi_file_patterns = ["*.pyi", "*.py"]
autoapi_root = "api"
# imported-members: the package re-exports what `_core` defines.
autoapi_options = ["members", "undoc-members", "show-inheritance", "imported-members"]
autoapi_member_order = "bysource"
# A class's page shows its constructor's docstring (`#[new]`) under the class's own.
autoapi_python_class_content = "both"
# `_core.__all__` names the submodules, which the stubs import as `from . import my_module`;
# AutoAPI cannot follow a module in `__all__` and warns, although every page is complete.
suppress_warnings = ["autoapi.python_import_resolution"]
