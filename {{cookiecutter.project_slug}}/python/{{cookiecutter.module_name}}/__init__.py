"""{{ cookiecutter.description | doc }}"""

# Private aliases: `from {{ cookiecutter.module_name }} import *` exports only the public names of `_core`.
import sys as _sys
from types import ModuleType as _ModuleType

from . import _core
from ._core import *

# The distribution whose installed metadata holds the version.
_DISTRIBUTION = {{ cookiecutter.project_slug | py_str }}


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata when first asked for (PEP 440).

    Lazily, because `importlib.metadata` takes longer to import than the extension itself.
    """
    if name == "__version__":
        from importlib.metadata import version

        return version(_DISTRIBUTION)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _adopt(module: _ModuleType, name: str) -> None:
    """Makes the Rust submodules importable and gives every class its public module name.

    Python's import system finds `package.submodule` in `sys.modules`, never as an attribute of
    the parent, so without this `import {{ cookiecutter.module_name }}.my_module` fails although
    `{{ cookiecutter.module_name }}.my_module` works. A new `#[pymodule_export]` submodule needs no
    change here. `pickle` and `repr` use `__module__`, which PyO3 leaves at `builtins`.
    """
    for attribute, value in vars(module).items():
        if isinstance(value, _ModuleType):
            value.__name__ = f"{name}.{attribute}"
            _sys.modules[value.__name__] = value
            _adopt(value, value.__name__)
        elif isinstance(value, type):
            value.__module__ = name


_adopt(_core, __name__)
