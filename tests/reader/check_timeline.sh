#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kswapwatch timeline: the text lanes, the Chrome Trace Event Format export
# (checked against the format's required fields and against the fixture's
# own events), the SVG (rendered with rsvg-convert, the PNG decoded and
# checked for content), exit codes and messages.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

F=$FIX/timeline
TL=$F/timeline

# --- text -------------------------------------------------------------------
rc_is 0 "timeline: the latest stall with one" "$KSW" -d "$F" timeline
cp "$TMP/rc.out" "$TMP/text"
check "text: stall 3 by default (4 has no timeline)" grep -q "^Stall 3: sched, gap of 988 ms at 79245.000000 s on CPUs 0-1" "$TMP/text"
check "text: a block per CPU" test "$(grep -c '^CPU [01]$' "$TMP/text")" = 2
check "text: lanes of 64 columns" test "$(grep -cE '^  (tasks|irq|softirq|reclaim|gap) +\|.{64}\|$' "$TMP/text")" = 10
check "text: the gap marked from its start to the end" \
	sh -c "grep -E '^  gap +\|' '$TMP/text' | grep -qE '^  gap +\| {21}#{43}\|$'"
check "text: kswapd0 on CPU 0 when the gap began" \
	grep -qE '^ +-299\.6 +\.\. +\+987\.7> +1\.29 s +kswapd0\[72\]  <- on the CPU when the gap began$' "$TMP/text"
