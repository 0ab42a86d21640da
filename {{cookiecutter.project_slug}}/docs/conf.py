"""Sphinx configuration: the API pages are read from the built module's docstrings."""

project = {{ cookiecutter.project_name | one_line | py_str }}
extensions = ["sphinx.ext.autodoc", "sphinx.ext.viewcode"]
html_theme = "furo"
# Rust doc comments write `code` in Markdown style; render it as code, not as emphasis.
default_role = "code"
autodoc_member_order = "bysource"
exclude_patterns = ["_build"]
