"""The package imports the way Python users expect, including the Rust submodule."""

import importlib
import sys

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
    assert {{ cookiecutter.module_name }}.Color.__module__ == "{{ cookiecutter.module_name }}"
    assert {{ cookiecutter.module_name }}.Error.__module__ == "{{ cookiecutter.module_name }}"
