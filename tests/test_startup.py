"""Start-up: what `import argmap` and a small `argmap info` import (issue 18). Timing
is left to benchmarks/run_all.py; these check that the deferred imports stay deferred."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_HEAVY_AT_IMPORT = [
    "tempfile",  # only writing the registry's cache needs it
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
