"""Disjoint slices of a list of dataset ids, indexed by child processes.

Each child gets a file with its ids and writes ``INDEXED <n>`` lines to
stdout as it goes (:func:`report`), and may end with ``CPU <python s>
<postgres s>`` (:func:`report_cpu`); the parent passes these on and copies
any other output. Used by ``ckan tdpf search rebuild --workers``
and by the search benchmark.
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable

_MARK = "INDEXED "
_CPU_MARK = "CPU "


def run(ids: list[str], workers: int, command: Callable[[str], list[str]],
        on_indexed: Callable[[int], None],
        on_cpu: Callable[[float, float | None], None] | None = None) -> list[int]:
    """Start ``command(ids_file)`` for each slice; the children's exit codes."""
    with tempfile.TemporaryDirectory(prefix="tdpf-rebuild-") as tmp:
        procs = []
        for k in range(workers):
            path = pathlib.Path(tmp) / f"ids-{k}.json"
            path.write_text(json.dumps(ids[k::workers]))
            procs.append(subprocess.Popen(command(str(path)), stdout=subprocess.PIPE, text=True))

        def pump(proc: subprocess.Popen) -> None:
            for line in proc.stdout or ():  # a pipe: stdout=PIPE
                if line.startswith(_MARK):
                    on_indexed(int(line[len(_MARK):]))
                elif line.startswith(_CPU_MARK) and on_cpu:
                    python, postgres = line[len(_CPU_MARK):].split()
                    on_cpu(float(python), None if postgres == "-" else float(postgres))
                else:
                    sys.stdout.write(line)

        readers = [threading.Thread(target=pump, args=(p,), daemon=True) for p in procs]
        for reader in readers:
            reader.start()
        codes = [p.wait() for p in procs]
        for reader in readers:
            reader.join()
    return codes


def read(ids_file: str) -> list[str]:
    return json.loads(pathlib.Path(ids_file).read_text())


def report(indexed: int) -> None:
    print(f"{_MARK}{indexed}", flush=True)


def report_cpu(python: float, postgres: float | None) -> None:
    """CPU seconds the child spent indexing, and its database session's."""
    print(f"{_CPU_MARK}{python} {'-' if postgres is None else postgres}", flush=True)
