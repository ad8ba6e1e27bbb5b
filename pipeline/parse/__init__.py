"""Text to figures: General Staff bulletins and Air Force reports, in any supported language.

Pure functions: the only I/O is loading the packaged lexicon files, once.
"""

from pipeline.parse.parser import PARSER_VERSION, parse_document
from pipeline.parse.result import AirAttack, GeneralStaffFigures, ParseResult

__all__ = ["PARSER_VERSION", "AirAttack", "GeneralStaffFigures", "ParseResult", "parse_document"]
