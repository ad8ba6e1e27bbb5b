"""The losses pipeline: General Staff and Air Force figures with provenance."""

__version__ = "0.1.0"
