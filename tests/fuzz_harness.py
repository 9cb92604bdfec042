"""The fuzz harness shared by ``scripts/fuzz`` and ``tests/test_fuzz.py``.

The property, for every reader (map readers and source readers, built-in and plugin):
**any bytes give a map (or a document) or an** :class:`~argmap.ArgmapError` **with a
location, within a time and a memory bound.** "With a location" means an
:class:`~argmap.ArgmapSyntaxError` naming the file and a line (the file, and a page where
there is one, for PDF and HTML documents, whose errors are about the whole document), or a
map-structure error (a dangling id) whose message names the file and the element.

Each input is written to a file and read with the reader's own ``read`` (so decoding is
fuzzed too), in a worker process limited to :data:`MEMORY_LIMIT` bytes of address space
and :data:`TIME_LIMIT` seconds per input (a worker that does not answer in time is killed
and replaced). Inputs are hypothesis-generated: raw bytes, and seeds (files from the
corpus, ``../shared/corpus``, and small hand-made ones) mutated by flips, insertions
of the format's own tokens, deletions, splices and truncations.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = float(os.environ.get("ARGMAP_FUZZ_TIME_LIMIT", "5"))
"""Seconds one input may take."""
MEMORY_LIMIT = int(os.environ.get("ARGMAP_FUZZ_MEMORY_LIMIT", str(1 << 30)))
"""Bytes of address space the worker may use (1 GiB), beyond what it has after start-up."""
SEED_BYTES = 200_000
"""Seed files larger than this are left out (they are slow to mutate and to read)."""


@attrs.frozen
class Target:
    """One reader to fuzz."""

    name: str
    kind: str  # "reader" or "source"
    suffix: str
    corpus_globs: tuple[str, ...] = ()
    tokens: tuple[bytes, ...] = ()
    """Pieces of the format's syntax that mutations insert."""
    seeds: tuple[bytes, ...] = ()
    """Small hand-made seeds (the corpus may be absent)."""
    lines: bool = True
    """Whether its errors can name a line (not in a binary format: the path, and a page
    where there is one, is the location then)."""


_JSON_TOKENS = (
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b":",
    b",",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b'"\\ud800"',
    b'"\\u202e"',
    b"\\",
    b"{}",
    b"[]",
    b'""',
    b"9" * 30,
)
_XML_TOKENS = (
    b"<",
    b">",
    b"</",
    b"/>",
    b'="',
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    b"&a;",
    b"&#0;",
    b"&#x202e;",
    b"<![CDATA[",
    b"]]>",
    b"<?xml version='1.0'?>",
    b'id="a1"',
    b'src="a1"',
    b'trg="a1"',
    b'type="',
    b"<edge ",
    b"<edu ",
    b"<adu ",
    b"<joint ",
)

TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target(
            "argdown",
            "reader",
            ".argdown",
            ("argdown/**/*.argdown",),
            (
                b"[",
                b"]",
                b"<",
                b">",
                b":",
                b"\n  + ",
                b"\n  - ",
                b"\n  _> ",
                b"\n  <+ ",
                b"\n  >< ",
                b"\n# ",
                b"===\ntitle: x\n===\n",
                b"{",
                b"}",
                b"#tag",
                b"@include(",
                b")",
                b"\n(1) ",
                b"\n----\n",
                b"\n--\nx\n--\n",
                b"*",
                b"_",
                b"\\",
                b"@[",
                b"\t",
                b"\r\n",
                b"\xe2\x80\xae",
                b"\xef\xbb\xbf",
                b"\n" * 3,
                b"    " * 20,
            ),
            (b"[A]: a claim.\n  + <B>: a reason.\n  - [C]: an objection.\n",),
        ),
        Target(
            "json",
            "reader",
            ".json",
            (),
            (
                *_JSON_TOKENS,
                b'"schema_version"',
                b'"statements"',
                b'"relations"',
                b'"kind"',
                b'"id"',
                b'"source"',
                b'"target"',
                b'"support"',
                b'"attack"',
                b'"arguments"',
            ),
            (
                b'{"schema_version": 1, "title": "t", "statements": [{"id": "a", "text": "A"},'
                b' {"id": "b", "text": "B"}], "relations": [{"kind": "support", "source": "b",'
                b' "target": "a"}]}',
            ),
        ),
        Target(
            "iccma",
            "reader",
            ".af",
            ("iccma/af/*.af",),
            # declared counts of every size: small, large but accepted, over the limit
            (
                b"p af ",
                b"\n",
                b"#",
                b" ",
                b"-",
                b"1",
                b"0",
                b"99999999999",
                b"p ",
                b"af",
                b"99999",
                b"300000",
                b"9999999",
                b"1000000",
            ),
            (b"p af 3\n1 2\n2 3\n",),
        ),
        Target(
            "apx",
            "reader",
            ".apx",
            ("iccma/apx/*.apx",),
            (b"arg(", b"att(", b").", b",", b"\n", b"%", b"a", b"'", b" ", b"(", b")"),
            (b"arg(a).\narg(b).\natt(a,b).\n",),
        ),
        Target(
            "tgf",
            "reader",
            ".tgf",
            ("iccma/tgf/*.tgf",),
            (b"#\n", b"\n", b" ", b"1", b"a", b"\t"),
            (b"1\n2\n#\n1 2\n",),
        ),
        Target(
            "aif",
            "reader",
            ".aif",
            ("aif/*/nodeset1*.json",),
            (
                *_JSON_TOKENS,
                b'"nodes"',
                b'"edges"',
                b'"nodeID"',
                b'"fromID"',
                b'"toID"',
                b'"type"',
                b'"I"',
                b'"RA"',
                b'"CA"',
                b'"MA"',
                b'"text"',
                b'"locutions"',
            ),
            (
                b'{"nodes": [{"nodeID": "1", "text": "A", "type": "I"}, {"nodeID": "2", "text":'
                b' "B", "type": "I"}, {"nodeID": "3", "text": "Default", "type": "RA"}],'
                b' "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"}, {"edgeID": "2",'
                b' "fromID": "3", "toID": "1"}], "locutions": []}',
            ),
        ),
        Target(
            "sadface",
            "reader",
            ".sadface",
            ("sadface/*.json",),
            (
                *_JSON_TOKENS,
                b'"sadface"',
                b'"nodes"',
                b'"edges"',
                b'"source_id"',
                b'"target_id"',
                b'"type"',
                b'"atom"',
                b'"scheme"',
                b'"id"',
                b'"resources"',
                b'"metadata"',
            ),
            (),
        ),
        Target(
            "microtexts",
            "reader",
            ".xml",
            ("microtexts/microtexts-en/micro_b00*.xml",),
            _XML_TOKENS,
            (),
        ),
        Target(
            "kialo",
            "reader",
            ".kialo",
            (),
            (
                b"1.",
                b"1.1.",
                b"1.1.1. ",
                b"Pro: ",
                b"Con: ",
                b"\n",
                b"Discussion Title: ",
                b"-> See ",
                b"\t",
                b" ",
                b"1." * 50,
                b"\r",
            ),
            (),
        ),
        Target(
            "text",
            "source",
            ".txt",
            ("microtexts/microtexts-en/micro_b00*.txt",),
            (b"\n", b"\n\n", b"\r", b"\x00", b"\xff", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"  "),
            (b"A first paragraph.\n\nA second one, longer.\n",),
        ),
        Target(
            "markdown",
            "source",
            ".md",
            ("**/README.md",),
            (
                b"# ",
                b"\n",
                b"```",
                b"    ",
                b"> ",
                b"- ",
                b"[x](y)",
                b"<!--",
                b"-->",
                b"---\n",
                b"*",
                b"_",
                b"|",
                b"<div>",
                b"\\",
            ),
            (b"# Title\n\nSome *text* here.\n\n- a list\n",),
        ),
        Target(
            "html",
            "source",
            ".html",
            (),
            (
                b"<",
                b">",
                b"</",
                b"<p>",
                b"</p>",
                b"<script>",
                b"</script>",
                b"<!--",
                b"-->",
                b"&amp;",
                b"&#x202e;",
                b"&#0;",
                b"<title>",
                b"<br>",
                b"<pre>",
                b"<table>",
                b'"',
            ),
            (
                b"<html><head><title>T</title></head><body><h1>H</h1><p>One.</p>"
                b"<p>Two &amp; three.</p></body></html>",
            ),
            lines=False,  # its errors are about the whole page (no main text)
        ),
        Target(
            "pdf",
            "source",
            ".pdf",
            (),
            (
                b"%PDF-1.4\n",
                b"obj",
                b"endobj",
                b"stream\n",
                b"endstream",
                b"xref",
                b"trailer",
                b"<<",
                b">>",
                b"/Length 99999999",
                b"/Type /Page",
                b"%%EOF",
                b"0 0 R",
                b"/Filter /FlateDecode",
                b"\x00",
            ),
            (),
            lines=False,
        ),
    ]
}