check "text: who ran, with time per task" grep -q "who ran: a kswapd0\[72\] 1.40 s (2 runs)" "$TMP/text"
# Irq runs on CPU 0 as the fixture has them.
n_irq0=$(grep -c '^stall=3 cpu=0 .* event=irq ' "$TL")
check "text: CPU 0's irq count ($n_irq0)" grep -q "  irq: $n_irq0 runs" "$TMP/text"
check "text: no irq on CPU 1 in the gap" grep -q "^  irq: 20 runs, 430 us: virtio0 20 (430 us); 0 in the gap; the last before it at -320.0 ms" "$TMP/text"
check "text: the reclaim runs" grep -q "reclaim: kswapd kswapd0\[72\] from -415.0 for 1.42 s, 1,021 pages reclaimed" "$TMP/text"
check "text: the isolation totals" grep -q "isolate for node 0 DMA32: 40 events, scanned 147,036, skipped 146,978, taken 58" "$TMP/text"
check "text: kswapd woken" grep -q "wakeup_kswapd at -428.4: memhog\[1500\] woke kswapd of node 0 for DMA32, order 0" "$TMP/text"
check "text: what it says" grep -q "  - kswapd0 ran 1.40 s of the 1.48 s recorded, isolating for DMA32 and skipping 146,978 pages of Normal" "$TMP/text"
check "text: the silent CPU" grep -q "  - no interrupt was handled on CPU 1 for 1.31 s; the last was virtio0 (irq 11)" "$TMP/text"
check "text: no warnings" test ! -s "$TMP/rc.err"
rc_is 0 "timeline 2" "$KSW" -d "$F" timeline 2
check "timeline 2: the irq stall" grep -q "^Stall 2: irq, gap of 2.1 ms" "$TMP/rc.out"
check "timeline 2: its handler" grep -q "the interrupt handler of eth0 ran 2.2 ms on CPU 1" "$TMP/rc.out"
rc_is 0 "options after the command" "$KSW" timeline 2 -d "$F"
# A bundle as kswapwatch save writes it (a tar of kswapwatch/...).
mkdir -p "$TMP/b/kswapwatch" && cp "$F"/* "$TMP/b/kswapwatch/" 2>/dev/null
tar -C "$TMP/b" -cf "$TMP/b.tar" .
rc_is 0 "timeline of a bundle" "$KSW" -d "$TMP/b.tar" timeline 3
check "  the same text as of the directory" cmp -s "$TMP/rc.out" "$TMP/text"

# A real 7.2 reclaim stall: the stall record's task in direct reclaim through the gap.
rc_is 0 "text on a real reclaim stall" "$KSW" -d "$FIX/real/7.2-reclaim" timeline 63
check "  its direct reclaim run, still running at the gap's end" \
	grep -q "^  reclaim: direct memhog\[209\] from -0.0 for 58 ms (still running), 0 pages reclaimed" "$TMP/rc.out"
check "  said first" sh -c "sed -n '/^What the timeline says:/{n;p}' '$TMP/rc.out' | grep -q 'memhog (pid 209) was in direct reclaim on CPU 0 for 58 ms of the 58 ms gap'"

# --- exit codes ---------------------------------------------------------------
rc_is 1 "a stall without a timeline" "$KSW" -d "$F" timeline 4
check "  says which have one" grep -q "stall 4 has no timeline; stalls with one: 2 to 3" "$TMP/rc.err"
rc_is 1 "no such stall" "$KSW" -d "$F" timeline 99
rc_is 2 "SEQ not a number" "$KSW" -d "$F" timeline x
rc_is 2 "two SEQs" "$KSW" -d "$F" timeline 2 3
rc_is 2 "--chrome with --svg" "$KSW" -d "$F" --chrome --svg timeline
rc_is 2 "--svg on another command" "$KSW" -d "$F" --svg stalls
rc_is 2 "timeline --json" "$KSW" -d "$F" --json timeline
rm -rf "$TMP/old" && cp -r "$FIX/quiet" "$TMP/old"
rc_is 7 "a module without the timeline file" "$KSW" -d "$TMP/old" timeline
check "  says so" grep -q "timeline is missing: this module (kswapwatch 0.1.0) keeps no stall timeline" "$TMP/rc.err"
rc_is 7 "  --chrome too" "$KSW" -d "$TMP/old" timeline --chrome
check "  and writes nothing" test ! -s "$TMP/rc.out"
: >"$TMP/old/timeline"
rc_is 1 "an empty timeline file" "$KSW" -d "$TMP/old" timeline
check "  says no stall has one" grep -q "no stall has a timeline" "$TMP/rc.err"
# Odd lines: unknown events and fields are ignored, bad lines counted.
rm -rf "$TMP/odd" && cp -r "$F" "$TMP/odd"
{ cat "$TL"
  echo "stall=3 cpu=0 ts_ns=79245000000001 event=kswapd_sleep nid=0"
  echo "stall=3 cpu=0 ts_ns=79245000000002 event=irq irq=11 name=virtio0"
  echo "stall=3 cpu=0 ts_ns=79245000000003 event=softirq vec=TIMER dur_us=4 new_field=1"
  echo "garbage"
} >"$TMP/odd/timeline"
rc_is 0 "odd lines" "$KSW" -d "$TMP/odd" timeline
check "  the event without its duration counted" grep -q "timeline: 1 event ignored (a number missing or wrong)" "$TMP/rc.err"
check "  the line without fields counted" grep -q "timeline: 1 line ignored" "$TMP/rc.err"
check "  the new softirq kept" grep -q "  softirq: $(($(grep -c '^stall=3 cpu=0 .* event=softirq ' "$TL") + 1)) runs" "$TMP/rc.out"
if "$KSW" -d "$F" timeline >/dev/full 2>"$TMP/full.err"; then
	not_ok "a write error is an error"
else
	ok "a write error is an error"
fi

# --- Chrome Trace Event Format ---------------------------------------------------
rc_is 0 "--chrome" "$KSW" -d "$F" timeline --chrome
cp "$TMP/rc.out" "$TMP/trace.json"
cat >"$TMP/check_trace.py" <<'PY'
import json, sys

trace, fixture, seq = sys.argv[1], sys.argv[2], sys.argv[3]
errors = []
with open(trace) as f:
    doc = json.load(f)
if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
    sys.exit("not an object with a traceEvents array")
if doc.get("displayTimeUnit") not in ("ms", "ns"):
    errors.append("displayTimeUnit is %r" % doc.get("displayTimeUnit"))
ev = doc["traceEvents"]
def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)
for i, e in enumerate(ev):
    for k in ("name", "ph", "ts", "pid", "tid"):
        if k not in e:
            errors.append("event %d has no %s: %r" % (i, k, e))
    if not isinstance(e.get("name"), str) or not isinstance(e.get("ph"), str):
        errors.append("event %d: name and ph must be strings" % i)
    if not number(e.get("ts")):
        errors.append("event %d: ts %r is not a number" % (i, e.get("ts")))
    if not isinstance(e.get("pid"), int) or not isinstance(e.get("tid"), int):
        errors.append("event %d: pid and tid must be integers" % i)
    ph = e.get("ph")
    if ph not in ("X", "i", "M"):
        errors.append("event %d: unexpected phase %r" % (i, ph))
    if ph == "X" and not (number(e.get("dur")) and e["dur"] >= 0):
        errors.append("event %d: X without a dur >= 0" % i)
    if ph == "i" and e.get("s") not in ("g", "p", "t"):
        errors.append("event %d: i without s" % i)
    if ph == "M" and not isinstance(e.get("args", {}).get("name"), str):
        errors.append("event %d: M without args.name" % i)
# Slices of one thread nest or follow each other (Perfetto drops the others).
lanes = {}
for e in ev:
    if e.get("ph") == "X" and number(e.get("dur")) and number(e.get("ts")):
        lanes.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"], e["name"]))
for lane, xs in lanes.items():
    xs.sort(key=lambda x: (x[0], -x[1]))
    stack = []
    for s, t, name in xs:
        while stack and stack[-1] <= s + 1e-6:
            stack.pop()
        if stack and t > stack[-1] + 1e-6:
            errors.append("lane %r: %s (%.3f-%.3f) overlaps a slice it does not nest in" % (lane, name, s, t))
        stack.append(t)
# Against the fixture: every irq, softirq, reclaim, wakeup and isolate line
# is an event at its own time, the gap a stall slice per CPU.
want = {"irq": 0, "softirq": 0, "reclaim": 0, "wakeup_kswapd": 0, "isolate": 0, "gap": 0}
stall = None
for line in open(fixture):
    f = dict(kv.split("=", 1) for kv in line.split())
    if f["stall"] != seq:
        continue
    want[f["event"]] = want.get(f["event"], 0) + 1
    if f["event"] == "gap":
        stall = (int(f["start_ns"]) / 1000, (int(f["end_ns"]) - int(f["start_ns"])) / 1000)
got = {
    "irq": sum(1 for e in ev if e["ph"] == "X" and e.get("cat") == "irq"),
    "softirq": sum(1 for e in ev if e["ph"] == "X" and e.get("cat") == "softirq"),
    "reclaim": sum(1 for e in ev if e["ph"] == "X" and e.get("cat") == "reclaim"),
    "wakeup_kswapd": sum(1 for e in ev if e["ph"] == "i" and e["name"] == "wakeup_kswapd"),
    "isolate": sum(1 for e in ev if e["ph"] == "i" and e["name"].startswith("isolate")),
    "gap": sum(1 for e in ev if e["ph"] == "X" and e.get("cat") == "stall"),
}
for k in got:
    if got[k] != want[k]:
        errors.append("%s: %d events, the fixture has %d" % (k, got[k], want[k]))
for e in ev:
    if e.get("cat") == "stall" and (abs(e["ts"] - stall[0]) > 1e-3 or abs(e["dur"] - stall[1]) > 1e-3):
        errors.append("stall slice at %r for %r, the gap is %r" % (e["ts"], e["dur"], stall))
cpus = {int(l.split()[1][4:]) for l in open(fixture) if l.startswith("stall=%s " % seq)}
names = {(e["pid"], e["args"]["name"]) for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
if names != {(c, "CPU %d" % c) for c in cpus}:
    errors.append("process names %r, CPUs %r" % (sorted(names), cpus))
# The task slices of each CPU tile its timeline: no hole, no overlap.
for c in cpus:
    ts = sorted((e["ts"], e["ts"] + e["dur"]) for e in ev if e["ph"] == "X" and e.get("cat") == "task" and e["pid"] == c)
    for a, b in zip(ts, ts[1:]):
        if abs(a[1] - b[0]) > 1e-3:
            errors.append("CPU %d: task slices %r and %r do not meet" % (c, a, b))
            break
if len(sys.argv) > 5:
    task, least = sys.argv[4], float(sys.argv[5])
    ks = [e for e in ev if e["ph"] == "X" and e.get("cat") == "task" and e["name"] == task]
    if not ks or max(e["dur"] for e in ks) < least:
        errors.append("%s: longest slice %r us, want at least %r" % (task, max([e["dur"] for e in ks] or [0]), least))
for e in errors[:20]:
    print(e)
sys.exit(1 if errors else 0)
PY
check "--chrome: the Trace Event Format's required fields, and the fixture's events" \
	python3 "$TMP/check_trace.py" "$TMP/trace.json" "$TL" 3 kswapd0 1287254
# A real 7.2 guest: stallinject held CPU 1 for 300 ms, interrupts off (stall 5).
REAL=$FIX/real/7.2-stallinject
rc_is 0 "--chrome on a real guest's timeline" "$KSW" -d "$REAL" timeline --chrome 5
cp "$TMP/rc.out" "$TMP/real.json"
check "--chrome, real guest: required fields, its events, stallinject/1 for 300 ms" \
	python3 "$TMP/check_trace.py" "$TMP/real.json" "$REAL/timeline" 5 stallinject/1 300000
rc_is 0 "text on a real guest's timeline" "$KSW" -d "$REAL" timeline 5
check "  the injector held the CPU" grep -q "stallinject/1 (pid 334) ran 308 ms without a context switch on CPU 1" "$TMP/rc.out"
check "  nothing ran in interrupt context for the 300 ms" grep -q "no interrupt or softirq ran on CPU 1 for 307 ms" "$TMP/rc.out"
# The checker itself fails on what it must refuse.
sed 's/"ph":"X","ts":\([0-9.]*\),"pid":1,"tid":2,"dur":[0-9.]*/"ph":"X","ts":\1,"pid":1,"tid":2/' \
	"$TMP/trace.json" >"$TMP/bad1.json"
