"""kg's version, as installed (a checkout that was never installed says 0+unknown)."""

from importlib.metadata import PackageNotFoundError, version

try:
    SOFTWARE_VERSION = version("kg")
except PackageNotFoundError:
    SOFTWARE_VERSION = "0+unknown"