SELFTEST = Target("selftest", "selftest", ".bin")
"""Not a reader: misbehaves on purpose, to test the harness."""


def _extra_seeds(target: Target) -> list[bytes]:
    out: list[bytes] = []
    if target.name == "kialo":
        out += [
            p.read_bytes() for p in sorted((ROOT / "plugins/argmap-kialo/tests/data").glob("*"))
        ]
    if target.name == "argdown":
        out += [p.read_bytes() for p in sorted((ROOT / "tests/data/argdown").rglob("*.argdown"))]
    if target.name == "json":  # native JSON written by argmap itself, of real maps
        import argmap

        sys.path.insert(0, str(ROOT / "tests"))
        from _render_maps import all_relations, basic, evidence_groups

        maps = [f() for f in (basic, all_relations, evidence_groups)]
        maps.append(argmap.read(ROOT / "seeds" / "meta-open-models.argdown"))
        out += [str(argmap.render(m, "json")).encode("utf-8") for m in maps]
    if target.name == "html":
        out += [p.read_bytes() for p in sorted((ROOT / "docs").rglob("*.html"))][:5]
    if target.name == "pdf":
        try:
            from fpdf import FPDF
        except ImportError:
            out.append(
                b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R"
                b" >>\n%%EOF\n"
            )
        else:
            pdf = FPDF()
            pdf.set_title("Seed")
            for words in (["Open models are good.", "They help research."], ["Second page."]):
                pdf.add_page()
                pdf.set_font("helvetica", size=12)
                for w in words:
                    pdf.cell(text=w, new_x="LMARGIN", new_y="NEXT")
            out.append(bytes(pdf.output()))
    return out


def seeds(target: Target, *, limit: int = 60) -> list[bytes]:
    """Seed inputs for ``target``: hand-made ones, then corpus files (smallest first)."""
    out = list(target.seeds) + _extra_seeds(target)
    from markers import corpus_path  # the one corpus setting of the tests

    corpus = corpus_path()
    if corpus is not None:
        files: list[Path] = []
        for pattern in target.corpus_globs:
            files += [p for p in corpus.glob(pattern) if p.is_file()]
        files = sorted(set(files), key=lambda p: (p.stat().st_size, str(p)))
        out += [p.read_bytes() for p in files if p.stat().st_size <= SEED_BYTES][:limit]
    return [s for s in out if len(s) <= SEED_BYTES] or [b""]


