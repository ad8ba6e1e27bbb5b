"""Optional libraries, imported when needed, with the extra that installs them."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(ImportError):
    """An optional library is not installed; the message names the extra to install."""


def require(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtra(
            f"{module} is needed for this; install it with: pip install 'losses-pipeline[{extra}]'"
        ) from error
