"""Analysis: tables, exports (ours and the public datasets' drop-in formats) and charts.

Pure functions over rows the store hands out; optional libraries (matplotlib,
pyarrow) are imported only when a command needs them.
"""
