"""Build holdcalc's browser edition into a folder any static host can serve.

    python site/build.py OUT_DIR

Run from anywhere (paths are taken from this file). The folder holds the page
(site/index.html and its scripts), the Pyodide runtime from the npm registry
(pinned by site/package-lock.json, installed with `npm ci`), and the Python
packages the page unpacks into it: holdcalc's own wheel, built from this checkout,
and the pure-Python wheels pinned with their hashes in site/wheels.txt and
site/sources.txt. The folder is built beside OUT_DIR and moved into place whole;
an OUT_DIR that is not an earlier build is refused, never overwritten.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
PAGE_FILES = ("index.html", "check.js", "app.js")
# What the page loads of the npm package: the loader, the interpreter and its
# standard library, and the lock file the loader reads at start.
RUNTIME_FILES = (
    "pyodide.js",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
MARKER = "build.json"  # written last into every build; marks a folder this script may replace


class BuildError(Exception):
    """A step of the build failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to build the site into")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    try:
        check_target(out)
        build(out)
    except BuildError as exc:
        print(f"site/build.py: {exc}", file=sys.stderr)
        return 1
    print(f"built {out} ({folder_size(out) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise BuildError(f"{out} holds files that are not a holdcalc site; give an empty folder")
    if out == ROOT or ROOT.is_relative_to(out) or out.is_relative_to(SITE):
        raise BuildError(f"{out} would hold the sources; give a folder outside site/")


def build(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".holdcalc-site-", dir=out.parent))
    stage.chmod(0o755)  # a folder to publish: readable by the web server
    try:
        with tempfile.TemporaryDirectory(prefix="holdcalc-site-work-") as work:
            version = runtime(stage / "pyodide", Path(work) / "npm")
            packages = python_packages(stage / "python", Path(work) / "python")
        for name in PAGE_FILES:
            shutil.copyfile(SITE / name, stage / name)
        (stage / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve as is
        manifest = {"pyodide": version, "packages": packages, "bytes": folder_size(stage)}
        (stage / MARKER).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def runtime(target: Path, work: Path) -> str:
    """The Pyodide files, installed by `npm ci` from the lock file; its version."""
    work.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(SITE / name, work / name)
    run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--silent"], work)
    source = work / "node_modules" / "pyodide"
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(source / name, target / name)
    version: str = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    return version


def python_packages(target: Path, work: Path) -> list[dict[str, object]]:
    """holdcalc's wheel and its pinned dependencies, as archives the page unpacks into
    the runtime's site-packages, listed with their hashes in `index.json`."""
    wheels, sources = work / "wheels", work / "sources"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    source = copy_project(work / "holdcalc")  # built from a copy: no build/ left in the checkout
    run([*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(source)], ROOT)
    fetch = [*pip, "download", "--no-deps", "--require-hashes"]
    run([*fetch, "--only-binary", ":all:", "-d", str(wheels), "-r", str(SITE / "wheels.txt")], ROOT)
    source_list = SITE / "sources.txt"
    run([*fetch, "--no-binary", ":all:", "-d", str(sources), "-r", str(source_list)], ROOT)
    target.mkdir(parents=True)
    for wheel in sorted(wheels.glob("*.whl")):
        shutil.copyfile(wheel, target / wheel.name)
    for archive in sorted(sources.glob("*.tar.gz")):
        pure_python_zip(archive, target)
    listed = []
    for path in sorted(target.iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        listed.append({"file": path.name, "sha256": digest, "bytes": path.stat().st_size})
    (target / "index.json").write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")
    return listed


def copy_project(target: Path) -> Path:
    """The files a wheel of holdcalc is built from."""
    shutil.copytree(
        ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(ROOT / name, target / name)
    return target


def pure_python_zip(archive: Path, target: Path) -> None:
    """A source archive's package (`src/NAME/*.py` and `py.typed`) as a zip to unpack
    into site-packages: the pure-Python half of a package whose wheels are compiled."""
    stem = archive.name.removesuffix(".tar.gz")
    with tarfile.open(archive) as tar, zipfile.ZipFile(target / f"{stem}-pure.zip", "w") as out:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            keep = member.isfile() and len(parts) == 4 and parts[1] == "src"
            if keep and (parts[3].endswith(".py") or parts[3] == "py.typed"):
                handle = tar.extractfile(member)
                assert handle is not None
                out.writestr(f"{parts[2]}/{parts[3]}", handle.read())


def swap(stage: Path, out: Path) -> None:
    """Put the finished build at `out`: the earlier build (if any) is moved aside
    first and removed only once the new one is in place."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def run(command: list[str], where: Path) -> None:
    try:
        done = subprocess.run(command, cwd=where, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BuildError(f"{command[0]} is not installed (the build needs npm and pip)") from None
    if done.returncode:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError(f"{' '.join(command[:4])} failed: " + " / ".join(said))


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


if __name__ == "__main__":
    sys.exit(main())
