#!/usr/bin/env python3
"""The report of `make bench`: merges results/bench-{ring,sched,e1000,ahci}.json
into results/bench.json and results/bench.md, draws results/plots/*.svg with
gnuplot (bars with min-max whiskers, one plot per comparison, and the ring's
ns/msg against producer count), then copies the table and the plots to
docs/bench/ and the table into README.md between the bench markers.

Usage: bench-report.py TOP
"""
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

TOP = sys.argv[1]
RES = os.path.join(TOP, "results")
PLOTS = os.path.join(RES, "plots")
DOCS = os.path.join(TOP, "docs", "bench")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
OURS, THEIRS = "#3366aa", "#cc6644"
# BENCH_PLOT_FORMAT=png draws PNG (pngcairo) instead of SVG.
FMT = os.environ.get("BENCH_PLOT_FORMAT", "svg")
TERM = {"svg": "svg size 720,420 dynamic font 'sans,12' background '#ffffff'",
        "png": "pngcairo size 720,420 font 'sans,11'"}[FMT]


def load(name):
    path = os.path.join(RES, f"bench-{name}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {"cpu": model, "cpus": os.cpu_count(),
            "memory_gib": round(mem_kib / 2**20), "os": platform.platform()}


def mmm(d):
    return d["min"], d["median"], d["max"]


def fmt(x):
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def gnuplot(name, script, rows):
    """Write rows (lists) as name.dat and run script with DAT and OUT set."""
    dat = os.path.join(PLOTS, name + ".dat")
    out = os.path.join(PLOTS, f"{name}.{FMT}")
    with open(dat, "w") as f:
        for r in rows:
            f.write(" ".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in r) + "\n")
    head = (f"set terminal {TERM}\n"
            f"set output '{out}'\nDAT = '{dat}'\nset style fill solid 0.75 border -1\n"
            "set termoption noenhanced\nset grid ytics\nset key top left\nset xtics nomirror\nset ytics nomirror\n")
    r = subprocess.run(["gnuplot"], input=head + script, text=True, capture_output=True)
    if r.returncode != 0 or not os.path.exists(out):
        sys.exit(f"gnuplot failed for {name}: {r.stderr.strip()}")
    os.unlink(dat)
    return f"{name}.{FMT}"


def bars(name, title, ylabel, rows, logy=False):
    """One bar per row: (label, min, median, max); the first rows are ours."""
    script = (f"set title '{title}'\nset ylabel '{ylabel}'\nset boxwidth 0.6\n"
              "set xrange [-0.6:*]\nset yrange [0:*]\nunset key\n"
              + ("set logscale y\nset yrange [*:*]\n" if logy else "") +
              "plot DAT using 0:3:(column(5) > 0 ? 0x3366aa : 0xcc6644):xtic(1) with boxes lc rgb variable, \\\n"
              "     DAT using 0:3:2:4 with yerrorbars lc rgb 'black' pt -1 lw 1.5\n")
    return gnuplot(name, script, [[l, a, b, c, 1 if ours else 0] for (l, a, b, c, ours) in rows])


def pairs(name, title, ylabel, rows, ours_label, theirs_label):
    """Grouped bars: (group, ours min, median, max, theirs min, median, max)."""
    script = (f"set title '{title}'\nset ylabel '{ylabel}'\nset boxwidth 0.35\n"
              "set xrange [-0.6:*]\nset yrange [0:*]\n"
              f"plot DAT using ($0-0.18):3:xtic(1) with boxes lc rgb '{OURS}' title '{ours_label}', \\\n"
              "     DAT using ($0-0.18):3:2:4 with yerrorbars lc rgb 'black' pt -1 lw 1.5 notitle, \\\n"
              f"     DAT using ($0+0.18):6 with boxes lc rgb '{THEIRS}' title '{theirs_label}', \\\n"
              "     DAT using ($0+0.18):6:5:7 with yerrorbars lc rgb 'black' pt -1 lw 1.5 notitle\n")
    return gnuplot(name, script, rows)


