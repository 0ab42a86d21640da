"""The parts of this template's own files that are rendered from the template, with cog.

`readme` renders README.md's file tree, prompt table and tool table; `copier_yml` renders
copier.yml's questions from cookiecutter.json. `nox -s cog` checks them, `nox -s cog -- -r`
rewrites them.
"""
