"""How the portal's processes run: the Procfile under supervisord (make
serve) restarts what exits and stops everything on SIGTERM; the systemd
units for production run the Procfile's commands and are valid units."""
from __future__ import annotations

import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "config" / "deploy"
UNITS = DEPLOY / "systemd"
BIN = pathlib.Path(sys.executable).parent


def _procfile(path: pathlib.Path = ROOT / "Procfile") -> dict[str, str]:
    return dict(re.findall(r"^(\w+):\s*(.+)$", path.read_text(), re.MULTILINE))


def _words(command: str) -> list[str]:
    """A command's words with its variables and quoting taken out."""
    command = re.sub(r"\"?\$\{?(\w+)(:-[^}]*)?\}?\"?", r"<\1>", command)
    return [w for w in command.split() if w != "/usr/bin/env"]


def _program(words: list[str]) -> list[str]:
    """What runs, from the program name on (``env VAR=...`` and paths off)."""
    names = [os.path.basename(w) for w in words]
    start = next(i for i, w in enumerate(names) if w in ("ckan", "gunicorn"))
    return names[start:start + 1] + words[start + 1:]


def _exec_start(unit: pathlib.Path) -> str:
    return re.search(r"^ExecStart=(.*)$", unit.read_text(), re.MULTILINE).group(1)


def test_each_procfile_process_has_a_systemd_unit_running_its_command():
    units = {unit.name: _exec_start(unit) for unit in UNITS.glob("*.service")}
    by_command = {" ".join(_program(_words(cmd))).replace("<PORT>", "<TDPF_PORT>"): name
                  for name, cmd in units.items()}
    for process, command in _procfile().items():
        wanted = " ".join(_program(_words(command))).replace("<PORT>", "<TDPF_PORT>")
        assert wanted in by_command, (process, wanted, sorted(by_command))
        # the harvest consumers get their own Redis URL (long socket timeout) in both
        unit = units[by_command[wanted]]
        assert ("CKAN_REDIS_URL=" in command) == ("CKAN_REDIS_URL=" in unit), process
    assert len(units) == len(_procfile())


def test_the_target_starts_every_unit_and_every_unit_restarts_on_failure():
    wants = " ".join(re.findall(r"^Wants=(.*)$", (UNITS / "tdpf.target").read_text(),
                                re.MULTILINE)).split()
    for unit in UNITS.glob("*.service"):
        text = unit.read_text()
        assert "Restart=on-failure" in text and "PartOf=tdpf.target" in text, unit.name
        assert "EnvironmentFile=/etc/tdpf/tdpf.env" in text, unit.name
        stem = unit.name.replace("@.service", "@")
        assert any(w == unit.name or w.startswith(stem) for w in wants), unit.name
    example = (DEPLOY / "tdpf.env.example").read_text()
    used = {v for unit in UNITS.glob("*.service") for v in re.findall(r"\$\{(\w+)\}", unit.read_text())}
    assert used <= set(re.findall(r"^(\w+)=", example, re.MULTILINE)), used


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path):
    for unit in UNITS.iterdir():
        shutil.copy(unit, tmp_path / unit.name)
    names = [p.name.replace("@.service", "@1.service") for p in tmp_path.iterdir()]
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def _wait_for(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_supervisord_restarts_what_exits_and_sigterm_stops_every_process(tmp_path):
    """make serve's supervisord configuration (rendered from a Procfile by
    honcho with config/deploy/supervisord): a process that exits (exit 75,
    as a harvest fetch consumer past its memory limit) comes back; SIGTERM
    to supervisord stops the others, with the children they started."""
    (tmp_path / "Procfile").write_text(
        # a process with a child of its own, as gunicorn and its workers
        'steady: sh -c "sleep 600 & echo \\$! > child.pid; echo \\$\\$ > steady.pid; wait"\n'
        'leaving: sh -c "echo ran >> runs.txt; exit 75"\n')
    subprocess.run([str(BIN / "honcho"), "export", "-f", str(tmp_path / "Procfile"),
                    "-d", str(tmp_path), "-a", "t", "-l", str(tmp_path),
                    "-t", str(DEPLOY / "supervisord"), "supervisord", str(tmp_path / "conf")],
                   check=True, capture_output=True)
    supervisord = subprocess.Popen([str(BIN / "supervisord"), "-c", str(tmp_path / "conf" / "t.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: len((tmp_path / "runs.txt").read_text().split())
                  if (tmp_path / "runs.txt").exists() else 0)
        _wait_for(lambda: (tmp_path / "runs.txt").read_text().count("ran") >= 3)
        pids = _wait_for(lambda: [int((tmp_path / f).read_text()) for f in ("steady.pid", "child.pid")]
                         if all((tmp_path / f).exists() and (tmp_path / f).read_text().strip()
                                for f in ("steady.pid", "child.pid")) else None)
        assert all(_alive(pid) for pid in pids)
        supervisord.send_signal(signal.SIGTERM)
        assert supervisord.wait(60) == 0
        _wait_for(lambda: not any(_alive(pid) for pid in pids), 10)
    finally:
        if supervisord.poll() is None:
            supervisord.kill()
