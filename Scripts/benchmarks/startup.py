"""Start-up: process start to the first interactive prompt (on a pseudo-terminal), and
`embsh -c help` end to end. Each beside the floor of the same measurement with a trivial
program, so the harness's own cost is visible. Target: under 20 ms each."""
import os
import pty
import signal
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
    """Seconds from fork to `prompt` appearing on the terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    while prompt not in seen:
        seen += os.read(fd, 4096)
    elapsed = time.perf_counter() - start
    # Only the time to the prompt is measured; typing Ctrl-D this early can race libedit
    # setting up the terminal, so the shell is simply ended.
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed


def time_to_exit(argv, env):
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
