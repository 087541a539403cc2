"""The playground's desktop front end (PySide6 + pyqtgraph) over :mod:`engine`."""
