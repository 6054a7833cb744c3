"""ctypes bindings to libaiwatt: finding the library and declaring the few
C functions the package calls. Internal: use the functions of ``aiwatt``."""

import ctypes
import os

# The library's ABI: the SONAME, and the status codes, whose values are
# pinned in include/aiwatt/status.h.
SONAME = "libaiwatt.so.0"
STATUS_NAMES = (
    "OK", "E_NOMEM", "E_INVALID", "E_NOT_FOUND", "E_PARSE", "E_IO", "E_RANGE",
    "E_NOFIT", "E_ABSENT", "E_PERM", "E_UNSUPPORTED", "E_AMBIGUOUS",
)
DIAG_SIZE = 320  # AW_DIAG_SIZE


class Diag(ctypes.Structure):
    """struct aw_diag: a message and a hint, filled on failure."""
    _fields_ = [("msg", ctypes.c_char * DIAG_SIZE), ("hint", ctypes.c_char * DIAG_SIZE)]


class MeterOptions(ctypes.Structure):
    """struct aw_meter_options (include/aiwatt/meter.h)."""
    _fields_ = [
        ("sysfs_root", ctypes.c_char_p),
        ("nvml_library", ctypes.c_char_p),
        ("sources", ctypes.c_uint),
        ("interval_s", ctypes.c_double),
    ]


def _candidates():
    """Where to look for the library, most explicit first."""
    explicit = os.environ.get("AIWATT_LIBRARY")
    if explicit:
        yield explicit
        return
    here = os.path.dirname(os.path.abspath(__file__))
    up3 = os.path.normpath(os.path.join(here, "..", "..", ".."))
    # Installed: PREFIX/lib/python3/dist-packages/aiwatt -> PREFIX/lib.
    yield os.path.join(up3, SONAME)
    # In the source tree: bindings/python/aiwatt -> the release build.
    yield os.path.join(up3, "build", "release", SONAME)
    # Anywhere the dynamic loader looks (LD_LIBRARY_PATH, ld.so.cache).
    yield SONAME


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path + " (absent)")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            tried.append("%s (%s)" % (path, exc))
    raise ImportError(
        "aiwatt: cannot load %s; tried: %s. Build it (make build), install it "
        "(make install PREFIX=DIR, then LD_LIBRARY_PATH=DIR/lib), or set "
        "AIWATT_LIBRARY to its path" % (SONAME, "; ".join(tried)))


lib = _load()

_p = ctypes.c_void_p
_diag_p = ctypes.POINTER(Diag)


def _declare(name, restype, *argtypes):
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


aw_version = _declare("aw_version", ctypes.c_char_p)
aw_strerror = _declare("aw_strerror", ctypes.c_char_p, ctypes.c_int)
aw_free = _declare("aw_free", None, _p)
aw_catalog_new = _declare("aw_catalog_new", ctypes.c_int, ctypes.POINTER(_p))
aw_catalog_free = _declare("aw_catalog_free", None, _p)
aw_catalog_load_default = _declare("aw_catalog_load_default", ctypes.c_int, _p, _diag_p)
aw_catalog_merge_file = _declare("aw_catalog_merge_file", ctypes.c_int, _p, ctypes.c_char_p,
                                 _diag_p)
# Text out is a malloc'd char *: declared as void * so that ctypes leaves it
# alone and the package frees it with aw_free() after copying it.
aw_api_run = _declare("aw_api_run", ctypes.c_int, _p, ctypes.c_char_p, ctypes.c_char_p,
                      ctypes.POINTER(_p), _diag_p)
aw_meter_options_init = _declare("aw_meter_options_init", None, ctypes.POINTER(MeterOptions))
aw_meter_window_begin = _declare("aw_meter_window_begin", ctypes.c_int,
                                 ctypes.POINTER(MeterOptions), ctypes.POINTER(_p), _diag_p)
aw_meter_window_end = _declare("aw_meter_window_end", ctypes.c_int, _p, ctypes.POINTER(_p),
                               _diag_p)
aw_meter_window_free = _declare("aw_meter_window_free", None, _p)


def take_text(ptr):
    """Copies a malloc'd C string into a str and frees it."""
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        aw_free(ptr)
