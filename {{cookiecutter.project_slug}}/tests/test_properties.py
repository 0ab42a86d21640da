"""Property tests: every entry point on arbitrary input, none of which may make it panic.

The contract every entry point keeps, whatever it is given: it returns, or raises this
package's own `Error` (a subclass of it), or `OverflowError` (PyO3's conversion of an `int` too
large for its Rust type), or an exception its entry in entry_points.py declares (`raises`,
such as `ValueError` for an argument Python itself would refuse): never `PanicException`,
never a crash. The entry points come from the package itself (entry_points.py), so a new
export is tested, or named, at once. `nox -s tests` and CI run the thorough profile
(`--hypothesis-profile thorough`); a plain `pytest` runs the fast one. The references that say
what each example should return are in its own test file (test_my_module.py and the others).
"""

import pytest
from entry_points import ENTRY_POINTS, exported
from hypothesis import given
from hypothesis import strategies as st

from {{ cookiecutter.module_name }}.exceptions import Error


def test_every_export_is_in_the_suite() -> None:
    """A new function, class or method gets its strategy and example in entry_points.py."""
    missing = sorted(exported() - ENTRY_POINTS.keys())
    assert not missing, f"add these to ENTRY_POINTS in tests/entry_points.py: {missing}"
    gone = sorted(ENTRY_POINTS.keys() - exported())
    assert not gone, f"these are no longer exported; remove them from ENTRY_POINTS: {gone}"


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@given(data=st.data())
def test_no_input_makes_an_entry_point_panic(name: str, data: st.DataObject) -> None:
    entry = ENTRY_POINTS[name]
    call = data.draw(entry.calls)
    allowed: tuple[type[BaseException], ...] = (Error, OverflowError, *entry.raises)
    try:
        call()
    except allowed:
        assert not entry.panics
    except BaseException as raised:
        panicked = type(raised).__name__ == "PanicException"
        if not (panicked and entry.panics):
            raise
    else:
        assert not entry.panics
