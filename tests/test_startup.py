"""Start-up: what `import argmap` and a small `argmap info` import (issue 18). Timing
is left to benchmarks/run_all.py; these check that the deferred imports stay deferred."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_HEAVY_AT_IMPORT = [
    "argmap._model",  # the model's names are imported when first used (PEP 562)
    "attrs",  # so attrs comes only with the model
    "attr",
    "logging",  # only modules that log (argmap._log), none of them at import
    "typing",  # TYPE_CHECKING is argmap's own False
    "tempfile",  # only writing the registry's cache needs it
    "argmap._api",  # argmap.read & co. are imported when first used (PEP 562)
    "argmap._registry",
    "argmap._validate",
    "argmap.plugin",
    "cattrs",  # only (de)serialising and typed options
    "orjson",  # only JSON
    "argparse",
    "yaml",  # only a file with YAML
    "importlib.metadata",  # only argmap.__version__
    "importlib_metadata",  # only the first plugin lookup
    "argmap.sources._document",  # only source documents
    "argmap.sources._library",
    "argmap.formats.argdown",
]


def _modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "; import sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_argmap_defers_what_it_does_not_need() -> None:
    loaded = _modules("import argmap")
    assert not loaded & set(_HEAVY_AT_IMPORT), loaded & set(_HEAVY_AT_IMPORT)
    # the lazy names still resolve
    names = _modules("import argmap.sources as s; s.Document, s.read_documents, s.Library")
    assert "argmap.sources._document" in names


def test_the_lazy_names_are_the_real_ones() -> None:
    import importlib

    import argmap

    for name, module in argmap._LAZY.items():
        assert name in dir(argmap)
        assert getattr(argmap, name) is getattr(importlib.import_module(module, "argmap"), name)
    assert set(argmap.__all__) <= set(dir(argmap))
    # `from argmap import X` in a fresh interpreter goes through the same hook
    loaded = _modules("from argmap import ArgumentMap; ArgumentMap('t').claim('c')")
    assert {"argmap._model", "attrs"} <= loaded
    assert "argmap._api" not in loaded


def test_argmap_logs_through_one_logger_that_is_quiet_by_default() -> None:
    # the NullHandler moved from argmap/__init__ to argmap._log: a program that
    # configures no logging still sees no argmap warning on stderr (no lastResort line)
    code = (
        "import argmap, logging\n"
        "m = argmap.ArgumentMap('t'); m.claim('c')\n"
        "argmap.render(m, 'markdown')\n"
        "assert any(isinstance(h, logging.NullHandler) "
        "for h in logging.getLogger('argmap').handlers)\n"
        "logging.getLogger('argmap').warning('should not be printed')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "should not be printed" not in out.stderr


def test_reading_a_file_imports_no_logging_and_a_first_message_is_still_quiet(
    tmp_path: Path,
) -> None:
    # argmap._log.log imports logging when first used, and adds the NullHandler then
    path = tmp_path / "a.argdown"
    path.write_text("===\ntitle: T\n===\n\n[A]: Alpha.\n  + [B]: Beta.\n", encoding="utf-8")
    code = (
        "import sys, argmap\n"
        f"argmap.read({str(path)!r})\n"
        "assert 'logging' not in sys.modules, 'logging'\n"
        "from argmap._log import log\n"
        "log.warning('should not be printed')\n"
        "import logging\n"
        "assert log.handlers == logging.getLogger('argmap').handlers\n"
        "assert any(type(h) is logging.NullHandler for h in log.handlers)\n"
    )
    # (the first run fills the plugin cache: scanning the entry points imports logging)
    subprocess.run([sys.executable, "-c", f"import argmap; argmap.read({str(path)!r})"], check=True)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "should not be printed" not in out.stderr


def test_a_third_party_plugin_class_installs_the_null_handler() -> None:
    code = (
        "import argmap.plugin, logging\n"
        "class Mine(argmap.plugin.Reader):\n"
        "    name = 'mine'\n"
        "logging.getLogger('argmap.mine').warning('should not be printed')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "should not be printed" not in out.stderr


def test_info_on_a_yaml_free_file_imports_no_yaml(tmp_path: Path) -> None:
    path = tmp_path / "tiny.argdown"
    path.write_text("[A]: Alpha.\n  + [B]: Beta.\n", encoding="utf-8")
    code = (
        "import sys; from argmap.cli import main\n"
        f"sys.argv = ['argmap', 'info', {str(path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json; print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "claims: 2" in out.stdout
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    # (plugins may import more while the test's empty plugin cache is filled)
    for name in ("yaml", "subprocess", "argmap.sources._document"):
        assert name not in loaded, name


def test_yaml_is_imported_when_a_file_has_data(tmp_path: Path) -> None:
    import argmap

    path = tmp_path / "data.argdown"
    path.write_text("===\ntitle: T\n===\n\n[A]: Alpha. {confidence: 0.5}\n", encoding="utf-8")
    amap = argmap.read(path)
    assert amap.title == "T"
    assert amap.statements["A"].meta == {"confidence": 0.5}


# what a second `argmap info` of an Argdown file (the scan cache filled by the first)
# does without: the metadata machinery, the diff command, JSON, shutil (argparse's help
# width), cattrs, YAML
_NOT_FOR_INFO = [
    "importlib_metadata",
    "importlib.metadata",
    "email",
    "zipfile",
    "shutil",
    "tempfile",
    "argmap.mapdiff",
    "argmap._jsonloc",
    "orjson",
    "cattrs",
    "yaml",
    "subprocess",
]


def _info_modules(path: Path, env: dict[str, str]) -> tuple[str, set[str]]:
    code = (
        "import sys; from argmap.cli import main\n"
        f"main(['info', {str(path)!r}])\n"
        "import json; print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return out.stdout, set(json.loads(out.stdout.splitlines()[-1]))


def test_a_second_info_reads_the_scan_cache_and_imports_little(tmp_path: Path) -> None:
    path = tmp_path / "tiny.argdown"
    path.write_text("[A]: Alpha.\n  + [B]: Beta.\n  - [C]: Gamma.\n", encoding="utf-8")
    env = dict(os.environ, ARGMAP_CACHE_DIR=str(tmp_path / "cache"))
    first, _ = _info_modules(path, env)  # fills the entry point scan and plugin caches
    assert len(list((tmp_path / "cache").glob("entry-points-*.json"))) == 1
    second, loaded = _info_modules(path, env)
    assert "claims: 3" in second
    assert second.splitlines()[:-1] == first.splitlines()[:-1]
    assert not loaded & set(_NOT_FOR_INFO), loaded & set(_NOT_FOR_INFO)


def test_the_scan_cache_sees_a_plugin_installed_after_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    env = dict(os.environ, ARGMAP_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(site))
    listing = [sys.executable, "-m", "argmap", "plugins", "--json"]

    def names() -> set[str]:
        out = subprocess.run(listing, capture_output=True, text=True, check=True, env=env)
        return {row["name"] for row in json.loads(out.stdout)}

    assert "late" not in names()  # the scan is cached now
    (site / "late_plugin.py").write_text(
        "from argmap import ArgumentMap\nfrom argmap.plugin import Reader\n\n"
        "class LateReader(Reader):\n    name = 'late'\n    extensions = ('.late',)\n\n"
        "    def parse(self, text, *, path=None, **options):\n"
        "        return ArgumentMap(text)\n",
        "utf-8",
    )
    info = site / "late_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: late-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[argmap.readers]\nlate = late_plugin:LateReader\n")
    assert "late" in names()
    # an entry point added to an installed distribution in place is seen too
    (info / "entry_points.txt").write_text(
        "[argmap.readers]\nlate = late_plugin:LateReader\nlater = late_plugin:LateReader\n"
    )
    assert "later" in names()
