"""Recall and false positives of the Keras 2 checker on real Keras 2 code labelled by hand.

Run:  .venv/bin/python benchmarks/migrate_recall.py

The code is scripts from the ``examples/`` folders of the Keras 2.2.4 and 2.0.8 source
releases on PyPI (``Keras-<version>.tar.gz``, fetched once with ``pip download`` and checked
against its SHA-256, then kept in the user cache). The labels in
``tests/data/migrate/real/keras-<version>-examples.labels`` were written from reading each
script before the checker ever ran on it: one line per source line that fails or changes
meaning in Keras 3 (or warns), with the rule codes expected there.

Figures: *line recall* (labelled lines with a finding), *code recall* (labelled
(line, code) pairs found with that code), and *false positives* (findings on lines with no
label), split into errors/silent changes and deprecation notes. A plain grep for Keras 2
spellings is scored on the same labels for comparison.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kerasnb.migrate import check_keras2

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "migrate" / "real"
RELEASES = {  # version -> SHA-256 of its source release on PyPI
    "2.2.4": "90b610a3dbbf6d257b20a079eba3fdf2eed2158f64066a7c6f7227023fd60bc9",
    "2.0.8": "899dc6aaed366f20100b9f80cf1093ea5b43eecc74afd1dc63a4e48dfa776ab9",
}
_LABEL = re.compile(r"^(?P<file>[\w.]+\.py):(?P<line>\d+)\s+(?P<codes>K\d{4}(?:,K\d{4})*)")
_READ = re.compile(r"Files read:(?P<names>(?:\s+#?\s*[\w.]+\.py)+)\.")
# what a user might grep for instead (the usual Keras 2 spellings)
GREP = re.compile(r"\b(fit_generator|evaluate_generator|predict_generator|nb_epoch|np_utils|"
                  r"lr=|decay=|K\.\w+\(|input_shape=|input_dim=|\.hdf5|\.h5|"
                  r"keras\.layers\.\w+ import|keras\.utils\.\w+ import)")


class FetchError(RuntimeError):
    """The source release could not be fetched from PyPI."""


@dataclass
class Score:
    """Recall and false positives over the labelled files.

    >>> s = Score(labels={("a.py", 3): {"K2401"}}, found={("a.py", 3): {"K2401"}})
    >>> s.line_recall, s.code_recall, s.false_positives
    (1.0, 1.0, [])
    """

    labels: dict[tuple[str, int], set[str]]
    found: dict[tuple[str, int], set[str]]
    severities: dict[tuple[str, int, str], str] = field(default_factory=dict)

    @property
    def line_recall(self) -> float:
        hit = sum(1 for key in self.labels if self.found.get(key))
        return hit / len(self.labels)

    @property
    def code_recall(self) -> float:
        pairs = [(key, code) for key, codes in self.labels.items() for code in codes]
        hit = sum(1 for key, code in pairs if code in self.found.get(key, ()))
        return hit / len(pairs)

    @property
    def misses(self) -> list[tuple[str, int, str]]:
        return sorted((f, n, c) for (f, n), codes in self.labels.items()
                      for c in codes if c not in self.found.get((f, n), ()))

    @property
    def false_positives(self) -> list[tuple[str, int, str]]:
        return sorted((f, n, c) for (f, n), codes in self.found.items()
                      if (f, n) not in self.labels for c in codes)

    def false_positive_errors(self) -> list[tuple[str, int, str]]:
        return [fp for fp in self.false_positives if self.severities.get(fp) != "deprecated"]


def labels_path(version: str) -> Path:
    return REAL / f"keras-{version}-examples.labels"


def read_labels(version: str) -> tuple[list[str], dict[tuple[str, int], set[str]]]:
    """(files read, labels) from one release's labels file."""
    path = labels_path(version)
    text = path.read_text()
    match = _READ.search(text)
    if match is None:
        raise ValueError(f"{path} names no 'Files read:' list")
    files = list(dict.fromkeys(re.findall(r"[\w.]+\.py", match.group("names"))))
    labels: dict[tuple[str, int], set[str]] = defaultdict(set)
    for line in text.splitlines():
        found = _LABEL.match(line)
        if found:
            labels[(found["file"], int(found["line"]))].update(found["codes"].split(","))
    return files, dict(labels)


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kerasnb" / "keras2-corpus"


