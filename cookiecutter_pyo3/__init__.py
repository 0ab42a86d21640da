"""The library behind this template's hooks and its Jinja extension, one way down.

- `questions`: cookiecutter.json, read once; `rules`: every rule for an answer.
- `filters`: the Jinja extension cookiecutter and copier load, and every filter the files use.
- `guards`: a cookiecutter run watched from inside: where each answer came from, what a
  generate may write over, and its undoing.
- `state`: what one run's stages hand each other, in cookiecutter's copy of the template.
- `first_build`: the head start during the prompts, then the project's own set-up.

cookiecutter runs the scripts in hooks/ as loose files; each puts the template's root on
`sys.path` and calls this package. Nothing here imports a generated project: the first build
runs the project's set-up as a program.
"""
