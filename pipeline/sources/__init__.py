"""Source adapters: one module per kind, all behind the interface in ``base``.

Adapters are imported only when a source of their kind is fetched, so that the
command line starts quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from pipeline.sources.errors import SourceError

if TYPE_CHECKING:
    from pipeline.sources.base import Adapter

# kind -> "module:function". One line per kind.
ADAPTERS: dict[str, str] = {
    "feed": "pipeline.sources.feed:fetch",
    "telegram": "pipeline.sources.telegram:fetch",
    "html": "pipeline.sources.html:fetch",
    "json_api": "pipeline.sources.structured:fetch_json_api",
    "dataset_json": "pipeline.sources.structured:fetch_dataset_json",
    "table": "pipeline.sources.structured:fetch_table",
}


def adapter_for(kind: str) -> Adapter:
    try:
        module_name, _, function_name = ADAPTERS[kind].partition(":")
    except KeyError:
        raise SourceError(f"no adapter for sources of kind {kind!r} in this version") from None
    adapter: Adapter = getattr(importlib.import_module(module_name), function_name)
    return adapter


__all__ = ["ADAPTERS", "SourceError", "adapter_for"]