def _pip() -> list[str]:
    try:
        import pip  # noqa: F401
    except ImportError:
        uv = Path(sys.executable).with_name("uv")
        uv_path = str(uv) if uv.exists() else shutil.which("uv")
        if uv_path is None:
            raise FetchError("neither pip nor uv is installed to fetch Keras 2.2.4") from None
        return [uv_path, "tool", "run", "--from", "pip", "pip"]
    return [sys.executable, "-m", "pip"]


def fetch_examples(version: str) -> Path:
    """The examples/ folder of a Keras source release (downloaded once, hash checked)."""
    sdist = f"Keras-{version}.tar.gz"
    target = _cache() / f"Keras-{version}" / "examples"
    if target.is_dir():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [*_pip(), "download", "--no-deps", "--no-binary", ":all:",
             f"keras=={version}", "-d", tmp], capture_output=True, text=True, timeout=600,
            check=False)
        archive = Path(tmp) / sdist
        if not archive.exists():
            raise FetchError(
                f"pip download keras=={version} failed: {run.stderr.strip()[-300:]}")
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != RELEASES[version]:
            raise FetchError(f"{sdist} has SHA-256 {digest}, expected {RELEASES[version]}")
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers()
                       if m.name.startswith(f"Keras-{version}/examples/") and m.isfile()]
            tar.extractall(unpacked, members=members, filter="data")
        _cache().mkdir(parents=True, exist_ok=True)
        final = _cache() / f"Keras-{version}"
        staging = Path(tempfile.mkdtemp(dir=_cache()))
        shutil.move(str(unpacked / f"Keras-{version}" / "examples"), staging / "examples")
        try:
            staging.rename(final)  # atomic: another run may have finished first
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def score(folders: dict[str, Path], use_grep: bool = False) -> Score:
    """Run the checker (or the grep) on every labelled file and compare with the labels.

    ``folders`` maps a release version to its examples folder; files are named
    ``'<version>/<file>'`` in the score.
    """
    labels: dict[tuple[str, int], set[str]] = {}
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    severities: dict[tuple[str, int, str], str] = {}
    for version, examples in folders.items():
        files, own = read_labels(version)
        labels.update({(f"{version}/{f}", n): codes for (f, n), codes in own.items()})
        _score_files(version, examples, files, use_grep, found, severities)
    return Score(labels, dict(found), severities)


def _score_files(version: str, examples: Path, files: list[str], use_grep: bool,
                 found: dict[tuple[str, int], set[str]],
                 severities: dict[tuple[str, int, str], str]) -> None:
    for file in files:
        name = f"{version}/{file}"
        text = (examples / file).read_text(encoding="utf-8")
        if use_grep:
            for number, line in enumerate(text.splitlines(), start=1):
                code_part = line.split("#")[0]
                if GREP.search(code_part):
                    found[(name, number)].add("grep")
            continue
        for finding in check_keras2(text):
            found[(name, finding.line)].add(finding.code)
            severities[(name, finding.line, finding.code)] = finding.severity


def fetch_all() -> dict[str, Path]:
    """Every labelled release's examples folder."""
    return {version: fetch_examples(version) for version in RELEASES}


def main() -> None:
    folders = fetch_all()
    result = score(folders)
    grep = score(folders, use_grep=True)
    files = lines = 0
    for version, examples in folders.items():
        names = read_labels(version)[0]
        files += len(names)
        lines += sum((examples / name).read_text().count("\n") for name in names)
    labels = result.labels
    print(f"corpus: {files} example scripts of Keras {', '.join(RELEASES)}, {lines} lines, "
          f"{len(labels)} labelled lines, {sum(len(c) for c in labels.values())} labels")
    print(f"{'method':14} {'line recall':>12} {'code recall':>12} {'false-positive lines':>21}")
    fp_lines = len({(f, n) for f, n, _ in result.false_positives})
    grep_fp = len({(f, n) for f, n, _ in grep.false_positives})
    print(f"{'check_keras2':14} {result.line_recall:12.1%} {result.code_recall:12.1%} "
          f"{fp_lines:21d}")
    print(f"{'regex grep':14} {grep.line_recall:12.1%} {'-':>12} {grep_fp:21d}")
    print(f"false positives that claim an error or silent change: "
          f"{len(result.false_positive_errors())}")
    for miss in result.misses:
        print("missed:", *miss)
    for fp in result.false_positives:
        print("false positive:", *fp, result.severities.get(fp, ""))


if __name__ == "__main__":
    main()
