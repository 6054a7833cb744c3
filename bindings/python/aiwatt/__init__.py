"""aiwatt: the energy, carbon and water of AI workloads, from Python.

Estimates at four boundaries (accelerator, server, IT, facility) with every
assumption shown, and measurements from the machine's energy counters. A thin
layer over libaiwatt (ctypes, standard library only): each function returns
the same data, as a dict, that ``aiwatt COMMAND --format json`` prints.

    >>> import aiwatt
    >>> r = aiwatt.estimate(model="llama-3.1-8b", hardware="h100", output_tokens=300)
    >>> r["wh"]["facility"]        # Wh drawn by the data centre for this request

Keyword arguments are the CLI's options in snake_case (``--output-tokens``
is ``output_tokens=``); numbers may be given as numbers or as text with SI
suffixes (``params="70B"``); a flag is ``True``. ``catalog=`` takes one
catalog file or a list of them, merged over the default as ``--catalog``.
Errors raise :class:`aiwatt.Error` with the CLI's ``message`` and ``hint``.

Measuring real work:

    >>> with aiwatt.measure() as m:
    ...     run_my_job()
    >>> m.total_joules, m.joules     # None / {} where no counter is readable

The library finds libaiwatt.so.0 next to the package once installed
(PREFIX/lib), in the source tree's build/release, through the dynamic
loader (LD_LIBRARY_PATH), or at the path in the AIWATT_LIBRARY variable.
"""

import ctypes
import functools
import json
import threading

from . import _native

__all__ = ["Error", "estimate", "mix", "agent", "train", "report", "run", "measure",
           "track", "version", "__version__"]


class Error(Exception):
    """A refusal or failure of libaiwatt.

    Attributes:
        message: what went wrong, naming the option or entry ("unknown model 'x'").
        hint: how to fix it ("'aiwatt catalog list models' lists ..."); may be "".
        status: the library's status name ("E_NOT_FOUND", "E_RANGE", ...).
        code: its stable numeric value (include/aiwatt/status.h).
    """

    def __init__(self, message, hint="", status="E_INVALID", code=2):
        super().__init__(message if not hint else "%s (hint: %s)" % (message, hint))
        self.message = message
        self.hint = hint
        self.status = status
        self.code = code


def _check(code, diag, what):
    if code == 0:
        return
    name = (_native.STATUS_NAMES[code] if 0 <= code < len(_native.STATUS_NAMES)
            else "status %d" % code)
    message = diag.msg.decode("utf-8", "replace") or "%s: %s" % (
        what, _native.aw_strerror(code).decode())
    raise Error(message, diag.hint.decode("utf-8", "replace"), name, code)


def version():
    """The version of the loaded libaiwatt ("0.1.0")."""
    return _native.aw_version().decode()


__version__ = version()


class _Catalog:
    """An owned aw_catalog *: the default catalog plus merged files."""

    def __init__(self, files=()):
        self.ptr = ctypes.c_void_p()
        diag = _native.Diag()
        _check(_native.aw_catalog_new(ctypes.byref(self.ptr)), diag, "catalog")
        try:
            _check(_native.aw_catalog_load_default(self.ptr, ctypes.byref(diag)), diag,
                   "catalog")
            for path in files:
                _check(_native.aw_catalog_merge_file(self.ptr, str(path).encode(),
                                                     ctypes.byref(diag)), diag, "catalog")
        except Error:
            self.close()
            raise

    def close(self):
        if self.ptr:
            _native.aw_catalog_free(self.ptr)
            self.ptr = ctypes.c_void_p()

    def __del__(self):
        self.close()


# The default catalog, loaded once and then only read: the library allows
# concurrent readers of a catalog that no longer changes (aiwatt.h).
_default_catalog = None
_default_lock = threading.Lock()


def _catalog(files):
    global _default_catalog
    if files:
        return _Catalog([files] if isinstance(files, str) else list(files))
    with _default_lock:
        if _default_catalog is None:
            _default_catalog = _Catalog()
        return _default_catalog


def run(command, **options):
    """Runs an aiwatt command by name ("estimate", "mix", "agent", "train",
    "report") with the CLI's options as keyword arguments, and returns the
    dict that ``aiwatt COMMAND --format json`` prints."""
    files = options.pop("catalog", None)
    request = {}
    for key, value in options.items():
        if value is None:
            continue  # left out: the default applies, as when the option is not given
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        request[key] = value
    cat = _catalog(files)
    diag = _native.Diag()
    out = ctypes.c_void_p()
    code = _native.aw_api_run(cat.ptr, command.encode(), json.dumps(request).encode(),
                              ctypes.byref(out), ctypes.byref(diag))
    if files:
        cat.close()
    _check(code, diag, command)
    return json.loads(_native.take_text(out))


