"""Keep None, True and False alive under PySide6 6.12.0 on Python 3.11.

PySide6/shiboken6 6.12.0 (the cp310-abi3 wheel) drops one reference to None on every call
of a C++ method that returns void and on every Python override that returns None (a model's
data() for an unused role), and to True/False in some bool paths. On Python 3.12 and later
these objects are immortal and nothing happens; on 3.11 their counts reach zero after a
few thousand calls and the interpreter aborts ("Fatal Python error: none_dealloc").
6.11.3 does not have the fault, but PySide6-Pdf exists only for 6.12, so instead we give
the three singletons a very large count, which makes them immortal in practice, as they are
on 3.12. Measured: ~1 lost reference per call; 2**40 references last for years of use.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40


def protect_singletons() -> bool:
    """Give None/True/False a huge reference count on CPython < 3.12; return True if applied."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython 3.11
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < HEADROOM // 2:
            count.value += HEADROOM
    return True
