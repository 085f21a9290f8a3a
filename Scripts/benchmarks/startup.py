"""Start-up: process start to the first interactive prompt (on a pseudo-terminal), and
`embsh -c help` end to end. Each beside the floor of the same measurement with a trivial
program, so the harness's own cost is visible. Target: under 20 ms each."""
import os
import pty
import select
import subprocess
import tempfile
import time

from common import Row, milliseconds

TARGET_SECONDS = 0.020


def run(context):
    runs = 30 if context.quick else 200
    with tempfile.TemporaryDirectory() as home:
        env = {"HOME": home, "TERM": "xterm", "EMBSH_HISTORY": os.path.join(home, "history"), "PATH": "/usr/bin:/bin"}
        prompt = median_of(runs, lambda: time_to_prompt([str(context.embsh)], env, b"embsh> "))
        floor = median_of(runs, lambda: time_to_prompt(["/bin/sh", "-c", "printf 'embsh> '; read line"], env, b"embsh> "))
        helped = median_of(runs, lambda: time_to_exit([str(context.embsh), "-c", "help"], env))
        true = median_of(runs, lambda: time_to_exit(["/bin/true"], env))
    return [
        Row(f"start to first prompt (median of {runs})", milliseconds(prompt), f"sh: {milliseconds(floor)}",
            f"{prompt / floor:.1f}× floor", "< 20 ms", prompt < TARGET_SECONDS),
        Row(f"embsh -c help (median of {runs})", milliseconds(helped), f"/bin/true: {milliseconds(true)}",
            f"{helped / true:.1f}× floor", "< 20 ms", helped < TARGET_SECONDS),
    ]


def median_of(runs, measure):
    times = sorted(measure() for _ in range(runs))
    return times[len(times) // 2]


def time_to_prompt(argv, env, prompt):
    """Seconds from fork to `prompt` appearing on the terminal; then sends Ctrl-D."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    while prompt not in seen:
        seen += os.read(fd, 4096)
    elapsed = time.perf_counter() - start
    end_session(fd)
    os.waitpid(pid, 0)
    return elapsed


def end_session(fd):
    """Types Ctrl-D until the shell has gone: the first may arrive before libedit has set up
    the terminal, which discards pending input."""
    while True:
        os.write(fd, b"\x04")
        if select.select([fd], [], [], 0.05)[0]:
            try:
                if not os.read(fd, 4096):
                    break
            except OSError:
                break  # EIO: the child has closed the terminal
    os.close(fd)


def time_to_exit(argv, env):
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
