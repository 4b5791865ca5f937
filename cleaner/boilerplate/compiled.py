"""The line model compiled to machine code once per machine and model file, LightGBM the fallback.

lleaves (LLVM) turns the model file's trees into native code that scores a page's
lines about 6x faster than LightGBM's own ``Booster.predict``, with the same
decisions (its sums differ from LightGBM's by ~1e-15; ``tests/test_linemodel.py``
compares both on real pages). Compiling takes about a minute, so it happens once:
``make run`` / ``make test`` run ``python -m cleaner.cli.model``, and otherwise the first
process that needs the model compiles it (one line on stderr says so) into the cache
directory, where every later process loads it in a few milliseconds.

- Cache directory: ``~/.cache/cleaner`` unless :func:`configure` says otherwise (the
  ``cleaner`` command passes ``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``).
- File name: the SHA-256 of the model file, then a key of this CPU and the compiler's
  versions (the code is native to both), so a retrained model file or another machine
  sharing the folder gets its own build and a stale one is never loaded.
- ``configure(use_compiled=False)`` (the command's ``CLEANER_LINE_MODEL=lightgbm``) never
  compiles nor loads native code; without lleaves, or when compiling fails, LightGBM
  scores the lines, with identical output.

>>> name = cache_path(Path(__file__).parent.parent / "data" / "linemodel.txt").name
>>> name.startswith("linemodel-") and name.endswith(".so")
True
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import time_limit_paused

if TYPE_CHECKING:  # numpy is not needed to know where the cache is (the language stage asks too)
    import numpy as np

Predict = Callable[["np.ndarray"], "np.ndarray"]


class Settings(NamedTuple):
    """Where compiled models live and whether to use them (``cache_dir`` None: ``~/.cache/cleaner``)."""

    cache_dir: Path | None = None
    use_compiled: bool = True


_settings = Settings()


def configure(settings: Settings) -> Settings:
    """Use *settings* in this process from now on; returns the previous ones.

    >>> previous = configure(Settings(cache_dir=Path("/tmp/cleaner-cache")))
    >>> cache_dir()
    PosixPath('/tmp/cleaner-cache')
    >>> _ = configure(previous)
    """
    global _settings
    previous, _settings = _settings, settings
    return previous


def settings() -> Settings:
    """The settings in use (a Ray run hands the driver's to its workers)."""
    return _settings


def cache_dir() -> Path:
    """Where compiled models are kept (see the module's doc), and langdetect's table (:mod:`cleaner.langprofiles`)."""
    return _settings.cache_dir or Path.home() / ".cache" / "cleaner"


@lru_cache(maxsize=1)
def _machine_key() -> str:
    """This CPU and the compiler's versions: native code is only valid where both match."""
    import llvmlite
    import llvmlite.binding as llvm

    try:
        features = llvm.get_host_cpu_features().flatten()
    except RuntimeError:
        features = ""
    key = "|".join([llvm.get_process_triple(), llvm.get_host_cpu_name(), features,
                    llvmlite.__version__, _lleaves_version()])
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _lleaves_version() -> str:
    """lleaves's version as the key has always read it (``importlib.metadata``), from its dist-info folder's name."""
    from ..installed import package_key

    found = package_key("lleaves")
    if not found:
        raise ImportError("lleaves is not installed")
    return found.removesuffix(".dist-info").split("-", 1)[1] if found.endswith(".dist-info") else found


def cache_path(model: Path) -> Path:
    """The compiled object of *model* for this machine (whether or not it exists yet)."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    return cache_dir() / f"linemodel-{digest}-{_machine_key()}.so"


@contextmanager
def _locked(path: Path):
    """One process compiles, the others wait for its result (POSIX file lock; no lock elsewhere)."""
    with open(path, "a") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        yield


def _import_lleaves() -> Any:
    """lleaves, imported without pandas where pandas is not loaded yet.

    lleaves reads pandas only to accept DataFrames (cleaner passes numpy arrays) but imports it
    whenever it is installed, as the Ray and datasets extras install it: about 100 MB of memory
    and 0.2 s in every process. A ``None`` in ``sys.modules`` makes that optional import fail
    (lleaves then uses its stand-in class); the entry is gone again afterwards.
    """
    if "lleaves" in sys.modules or "pandas" in sys.modules:
        import lleaves

        return lleaves
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import lleaves
    finally:
        del sys.modules["pandas"]
    return lleaves


def _load(model: Path, target: Path) -> Predict:
    lleaves = _import_lleaves()
    compiled = lleaves.Model(model_file=str(model))
    compiled.compile(cache=str(target))
    return lambda X: compiled.predict(X, n_jobs=1)


def _build(model: Path, target: Path, *, quiet: bool) -> Predict:
    """Compile *model* into *target* (under a lock, written whole then renamed), unless another process just did."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with time_limit_paused(), _locked(target.with_suffix(".lock")):
        if not target.exists():
            if not quiet:
                print(f"cleaner: compiling the line model for this machine into {target.parent} "
                      f"(once, about a minute; $CLEANER_CACHE_DIR moves it)", file=sys.stderr, flush=True)
            part = target.with_name(f".{target.name}.{os.getpid()}.part")
            try:
                _load(model, part)
                os.replace(part, target)
            finally:
                part.unlink(missing_ok=True)
    return _load(model, target)


def compiled_predictor(model: Path, *, compile: bool = True, quiet: bool = False) -> Predict | None:
    """A function from a feature matrix to P(content), native code; None where LightGBM must do.

    A cached object is loaded; without one, *compile* builds it now (see the module's doc).
    """
    if not _settings.use_compiled:
        return None
    try:
        target = cache_path(model)
        if target.exists():
            return _load(model, target)
        return _build(model, target, quiet=quiet) if compile else None
    except ImportError:
        return None  # lleaves is not installed (or not for this Python): LightGBM it is
    except Exception as exc:  # no cache folder, a compiler error: LightGBM gives the same answers
        if not quiet:
            print(f"cleaner: cannot compile the line model ({type(exc).__name__}: {exc}); using LightGBM",
                  file=sys.stderr)
        return None
