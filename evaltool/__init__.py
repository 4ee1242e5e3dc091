"""evaltool: machine-translation quality evaluation for Chinese/English."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata on first use (importlib.metadata
    is slow to import, and `evaltool --help` does not need it)."""
    if name != "__version__":
        raise AttributeError(f"module 'evaltool' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("evaltool")
    except PackageNotFoundError:  # running from a source tree without installing
        found = "0.0.0+local"
    globals()["__version__"] = found
    return found
