"""The package imports the way Python users expect, the Rust submodules and exceptions too."""

import importlib
import pickle
import sys

import pytest

import {{ cookiecutter.module_name }}


def test_version_comes_from_cargo() -> None:
    assert {{ cookiecutter.module_name }}.__version__ == "{{ cookiecutter.__cargo_version }}"


def test_submodule_as_attribute() -> None:
    assert {{ cookiecutter.module_name }}.my_module.greet() == "Hello from Rust!"


def test_submodule_with_import_statement() -> None:
    module = importlib.import_module("{{ cookiecutter.module_name }}.my_module")
    assert module is {{ cookiecutter.module_name }}.my_module
    assert sys.modules["{{ cookiecutter.module_name }}.my_module"] is module


def test_from_submodule_import_function() -> None:
    from {{ cookiecutter.module_name }}.my_module import greet

    assert greet() == "Hello from Rust!"


def test_from_package_import_submodule() -> None:
    from {{ cookiecutter.module_name }} import my_module

    assert my_module.__name__ == "{{ cookiecutter.module_name }}.my_module"


def test_public_names_report_the_package() -> None:
    """`pickle`, `repr` and the docs name a class by `__module__`, which PyO3 leaves at `builtins`."""
    package = {{ cookiecutter.module_name }}.__name__
    public = [
        module
        for name, module in list(sys.modules.items())
        if name.split(".")[0] == package and not any(part[0] == "_" for part in name.split("."))
    ]
    names = {module.__name__ for module in public}
    assert {package, f"{package}.exceptions", f"{package}.my_module"} <= names
    for module in public:
        for name, value in vars(module).items():
            if isinstance(value, type) and not name.startswith("_"):
                assert value.__module__ == module.__name__, name


def test_every_exception_is_exported_from_exceptions() -> None:
    """A new kind of error's class is in `exceptions`, under its own name, with the others."""
    from {{ cookiecutter.module_name }} import exceptions

    for exception in every_exception():
        assert exception.__module__ == exceptions.__name__
        assert getattr(exceptions, exception.__name__) is exception


def every_exception() -> list[type[BaseException]]:
    from {{ cookiecutter.module_name }} import exceptions

    def family(cls: type[BaseException]) -> list[type[BaseException]]:
        return [cls, *(member for sub in cls.__subclasses__() for member in family(sub))]

    return family(exceptions.Error)


@pytest.mark.parametrize("exception", every_exception(), ids=lambda cls: cls.__name__)
def test_exceptions_share_one_base_and_pickle_by_public_name(
    exception: type[BaseException],
) -> None:
    from {{ cookiecutter.module_name }}.exceptions import Error

    assert issubclass(exception, Error)
    assert issubclass(Error, Exception)
    restored = pickle.loads(pickle.dumps(exception("bad")))
    assert type(restored) is exception
    assert restored.args == ("bad",)