# ---------------------------------------------------------------------------- one input
def run_one(target: Target, data: bytes, workdir: Path) -> dict[str, Any]:
    """Read ``data`` with the target's reader; the outcome as a small dict."""
    from argmap import ArgmapError, ArgmapSyntaxError

    path = workdir / ("input" + target.suffix)
    path.write_bytes(data)
    start = time.perf_counter()
    try:
        if target.kind == "selftest":  # the harness's own test: misbehave on purpose
            _misbehave(data)
        elif target.kind == "source":
            from argmap.sources import get_source_reader

            get_source_reader(target.name).read(path)
        else:
            from argmap import get_reader

            get_reader(target.name).read(path)
    except ArgmapError as exc:
        seconds = time.perf_counter() - start
        located = (
            isinstance(exc, ArgmapSyntaxError)
            and exc.path is not None
            and (exc.line is not None or not target.lines)
        )
        if located:
            return {"outcome": "located", "seconds": seconds}
        if not isinstance(exc, ArgmapSyntaxError) and str(path) in str(exc):
            # a map that is not well formed (a dangling id): named in the message, in the file
            return {"outcome": "structure", "type": type(exc).__name__, "seconds": seconds}
        return {
            "outcome": "unlocated",
            "type": type(exc).__name__,
            "message": str(exc)[:300],
            "where": _where(exc),
            "seconds": seconds,
        }
    except _Timeout:
        return {"outcome": "timeout", "seconds": time.perf_counter() - start}
    except MemoryError as exc:
        return {"outcome": "memory", "where": _where(exc), "seconds": time.perf_counter() - start}
    except Exception as exc:  # what the property forbids: record it, do not stop
        return {
            "outcome": "crash",
            "type": type(exc).__name__,
            "message": str(exc)[:300],
            "where": _where(exc),
            "seconds": time.perf_counter() - start,
        }
    return {"outcome": "ok", "seconds": time.perf_counter() - start}


def _misbehave(data: bytes) -> None:
    if data == b"sleep":
        time.sleep(TIME_LIMIT * 10)
    elif data == b"spin":
        while True:
            pass
    elif data == b"memory":
        _ = bytearray(MEMORY_LIMIT * 2)
    elif data == b"crash":
        raise KeyError("crash")
    elif data == b"exit":
        os._exit(3)


