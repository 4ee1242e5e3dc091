"""Path helpers shared by the pipeline and the reports: the folder a run's inputs share, and paths relative to it."""

from __future__ import annotations

import os
from collections.abc import Iterable


def common_folder(files: Iterable[str]) -> str:
    """The deepest folder holding all these files, as written ("" when none: no files, a file in the
    working folder, or absolute and relative paths mixed)."""
    folders = [os.path.dirname(f) for f in files if f]
    try:
        return os.path.commonpath(folders) if folders else ""
    except ValueError:
        return ""


def relative_path(path: str, root: str) -> str:
    """``path`` relative to ``root`` when it lies inside it, else as given."""
    if not path or not root:
        return path
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative
