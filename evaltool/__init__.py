"""evaltool: machine-translation quality evaluation for Chinese/English."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evaltool")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+local"
