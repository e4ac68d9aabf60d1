#!/usr/bin/env python3
"""Draws bench/run.sh's ratios to real Redis as one SVG file (Python 3 standard library only).

    bench/chart.py <ratios.tsv> <memory.tsv> <out.svg> [subtitle]

ratios.tsv (bench/commands.sh): command, -P 1 ratio, -P 16 ratio (empty where not measured).
memory.tsv (MemoryBenchmark): data, emulator bytes, redis bytes, ratio.
"""
import csv
import os
import sys
import textwrap
from html import escape

WIDTH = 900
LEFT = 110
RIGHT = 30
PLOT = WIDTH - LEFT - RIGHT
P1_COLOUR = "#4e79a7"
P16_COLOUR = "#f28e2b"
MEMORY_COLOUR = "#59a14f"
PIPE_COLOUR = "#999999"


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def number(text):
    return float(text) if text not in (None, "") else None


def axis_max(values, cap):
    # room to the right of the longest bar for its label; a bar past the cap is cut there
    top = min(cap, max([1.0] + [v for v in values if v is not None]) * 1.25)
    step = 0.5
    return step * (int(top / step) + 1)


class Panel:
    """One horizontal bar chart: groups of bars, a scale in ratio units and a line at 1.0."""

    def __init__(self, svg, top, title, maximum, bar, gap):
        self.svg, self.top, self.maximum, self.bar, self.gap = svg, top, maximum, bar, gap
        self.y = top + 30
        svg.append(f'<text x="{LEFT}" y="{top + 14}" font-size="14" font-weight="bold">{escape(title)}</text>')

    def x(self, value):
        return LEFT + PLOT * value / self.maximum

    def group(self, label, bars):
        height = self.bar * len(bars)
        self.svg.append(f'<text x="{LEFT - 8}" y="{self.y + height / 2 + 4}" text-anchor="end" '
                        f'font-size="12">{escape(label)}</text>')
        for value, colour, text in bars:
            if value is not None:
                end = self.x(min(value, self.maximum * 0.9))
                if value > self.maximum * 0.9:
                    text += " (off the scale)"
                self.svg.append(f'<rect x="{LEFT}" y="{self.y}" width="{end - LEFT:.1f}" '
                                f'height="{self.bar - 2}" fill="{colour}"/>')
                self.svg.append(f'<text x="{end + 4:.1f}" y="{self.y + self.bar - 4}" '
                                f'font-size="10">{escape(text)}</text>')
            self.y += self.bar
        self.y += self.gap

    def finish(self):
        bottom = self.y
        steps = int(self.maximum / 0.5)
        for i in range(steps + 1):
            value = i * 0.5
            x = self.x(value)
            self.svg.append(f'<line x1="{x:.1f}" y1="{self.top + 24}" x2="{x:.1f}" y2="{bottom}" '
                            f'stroke="#ddd" stroke-width="1"/>')
            self.svg.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" font-size="10">{value:g}</text>')
        one = self.x(1.0)
        self.svg.append(f'<line x1="{one:.1f}" y1="{self.top + 24}" x2="{one:.1f}" y2="{bottom}" '
                        f'stroke="#c00" stroke-width="1.5" stroke-dasharray="5,3"/>')
        return bottom + 24


def legend(svg, x, y, items):
    for colour, text in items:
        svg.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        svg.append(f'<text x="{x + 16}" y="{y}" font-size="12">{escape(text)}</text>')
        x += 30 + 7 * len(text)


def main():
    ratios_path, memory_path, out_path = sys.argv[1:4]
    subtitle = sys.argv[4] if len(sys.argv) > 4 else ""
    overridden = [f"{flag} {os.environ[name]}" for flag, name in (("-P 1", "REQUESTS_P1"), ("-P 16", "REQUESTS_P16"))
                  if os.environ.get(name)]
    if overridden:
        subtitle += "; requests per test: " + ", ".join(overridden)
    ratios = rows(ratios_path)
    memory = rows(memory_path)
    svg = []
    svg.append(f'<text x="{LEFT}" y="22" font-size="17" font-weight="bold">'
               f'Emulator / real Redis 7.0.15 cluster</text>')
    lines = textwrap.wrap(subtitle, 130)
    for i, line in enumerate(lines):
        svg.append(f'<text x="{LEFT}" y="{40 + 13 * i}" font-size="11" fill="#555">{escape(line)}</text>')
    top = 36 + 13 * max(1, len(lines))

    throughput = [number(r["p1_ratio"]) for r in ratios] + [number(r["p16_ratio"]) for r in ratios]
    panel = Panel(svg, top, "Throughput ratio (requests/s; above 1: emulator faster), redis-benchmark --cluster -c 50",
                  axis_max(throughput, 2.5), 12, 6)
    legend(svg, LEFT, top + 30, [(P1_COLOUR, "-P 1"), (P16_COLOUR, "-P 16"), (PIPE_COLOUR, "redis-cli --pipe, SETs")])
    panel.y += 24
    for r in ratios:
        p1, p16 = number(r["p1_ratio"]), number(r["p16_ratio"])
        bars = [(p1, P1_COLOUR if p16 is not None else PIPE_COLOUR, f"{p1:.2f}" if p1 is not None else "")]
        if p16 is not None:
            bars.append((p16, P16_COLOUR, f"{p16:.2f}"))
        panel.group(r["command"], bars)
    y = panel.finish()

    memory_panel = Panel(svg, y, "Memory per element ratio (heap after GC / used_memory; below 1: emulator smaller)",
                         axis_max([number(r["ratio"]) for r in memory], 5), 16, 6)
    for r in memory:
        ratio = number(r["ratio"])
        memory_panel.group(r["data"], [(ratio, MEMORY_COLOUR,
                                        f"{ratio:.2f}  ({float(r['emulator_bytes']):.0f} B vs "
                                        f"{float(r['redis_bytes']):.0f} B)")])
    height = memory_panel.finish()

    with open(out_path, "w") as f:
        f.write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
                f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif">\n')
        f.write(f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n')
        f.write("\n".join(svg))
        f.write("\n</svg>\n")


if __name__ == "__main__":
    main()
