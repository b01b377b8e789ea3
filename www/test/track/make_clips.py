#!/usr/bin/env python3
"""The studio's tracking benchmark set: clips made with ffmpeg filters and
fixed seeds, and their ground truth, from one description per clip.

Each clip overlays a product image on a textured background. Its motion is
written once, as ffmpeg expressions in `t` (the frame's time), which ffmpeg
evaluates to place the product and which this script evaluates (same
formulas, same floor()s) to write the truth: per frame, the product's
centre, its bounding box and the visible fraction, in the output frame's
pixels. Run from anywhere: `python3 www/test/track/make_clips.py`; it
rewrites the clips (`<name>.webm`, VP9) and `<name>.truth.json` beside it.

What makes each clip hard (the issue's list): textured products on textured
backgrounds (`turn`, `scale`, `occlude`), moving and turning (`turn`), scale
±50% over at least 2 s (`scale`), passing behind an occluder for up to 1 s
(`occlude`), camera shake up to 0.3% of frame width (2 px at 640: all but
`easy`), noise (temporal, seeded: all but `easy`), VP9 at a realistic bit rate
(all). `easy` is translation and scale only, for the end-to-end test.
"""

import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
W, H, FPS = 640, 360, 30
# The canvas is larger than the frame by the shake margin on each side.
M = 4

# Backgrounds and products: lavfi sources, seeded, one still frame each.
STILLS = {
    "bg_cells": f"cellauto=s={W + 2 * M}x{H + 2 * M}:rule=110:seed=11,gblur=sigma=1.2,"
    "format=rgb24,lutrgb=r='val*0.55+60':g='val*0.7+30':b='val*0.4+50'",
    "bg_fractal": f"mandelbrot=s={W + 2 * M}x{H + 2 * M}:start_scale=0.3:end_scale=0.3:start_x=-0.745:start_y=0.11",
    "bg_soft": f"gradients=s={W + 2 * M}x{H + 2 * M}:seed=3:n=5:speed=0.00001",
    "bg_carpet": f"sierpinski=s={W + 2 * M}x{H + 2 * M}:seed=7:type=carpet,gblur=sigma=1.0,"
    "format=rgb24,lutrgb=r='val*0.6+40':g='val*0.5+50':b='val*0.6+30'",
    "p_bars": "testsrc2=s=96x96",
    "p_fractal": "mandelbrot=s=96x96:start_scale=0.02:start_x=-0.7436:start_y=0.1318",
    "p_cells": "cellauto=s=96x96:rule=30:seed=5,gblur=sigma=0.8,format=rgb24,"
    "lutrgb=r='val*0.9':g='val*0.35+40':b='255-val*0.8'",
    "occluder": "cellauto=s=110x300:rule=90:seed=2,gblur=sigma=2,format=rgb24,"
    "lutrgb=r='val*0.3+100':g='val*0.3+90':b='val*0.3+80'",
}

SHAKE_X = "floor(2*sin(23*t)+0.5)"
SHAKE_Y = "floor(2*sin(31*t+1)+0.5)"

# Each clip: background, product, duration, centre (canvas px), scale, angle
# (radians), shake, noise, and an occluder (x, y in canvas px) or None.
CLIPS = {
    "easy": dict(bg="bg_soft", product="p_bars", d=4.0,
                 cx="120+100*t", cy="180+20*sin(1.2*t)", s="0.9+0.12*t", a="0",
                 shake=False, noise=0, occluder=None),
    "turn": dict(bg="bg_cells", product="p_cells", d=5.0,
                 cx="330+170*sin(0.9*t)", cy="190+70*sin(1.3*t+0.5)", s="1", a="0.35*sin(1.7*t)",
                 shake=True, noise=10, occluder=None),
    "scale": dict(bg="bg_fractal", product="p_fractal", d=5.0,
                  cx="200+60*t", cy="180+30*sin(t)", s="1.0+0.5*sin(1.2*(t-2.5))", a="0",
                  shake=True, noise=10, occluder=None),
    "occlude": dict(bg="bg_carpet", product="p_bars", d=6.0,
                    cx="90+120*t", cy="190+25*sin(1.5*t)", s="1", a="0",
                    shake=True, noise=8, occluder=(180, 40)),
}


def ev(expr, t):
    env = {"t": t, "sin": math.sin, "cos": math.cos, "floor": math.floor, "PI": math.pi}
    return eval(expr, {"__builtins__": {}}, env)  # noqa: S307 (our own expressions)


def run(args):
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def still(tmp, name):
    path = os.path.join(tmp, name + ".png")
    run(["-f", "lavfi", "-i", STILLS[name], "-frames:v", "1", path])
    return path