if python3 "$TMP/check_trace.py" "$TMP/bad1.json" "$TL" 3 >/dev/null; then
	not_ok "--chrome checker: refuses an X without dur"
else
	ok "--chrome checker: refuses an X without dur"
fi
sed '0,/"ph":"M","ts":0.000,/s//"ph":"M",/' "$TMP/trace.json" >"$TMP/bad2.json"
if python3 "$TMP/check_trace.py" "$TMP/bad2.json" "$TL" 3 >/dev/null; then
	not_ok "--chrome checker: refuses an event without ts"
else
	ok "--chrome checker: refuses an event without ts"
fi
# Odd names (quotes, backslashes, bytes that are not UTF-8) stay valid JSON.
rm -rf "$TMP/names" && cp -r "$F" "$TMP/names"
sed 's/next_comm=kworker\/1:2/next_comm=a"b\\c\xff/' "$TL" >"$TMP/names/timeline"
rc_is 0 "--chrome with odd names" "$KSW" -d "$TMP/names" timeline --chrome
check "  is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/rc.out"

# --- SVG --------------------------------------------------------------------------
rc_is 0 "--svg" "$KSW" -d "$F" timeline --svg
cp "$TMP/rc.out" "$TMP/t.svg"
check "--svg: well-formed XML" python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/t.svg"
check "--svg: the gap shaded, lanes labelled" sh -c "grep -q 'gap 988 ms (sched)' '$TMP/t.svg' && grep -q '>CPU 1</text>' '$TMP/t.svg' && grep -q '>softirq</text>' '$TMP/t.svg'"
cat >"$TMP/check_png.py" <<'PY'
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, hdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        hdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype = hdr[:4]
if depth != 8 or ctype not in (2, 6):
    sys.exit("unexpected PNG type %d/%d" % (depth, ctype))
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colors, inked = set(), 0
for y in range(h):
    ft = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if ft == 1:
            line[x] = (line[x] + a) & 255
        elif ft == 2:
            line[x] = (line[x] + b) & 255
        elif ft == 3:
            line[x] = (line[x] + (a + b) // 2) & 255
        elif ft == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 3):
        px = bytes(line[x:x + bpp])
        colors.add(px)
        if px[:3] != b"\xff\xff\xff":
            inked += 1
    prev = line
