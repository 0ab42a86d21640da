"""What the template's tests, its README's rendering (cog) and its benchmark share.

`baking`: the template's path, a bake, a PATH without some programs, answers typed at a
terminal; `readme`: the parts of README.md that cog renders from the template.
"""
