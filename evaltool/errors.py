"""evaltool's exceptions; the CLI turns each into one line on stderr and exit code 2."""


class EvaltoolError(Exception):
    """Base class: something the user can fix."""


class InputError(EvaltoolError):
    """Unreadable, empty, binary, malformed or inconsistent input."""


class ModelUnavailableError(EvaltoolError):
    """The requested embedding model is not installed or cannot be loaded offline."""


class ConfigError(EvaltoolError):
    """A bad setting or configuration file."""
