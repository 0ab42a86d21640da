"""Sphinx configuration: the API pages are read from the .pyi stubs, which the Rust code writes.

`nox -s develop` regenerates the stubs from the module tree, so a new submodule, class,
function or exception appears here with no edit to the docs; nothing is compiled to build them.
"""

project = {{ cookiecutter.project_name | one_line | py_str }}
author = {{ (cookiecutter.author_name or cookiecutter.project_name) | one_line | py_str }}
copyright = f"%Y, {author}"
extensions = ["autoapi.extension", "sphinx.ext.viewcode"]
html_theme = "furo"
# Rust doc comments write `code` in Markdown style; render it as code, not as emphasis.
default_role = "code"
exclude_patterns = ["_build"]

autoapi_dirs = ["../python"]
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
