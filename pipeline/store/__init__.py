"""Storage: SQLAlchemy models, the archive, observations and the reconciled series.

Knows nothing of HTTP or parsing: callers hand it plain values.
"""

from pipeline.store.archive import NewDocument, SourceSpec
from pipeline.store.observations import AirAttackFigures, Figure
from pipeline.store.store import Store

__all__ = ["AirAttackFigures", "Figure", "NewDocument", "SourceSpec", "Store"]
