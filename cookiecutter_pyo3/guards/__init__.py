"""cookiecutter's run, watched from inside the extension as cookiecutter makes its environments.

- `sources`: where each answer came from (the command line, a replay, a config file), so that a
  refusal says so; a replay's and a config file's answers are checked before the first prompt.
- `output`: what a generate may write over (links and folders in the way are refused), the
  undoing of a generate that could not finish, and Ctrl-C handed to the post-generation hook.

cookiecutter tells an extension neither, so both read cookiecutter's own stack frames; run any
other way (cruft, copier) they find none and stand aside.
"""
