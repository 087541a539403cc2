"""Compare two networks side by side on the same data (Training ▸ Compare Two Networks…).

:func:`install_compare` adds the menu entry to the main window; :func:`open_compare`
opens :class:`CompareWindow` with the window's design as network A and a copy as B.
"""

from playground.compare.compare_window import CompareWindow, install_compare, open_compare

__all__ = ["CompareWindow", "install_compare", "open_compare"]