share = inked / (w * h / 3)
print("png %dx%d, %d colours, %.0f%% not white" % (w, h, len(colors), 100 * share))
sys.exit(0 if w >= 600 and h >= 200 and len(colors) >= 12 and share > 0.05 else 1)
PY
if command -v rsvg-convert >/dev/null; then
	rc_is 0 "--svg renders (rsvg-convert)" rsvg-convert -o "$TMP/t.png" "$TMP/t.svg"
	check "--svg: the PNG is not empty" test -s "$TMP/t.png"
	check "--svg: the PNG is not blank (size, colours, ink)" python3 "$TMP/check_png.py" "$TMP/t.png"
	# The decoder fails on a blank picture.
	printf '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="300"><rect width="800" height="300" fill="#fff"/></svg>' >"$TMP/blank.svg"
	rsvg-convert -o "$TMP/blank.png" "$TMP/blank.svg"
	if python3 "$TMP/check_png.py" "$TMP/blank.png" >/dev/null; then
		not_ok "--svg: the PNG check refuses a blank picture"
	else
		ok "--svg: the PNG check refuses a blank picture"
	fi
	rc_is 0 "--svg of a real guest's timeline renders" sh -c "'$KSW' -d '$REAL' timeline --svg 8 | rsvg-convert -o '$TMP/real.png'"
	check "  not blank" python3 "$TMP/check_png.py" "$TMP/real.png"
	rc_is 0 "--svg with odd names renders" sh -c "'$KSW' -d '$TMP/names' timeline --svg | rsvg-convert -o '$TMP/names.png'"
else
	not_ok "rsvg-convert is missing (tests/install-deps.sh installs librsvg2-bin)"
fi

finish
