"""A build whose writing half runs, and is killed, many times over one preparation.

`python -m tests.robustness.killable ROOT` prepares the full corpus once
(`loaders.pipeline.run.prepare`: reading, parsing, deriving, sorting; nothing is written)
and prints `ready <seconds>`. Then, for each line read on stdin, it forks a child that runs
the real build's writing half into ROOT (`write_build`: the `.partial` directory,
graph.nq, the store, the publications, the search index, the report, the swap), printing
`<pid> <step>` as each step begins (`<pid> start` first):

- `kill<TAB><step><TAB><seconds>`: the child SIGKILLs itself that long after `step` begins (if it
  has finished by then, it waits for the kill: a kill after the swap);
- `finish`: the child runs to its end.

The parent prints `<pid> exit <code>` when the child ends (-9: killed). Everything a killed
build can leave half-done on disk happens in that half, so the fault test kills there, at
random steps, without parsing the corpus again for each kill.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

from loaders.pipeline.run import BuildConfig, Prepared, prepare, write_build

NOT_REACHED = 3  # the child's exit code when the step to kill at never began


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _child(config: BuildConfig, prepared: Prepared, order: list[str]) -> int:
    pid = os.getpid()
    target, delay = (order[1], float(order[2])) if order[0] == "kill" else (None, 0.0)
    armed = threading.Event()

    def step(name: str) -> None:
        _say(f"{pid} {name}")
        if name == target:
            armed.set()
            threading.Timer(delay, _kill_self).start()

    step("start")
    write_build(config, prepared, step)
    if target is None:
        return 0
    if not armed.is_set():
        _say(f"{pid} never began {target!r}")
        return NOT_REACHED
    while True:  # the kill comes after the swap
        time.sleep(1)


def main(root: Path) -> None:
    started = time.monotonic()
    config = BuildConfig(build_dir=root, validate=False)
    prepared = prepare(config)
    _say(f"ready {time.monotonic() - started:.3f}")
    for line in sys.stdin:
        order = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(config, prepared, order)
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        _say(f"{pid} exit {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