def main():
    os.makedirs(PLOTS, exist_ok=True)
    ring, sched, e1000, ahci = (load(n) for n in ("ring", "sched", "e1000", "ahci"))
    report = {"date": datetime.date.today().isoformat(), "machine": machine(),
              "benchmarks": {}}
    md = []
    plots = []

    if ring:
        ns = ring["ns_per_msg"]
        report["benchmarks"]["ring"] = {"where": ring.get("where"), "ns_per_msg": ns,
                                        "ratios_of_medians": ring["ratios_of_medians"],
                                        "enqueue_instructions_per_call": ring.get("enqueue_instructions_per_call"),
                                        "date": ring.get("date")}
        md += [f"#### Rings: ns per message ({ring.get('where', 'host')}, lower is better)", "",
               "| ring | producers | min | median | max |", "|---|---|---|---|---|"]
        for k in sorted(ns):
            r, p = k.split("/")
            md.append(f"| {r} | {p} | " + " | ".join(fmt(x) for x in mmm(ns[k])) + " |")
        rows = [(k.split("/")[0], *mmm(ns[k]), k.startswith("coop"))
                for k in sorted(ns) if k.endswith("/1")]
        plots.append(bars("ring-1producer", "One producer, one consumer: ns per message",
                          "ns/msg (min-median-max)", rows))
        names = [k.split("/")[0] for k in ns]
        series = sorted(n for n in set(names) if names.count(n) > 1)
        script = ("set title 'Multi-producer rings: ns per message against producers'\n"
                  "set xlabel 'producers'\nset ylabel 'ns/msg (min-median-max)'\n"
                  "set logscale x 2\nset xrange [0.8:5]\nset yrange [0:*]\nset key right center\nplot ")
        rows = []
        parts = []
        for i, s in enumerate(series):
            for k in sorted((k for k in ns if k.startswith(s + "/")), key=lambda k: int(k.split("/")[1])):
                rows.append([i, int(k.split("/")[1]), *mmm(ns[k])])
            parts.append(f"DAT using (column(1)=={i} ? $2 : NaN):4:3:5 with yerrorlines lw 2 pt 7 title '{s}'")
        plots.append(gnuplot("ring-producers", script + ", \\\n     ".join(parts) + "\n", rows))
        md += ["", "| ratio (of medians) | value |", "|---|---|"]
        md += [f"| {k} | {v:.2f} |" for k, v in ring["ratios_of_medians"].items()]
        md.append("")

    if sched:
        res = sched["results"]
        report["benchmarks"]["sched"] = sched
        md += [f"#### Scheduler ({sched['accel'].upper()} guest, ns per round trip, lower is better)", "",
               "| mode | min | median | max |", "|---|---|---|---|"]
        md += [f"| {m} | " + " | ".join(fmt(x) for x in mmm(res[m])) + " |" for m in res]
        rows = [(m, *mmm(res[m]), m.startswith("coop")) for m in
                ("coop_1cpu", "coop", "yield_1cpu", "futex_1cpu", "futex_2cpu", "syscall") if m in res]
        plots.append(bars("sched-handoff", "Domain handoff (coop) against futex ping-pong (CFS)",
                          "ns per round trip (log)", rows, logy=True))
        rows = [(m, *mmm(res[m]), m != "cfs_none") for m in
                ("cfs_none", "cfs_idle", "cfs_ticking") if m in res]
        plots.append(bars("sched-cfs-cost", "SCHED_OTHER pipe round trip: no COOP task, an idle one, a ticking one",
                          "ns per round trip", rows))
        md += ["", "| ratio (of medians) | value |", "|---|---|"]
        md += [f"| {k} | {v:.2f} |" for k, v in sched["ratios_of_medians"].items()]
        md.append("")

    if e1000:
        res = e1000["results"]
        report["benchmarks"]["e1000"] = e1000
        md += [f"#### e1000 ({e1000['accel'].upper()} guest, iperf3 TCP, {e1000['seconds_per_run']} s runs)", "",
               "| driver | Mbit/s min | median | max | CPU ms/MB min | median | max |",
               "|---|---|---|---|---|---|---|"]
        for d in ("e1000", "e1000_stock"):
            md.append(f"| {d} | " + " | ".join(fmt(x) for x in mmm(res[d]["mbit_s"]) + mmm(res[d]["cpu_ms_per_mb"])) + " |")
        rows = [("throughput (Mbit/s)", *mmm(res["e1000"]["mbit_s"]), *mmm(res["e1000_stock"]["mbit_s"]))]
        plots.append(pairs("e1000-throughput", "e1000: iperf3 TCP throughput (higher is better)",
                           "Mbit/s", rows, "converted", "stock"))
        rows = [("CPU per byte (ms/MB)", *mmm(res["e1000"]["cpu_ms_per_mb"]),
                 *mmm(res["e1000_stock"]["cpu_ms_per_mb"]))]
        plots.append(pairs("e1000-cpu", "e1000: guest CPU time per MB (lower is better)",
                           "ms/MB", rows, "converted", "stock"))
        if res["e1000"].get("rr_p50_us"):
            md += ["", "UDP request/response latency, one 64-byte request in flight (us):", "",
                   "| driver | p50 min | median | max | p99 min | median | max |", "|---|---|---|---|---|---|---|"]
            for d in ("e1000", "e1000_stock"):
                md.append(f"| {d} | " + " | ".join(fmt(x) for x in mmm(res[d]["rr_p50_us"]) +
                                                    mmm(res[d]["rr_p99_us"])) + " |")
            rows = [(f"{p} (us)", *mmm(res["e1000"][f"rr_{p}_us"]), *mmm(res["e1000_stock"][f"rr_{p}_us"]))
                    for p in ("p50", "p99")]
            plots.append(pairs("e1000-latency", "e1000: UDP request/response latency (lower is better)",
                               "us", rows, "converted", "stock"))
        md += ["", "| ratio (of medians) | value |", "|---|---|"]
        md += [f"| {k} | {v:.2f} |" for k, v in e1000["ratios_of_medians"].items()]
        md.append("")

    if ahci:
        res = ahci["results"]
        report["benchmarks"]["ahci"] = ahci
        md += [f"#### AHCI ({ahci['accel'].upper()} guest, fio, {ahci['seconds_per_run']} s runs)", "",
               "| job | driver | IOPS min | median | max | p99 us min | median | max |",
               "|---|---|---|---|---|---|---|---|"]
        for j in res:
            for d in ("ahci", "ahci_stock"):
                md.append(f"| {j} | {d} | " + " | ".join(fmt(x) for x in mmm(res[j][d]["iops"]) +
                                                          mmm(res[j][d]["p99_us"])) + " |")
        for metric, title, better in (("iops", "IOPS", "higher"), ("p99_us", "p99 latency", "lower")):
            rows = []
            for j in res:
                base = res[j]["ahci_stock"][metric]["median"]
                rows.append((j, *(x / base for x in mmm(res[j]["ahci"][metric])),
                             *(x / base for x in mmm(res[j]["ahci_stock"][metric]))))
            plots.append(pairs(f"ahci-{metric.split('_')[0]}",
                               f"AHCI: {title} relative to the stock median ({better} is better)",
                               f"{title} / stock median", rows, "converted", "stock"))
        md += ["", "| ratio (of medians) | value |", "|---|---|"]
        md += [f"| {k} | {v:.2f} |" for k, v in ahci["ratios_of_medians"].items()]
        md.append("")

    if not report["benchmarks"]:
        sys.exit("no results/bench-*.json: run make bench first")
    m = report["machine"]
    accels = sorted({b["accel"].upper() for b in (sched, e1000, ahci) if b})
    head = [f"Measured {report['date']} on {m['cpus']} x {m['cpu']}, {m['memory_gib']} GiB; "
            f"guest benchmarks under QEMU {'/'.join(accels) or '-'}; "
            "each row is min/median/max over the repetitions of one `make bench` run.", ""]
    table = head + md
    report["plots"] = plots
    with open(os.path.join(RES, "bench.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(RES, "bench.md"), "w") as f:
        f.write("\n".join(table) + "\n")

    # What gets committed: the table and the plots under docs/bench/, and
    # the table with the plots in README.md.
    os.makedirs(DOCS, exist_ok=True)
    for p in plots:
        shutil.copy(os.path.join(PLOTS, p), os.path.join(DOCS, p))
    shutil.copy(os.path.join(RES, "bench.md"), os.path.join(DOCS, "bench.md"))
    shutil.copy(os.path.join(RES, "bench.json"), os.path.join(DOCS, "bench.json"))
    readme = os.path.join(TOP, "README.md")
    text = open(readme).read()
    if BEGIN in text and END in text:
        pics = [f"![{os.path.splitext(p)[0]}](docs/bench/{p})" for p in plots]
        body = "\n".join([BEGIN, *table, *pics, END])
        pre, rest = text.split(BEGIN, 1)
        post = rest.split(END, 1)[1]
        open(readme, "w").write(pre + body + post)
    print("\n".join(table))
    print(f"plots: {', '.join('results/plots/' + p for p in plots)}")


if __name__ == "__main__":
    main()
