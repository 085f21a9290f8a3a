"""What every benchmark module shares: the binaries, the corpora, timing and result rows."""
import json
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@dataclass
class Context:
    """Where things are for this run."""
    embsh: Path = ROOT / ".build/release/embsh"
    harness: Path = ROOT / ".build/release/embsh-bench"
    quick: bool = False

    def corpus(self, name):
        """A corpus built by ../shared/data/make-corpus, or None when ../shared is absent."""
        make = SHARED / "data/make-corpus"
        if not make.exists():
            return None
        out = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "embsh-data"
        if not (out / name).exists():
            subprocess.run([str(make), str(out)], check=True, stdout=subprocess.DEVNULL)
        return out / name

    def harness_run(self, *arguments):
        """Runs `embsh-bench ARGS…` and returns its measurements, keyed by `measure`."""
        output = subprocess.run([str(self.harness), *map(str, arguments)], check=True,
                                capture_output=True, text=True).stdout
        lines = [json.loads(line) for line in output.splitlines() if line.strip()]
        return {line["measure"]: line for line in lines}


@dataclass
class Row:
    """One line of the results table: embsh beside a peer or a floor, and the target."""
    benchmark: str
    embsh: str
    peer: str
    ratio: str
    target: str
    met: bool | None = None


def median_seconds(body, repeats):
    """Median wall time of `repeats` calls of `body`."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def milliseconds(seconds):
    return f"{seconds * 1000:.2f} ms"


def rate(count, seconds, unit="words/s"):
    """`count` per second, as `12.3 M words/s`."""
    per_second = count / seconds
    for scale, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if per_second >= scale:
            return f"{per_second / scale:.1f} {prefix} {unit}"
    return f"{per_second:.1f} {unit}"
