"""Hypothesis profiles: `fast` for an everyday `pytest`, `thorough` for nox and CI.

`pytest --hypothesis-profile thorough` selects the thorough one (`nox -s tests` does).
"""

from hypothesis import settings

settings.register_profile("fast", max_examples=100)
settings.register_profile("thorough", max_examples=2_000)
settings.load_profile("fast")
