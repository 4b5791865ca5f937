"""``python -m cleaner.cli.model``: compile the shipped line model for this machine now (set-up).

It also writes what every later process would otherwise build once: langdetect's n-gram table
(:mod:`cleaner.langprofiles`) and the phrase rules' compiled expressions (:mod:`cleaner.boilerplate.regexcache`).

The environment's say over the compiled model, read here and by ``cleaner`` only
(the library takes :class:`cleaner.boilerplate.compiled.Settings`):

- ``CLEANER_CACHE_DIR``: the cache folder, else ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``;
- ``CLEANER_LINE_MODEL=lightgbm``: score lines with LightGBM, never native code (same output).

>>> from_environment({"CLEANER_CACHE_DIR": "/srv/cache", "CLEANER_LINE_MODEL": "lightgbm"})
Settings(cache_dir=PosixPath('/srv/cache'), use_compiled=False)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..boilerplate import compiled
from .cli_environment import environment

ENV_CACHE, ENV_MODEL = "CLEANER_CACHE_DIR", "CLEANER_LINE_MODEL"


def from_environment(env: Mapping[str, str]) -> compiled.Settings:
    """The compiled model's settings that *env* asks for."""
    if env.get(ENV_CACHE):
        cache: Path | None = Path(env[ENV_CACHE])
    elif env.get("XDG_CACHE_HOME"):
        cache = Path(env["XDG_CACHE_HOME"]) / "cleaner"
    else:
        cache = None
    return compiled.Settings(cache_dir=cache, use_compiled=env.get(ENV_MODEL, "").lower() != "lightgbm")


def configure_from_environment() -> compiled.Settings:
    """Apply this process's environment (what ``cleaner`` does first)."""
    settings = from_environment(environment())
    compiled.configure(settings)
    return settings


def main() -> int:
    """Compile the shipped model now and say where it is; build langdetect's table and the rules' expressions too."""
    configure_from_environment()  # first: the imports below compile expressions, kept in the cache folder
    from ..boilerplate.linemodel import MODEL_PATH
    from ..boilerplate.rules import default_rules
    from ..langprofiles import factory

    factory(compiled.cache_dir())  # langdetect's table (cleaner.langprofiles), or a line on stderr saying why not
    default_rules()  # the phrase rules' expressions and readings, written to the cache folder at exit (boilerplate.regexcache)
    if compiled.compiled_predictor(MODEL_PATH) is None:
        print("cleaner: the line model is not compiled here; LightGBM will score lines (same output, slower)")
        return 0
    print(f"cleaner: compiled line model ready: {compiled.cache_path(MODEL_PATH)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