def _where(exc: BaseException) -> str:
    """The innermost frame of argmap's (or a plugin's) code in the traceback."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "argmap" in f.filename and "fuzz_harness" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    name = frame.filename
    for marker in ("/src/", "/site-packages/"):
        if marker in name:
            name = name.rsplit(marker, 1)[1]
    return f"{name}:{frame.lineno} in {frame.name}"


class _Timeout(BaseException):
    """Raised by the alarm in a worker when one input takes too long."""


# ---------------------------------------------------------------------------- the worker
def worker_main() -> None:  # pragma: no cover - runs in the subprocess
    """Read length-prefixed inputs from stdin, answer one JSON line each on stdout."""
    import resource
    import signal

    name = sys.argv[2]
    target = SELFTEST if name == "selftest" else TARGETS[name]
    workdir = Path(tempfile.mkdtemp(prefix=f"argmap-fuzz-{name}-", dir=_tmp_root()))
    run_one(target, (target.seeds or (b"",))[0], workdir)  # import everything first
    used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with open("/proc/self/statm") as fh:
        vsize = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = vsize + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    out = sys.stdout
    out.write(json.dumps({"ready": True, "rss": used}) + "\n")
    out.flush()
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return
        (size,) = struct.unpack(">I", head)
        data = stdin.read(size)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            result = run_one(target, data, workdir)
        except _Timeout:
            result = {"outcome": "timeout", "seconds": TIME_LIMIT}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        out.write(json.dumps(result) + "\n")
        out.flush()


def _tmp_root() -> str | None:
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


class Worker:
    """A subprocess that reads inputs with one target's reader, under the limits."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def _start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, __file__, "worker", self.target.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a library's chatter (pypdf's warnings)
            cwd=ROOT,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line or not json.loads(line).get("ready"):
            raise RuntimeError(f"the fuzz worker for {self.target.name} did not start")
        self.proc = proc
        return proc

    def run(self, data: bytes) -> dict[str, Any]:
        proc = self.proc or self._start()
        assert proc.stdin is not None
        assert proc.stdout is not None
        try:
            proc.stdin.write(struct.pack(">I", len(data)) + data)
            proc.stdin.flush()
        except BrokenPipeError:
            return self._died("the worker's input pipe broke")
        import selectors

        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            ready = sel.select(TIME_LIMIT * 2 + 5)  # the alarm fires at TIME_LIMIT
        if not ready:
            self.close()
            self.restarts += 1
            return {"outcome": "timeout", "seconds": TIME_LIMIT * 2 + 5, "where": "no answer"}
        line = proc.stdout.readline()
        if not line:
            return self._died(f"the worker died (exit status {proc.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def _died(self, why: str) -> dict[str, Any]:
        self.close()
        self.restarts += 1
        return {"outcome": "crash", "type": "WorkerDied", "message": why, "where": "worker"}

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
            self.proc = None


FAILURES = ("crash", "unlocated", "timeout", "memory")


def failure_key(result: dict[str, Any]) -> str | None:
    """What tells failures apart (None for an input that passed)."""
    if result["outcome"] not in FAILURES:
        return None
    if result["outcome"] == "unlocated":
        return f"unlocated {result.get('type')} at {result.get('where')}"
    return f"{result['outcome']} {result.get('type', '')} at {result.get('where', '?')}"


# ---------------------------------------------------------------------------- inputs
def mutate(seed: bytes, tokens: tuple[bytes, ...], choices: Callable[[int], int]) -> bytes:
    """``seed`` changed a few times; ``choices(n)`` picks a number in ``range(n)``."""
    data = bytearray(seed)
    for _ in range(1 + choices(8)):
        op = choices(7)
        at = choices(len(data) + 1)
        if op == 0 and data:  # flip a byte
            i = min(at, len(data) - 1)
            data[i] ^= 1 << choices(8)
        elif op == 1 and tokens:  # insert a token of the format
            data[at:at] = tokens[choices(len(tokens))]
        elif op == 2 and data:  # delete a stretch
            data[at : at + 1 + choices(16)] = b""
        elif op == 3:  # truncate
            del data[at:]
        elif op == 4 and data:  # repeat a stretch (nesting, long lines)
            piece = bytes(data[at : at + 1 + choices(32)])
            data[at:at] = piece * (1 + choices(64))
        elif op == 5:  # insert an interesting byte
            data[at:at] = bytes([(0, 0xFF, 0x0A, 0x0D, 0x22, 0x5C, 0x80, 0xC0)[choices(8)]])
        elif op == 6 and tokens:  # replace a byte with a token
            data[at : at + 1] = tokens[choices(len(tokens))]
    return bytes(data)


def strategy(target: Target, seed_list: list[bytes]) -> Any:
    """A hypothesis strategy of inputs for ``target``."""
    from hypothesis import strategies as st

    @st.composite
    def mutated(draw: Any) -> bytes:
        seed = draw(st.sampled_from(seed_list))
        return mutate(seed, target.tokens, lambda n: draw(st.integers(0, max(n - 1, 0))))

    tokens = st.lists(st.sampled_from(target.tokens or (b"x",)), max_size=40).map(b"".join)
    return st.one_of(mutated(), st.binary(max_size=512), tokens)


def inputs(target: Target, seed_list: list[bytes], rng_seed: int) -> Iterator[bytes]:
    """Endless inputs, from hypothesis (seeds first, unchanged)."""
    yield from seed_list
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import StopTest  # noqa: F401 - there to fail loudly if it moves

    produced: list[bytes] = []

    @settings(
        max_examples=500,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(strategy(target, seed_list))
    def collect(data: bytes) -> None:
        produced.append(data)

    while True:
        produced.clear()
        collect()
        yield from produced


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "worker":
    sys.path.insert(0, str(ROOT / "tests"))
    worker_main()
