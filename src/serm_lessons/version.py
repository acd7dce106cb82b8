"""The course's version: a module of its own so that any module can name it without importing
the package's __init__ (an import upward). It must equal pyproject.toml's (tests/test_packaging.py)."""

__version__ = "0.1.0"