def make(tmp, name, c):
    n = int(round(c["d"] * FPS))
    side = 96
    diag = math.ceil(math.hypot(side, side))
    # The product's overlay: scaled, then (if turning) rotated inside a
    # fixed diag × diag transparent square, so its centre stays put.
    pw = f"floor({side}*({c['s']}))"
    product = f"[1]format=rgba,scale=w='{pw}':h='{pw}':eval=frame"
    turning = c["a"] != "0"
    if turning:
        product += f",rotate=a='{c['a']}':ow={diag}:oh={diag}:c=none"
    product += "[p]"
    ox = f"floor({c['cx']}-w/2)"
    oy = f"floor({c['cy']}-h/2)"
    chain = [product, f"[0]format=rgb24[bg]", f"[bg][p]overlay=x='{ox}':y='{oy}':eval=frame:format=rgb[v0]"]
    last = "v0"
    inputs = ["-loop", "1", "-framerate", str(FPS), "-i", still(tmp, c["bg"]),
              "-loop", "1", "-framerate", str(FPS), "-i", still(tmp, c["product"])]
    if c["occluder"]:
        inputs += ["-loop", "1", "-framerate", str(FPS), "-i", still(tmp, "occluder")]
        chain.append(f"[{last}][2]overlay=x={c['occluder'][0]}:y={c['occluder'][1]}:format=rgb[v1]")
        last = "v1"
    sx, sy = (SHAKE_X, SHAKE_Y) if c["shake"] else ("0", "0")
    tail = f"[{last}]crop=w={W}:h={H}:x='{M}+{sx}':y='{M}+{sy}'"
    if c["noise"]:
        tail += f",noise=alls={c['noise']}:allf=t:all_seed=4242"
    tail += ",format=yuv420p[out]"
    chain.append(tail)
    out = os.path.join(HERE, name + ".webm")
    run([*inputs, "-filter_complex", ";".join(chain), "-map", "[out]", "-frames:v", str(n),
         "-r", str(FPS), "-c:v", "libvpx-vp9", "-b:v", "350k", "-maxrate", "400k", "-bufsize", "800k", "-deadline", "good", "-cpu-used", "2",
         "-threads", "1", "-row-mt", "0", "-g", "60", "-an", out])

    frames = []
    for i in range(n):
        t = i / FPS
        w = math.floor(side * ev(c["s"], t))
        ow = diag if turning else w
        x = math.floor(ev(c["cx"], t) - ow / 2)
        y = math.floor(ev(c["cy"], t) - ow / 2)
        dx = M + (math.floor(ev(sx, t)) if c["shake"] else 0)
        dy = M + (math.floor(ev(sy, t)) if c["shake"] else 0)
        cx, cy = x + ow / 2 - dx, y + ow / 2 - dy
        a = ev(c["a"], t)
        half = w / 2 * (abs(math.cos(a)) + abs(math.sin(a)))
        box = [cx - half, cy - half, cx + half, cy + half]
        visible = visible_fraction(box, c, dx, dy)
        frames.append({"t": round(t, 6), "x": round(cx, 3), "y": round(cy, 3),
                       "bbox": [round(v, 3) for v in box], "visible": round(visible, 4)})
    truth = {"clip": name + ".webm", "width": W, "height": H, "fps": FPS,
             "made_by": "www/test/track/make_clips.py", "frames": frames}
    with open(os.path.join(HERE, name + ".truth.json"), "w") as f:
        json.dump(truth, f, indent=0)
        f.write("\n")


def visible_fraction(box, c, dx, dy):
    """The share of the product's box inside the frame and not behind the
    occluder (the occluder is drawn over the product)."""
    x0, y0, x1, y1 = box
    area = (x1 - x0) * (y1 - y0)
    ix0, iy0, ix1, iy1 = max(x0, 0), max(y0, 0), min(x1, W), min(y1, H)
    inside = max(0, ix1 - ix0) * max(0, iy1 - iy0)
    hidden = 0.0
    if c["occluder"]:
        qx0, qy0 = c["occluder"][0] - dx, c["occluder"][1] - dy
        qx1, qy1 = qx0 + 110, qy0 + 300
        hx = max(0, min(ix1, qx1) - max(ix0, qx0))
        hy = max(0, min(iy1, qy1) - max(iy0, qy0))
        hidden = hx * hy
    return max(0.0, inside - hidden) / area


def main():
    names = sys.argv[1:] or list(CLIPS)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            make(tmp, name, CLIPS[name])
            print(name, os.path.getsize(os.path.join(HERE, name + ".webm")), "bytes")


if __name__ == "__main__":
    main()