def estimate(**options):
    """Energy, carbon and water of one AI request, every assumption shown.

    Options are those of ``aiwatt estimate`` in snake_case: model, params,
    active_params, task, input_tokens, output_tokens, reasoning_tokens,
    hardware, gpus, precision, batch, datacenter, pue, grid, wue, method, ...
    (``aiwatt help estimate``). Returns {"wh": {"accelerator", "server",
    "it", "facility"}, "co2_g", "water_ml", "seconds", "inputs": {...}}.

    >>> aiwatt.estimate(model="llama-3.1-8b", hardware="h100", output_tokens=300)["wh"]
    """
    return run("estimate", **options)


def mix(**options):
    """The average query of a service: a profile's request kinds estimated
    one by one and averaged by share (``aiwatt mix``; e.g. profile=...)."""
    return run("mix", **options)


def agent(**options):
    """An agent session: chained model calls with a growing context
    (``aiwatt agent``; e.g. model=..., steps=...)."""
    return run("agent", **options)


def train(**options):
    """Energy, carbon and water of a training run, and with amortise_over=N
    its share per query (``aiwatt train``; e.g. model="gpt-3")."""
    return run("train", **options)


def report(**options):
    """The story of AI energy on one screen, as data (``aiwatt report``):
    a text request, the average query, long context, reasoning, an image, a
    video and an agent session. Options such as hardware= or grid= apply to
    every item."""
    return run("report", **options)


class measure:
    """Measures the energy used while a block runs, from every readable
    counter of this machine (RAPL, NVIDIA GPUs through NVML, hwmon), without
    counting the same energy twice.

        with aiwatt.measure() as m:
            work()
        print(m.total_joules, m.joules)

    After the block: ``joules`` maps each domain ("rapl/package-0",
    "nvml/gpu0 (NVIDIA H100 ...)") to its joules (None when unreadable),
    ``total_joules`` is their sum without double counting (None when no
    counted domain was readable: not 0), ``seconds`` the duration, and
    ``result`` the whole report with the keys of
    ``aiwatt measure --format json``. Reading RAPL usually needs root
    (``aiwatt sources`` says why and how).

    sysfs_root and nvml_library point at another tree or NVML library (as
    ``--sysfs-root`` and AIWATT_NVML_LIBRARY); interval_s is the read period
    of power sensors.
    """

    def __init__(self, sysfs_root=None, nvml_library=None, interval_s=None):
        self._options = _native.MeterOptions()
        _native.aw_meter_options_init(ctypes.byref(self._options))
        self._keep = []  # the encoded strings the options point at
        if sysfs_root is not None:
            self._keep.append(str(sysfs_root).encode())
            self._options.sysfs_root = self._keep[-1]
        if nvml_library is not None:
            self._keep.append(str(nvml_library).encode())
            self._options.nvml_library = self._keep[-1]
        if interval_s is not None:
            self._options.interval_s = float(interval_s)
        self._window = None
        self.result = None
        self.joules = {}
        self.total_joules = None
        self.seconds = None

    def begin(self):
        """Starts the window (what ``with`` does on entry)."""
        if self._window is not None:
            raise Error("measure: already started", "end() it first, or use a new measure()")
        window = ctypes.c_void_p()
        diag = _native.Diag()
        _check(_native.aw_meter_window_begin(ctypes.byref(self._options), ctypes.byref(window),
                                             ctypes.byref(diag)), diag, "measure")
        self._window = window
        return self

    def end(self):
        """Ends the window and fills joules, total_joules, seconds and result."""
        if self._window is None:
            raise Error("measure: not started", "call begin() first")
        out = ctypes.c_void_p()
        diag = _native.Diag()
        try:
            _check(_native.aw_meter_window_end(self._window, ctypes.byref(out),
                                               ctypes.byref(diag)), diag, "measure")
        finally:
            _native.aw_meter_window_free(self._window)
            self._window = None
        self.result = json.loads(_native.take_text(out))
        self.joules = {"%s/%s" % (d["source"], d["name"]): d["joules"]
                       for d in self.result["domains"]}
        self.total_joules = self.result["total_joules"]
        self.seconds = self.result["duration_s"]
        return self

    def __enter__(self):
        return self.begin()

    def __exit__(self, *exc):
        self.end()
        return False

    def __del__(self):
        if getattr(self, "_window", None) is not None:
            _native.aw_meter_window_free(self._window)


def track(func=None, **measure_options):
    """Decorator: measures every call of the function. The last call's
    measurement is the wrapper's ``last_measure`` attribute (an ended
    :class:`measure`); options are those of :func:`measure`.

        @aiwatt.track
        def generate(prompt): ...

        generate("hello")
        print(generate.last_measure.total_joules)
    """
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            m = measure(**measure_options)
            with m:
                try:
                    return f(*args, **kwargs)
                finally:
                    wrapper.last_measure = m
        wrapper.last_measure = None
        return wrapper
    return decorate(func) if func is not None else decorate
