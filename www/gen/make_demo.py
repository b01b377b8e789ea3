#!/usr/bin/env python3
"""Generate the demo videos, their manifests and the product images from ONE description.

Re-run from the repository root (python3 standard library + ffmpeg with libvpx-vp9):

    python3 www/gen/make_demo.py            # writes www/videos/*.webm, www/manifests/*.json, www/img/*.svg
    python3 www/gen/make_demo.py --check    # decodes the videos and checks objects against the manifests
    python3 www/gen/make_demo.py --only hero --no-video   # manifests + images only, one demo

Every demo below lists its products once: catalogue data (what goes into the manifest),
a look (the shape drawn in the video and in the SVG image) and a path of keyframes
(t seconds, x and y as fractions of the video frame). The frame renderer and the manifest
writer both read that path, so a tag's interpolated position is the drawn object's centre.

The "centre" of a product is the centre of its *key part*: the first part of its look,
drawn in the product's key colour. Every other part either sits beside the key part or
covers it symmetrically, so the key colour's centroid in a frame is the path position;
`--check` measures exactly that in the encoded video. Output is deterministic (no
randomness; ffmpeg runs with bitexact muxing), so re-running leaves git clean unless the
description or the encoder version changed.
"""

import argparse
import json
import math
import os
import subprocess
import sys

FPS = 25
HERE = os.path.dirname(os.path.abspath(__file__))
WWW = os.path.dirname(HERE)

CHECKOUT = {"strategy": "auto", "endpoint": "/api/checkout", "redirect": "https://shop.example/cart/{lines}"}

# ----------------------------------------------------------------------------------------
# The description: three demos.
# Sizes in a look are in "units": pixels of a 720-pixel-short-side frame (scaled for others).
# ----------------------------------------------------------------------------------------

DEMOS = [
    {
        "name": "hero",
        "size": (1280, 720),
        "duration": 20.0,
        "aspect": [16, 9],
        "currency": "USD",
        "locale": "en-US",
        "watermark": "ROUGE & CO",
        "scene": "vanity",
        "products": [
            {
                "id": "velvet-lipstick",
                "title": "Velvet Matte Lipstick",
                "brand": "Rouge & Co",
                "description": "Long-wear matte colour that stays soft and comfortable for eight hours.",
                "url": "/#velvet-lipstick",
                "price": 1900,
                "compare_at": 2600,
                "options": ["Shade"],
                "variants": [
                    {"id": "vl-ruby", "options": ["Ruby"], "price": 1900, "compare_at": 2600, "available": True, "max_per_order": 3},
                    {"id": "vl-nude", "options": ["Nude"], "price": 1900, "compare_at": 2600, "available": True, "max_per_order": 3},
                    {"id": "vl-plum", "options": ["Plum"], "price": 1900, "compare_at": 2600, "available": False},
                    {"id": "vl-coral", "options": ["Coral"], "price": 1700, "available": True},
                ],
                "label": "VELVET LIPSTICK",
                "look": {"shape": "lipstick", "color": (200, 24, 64), "accent": (212, 166, 64)},
                "tag": "t1",
                "path": [(1.0, 0.14, 0.50), (4.0, 0.30, 0.38), (7.0, 0.40, 0.52)],
            },
            {
                "id": "glow-serum",
                "title": "Glow Vitamin C Serum",
                "brand": "Rouge & Co",
                "description": "15% vitamin C with ferulic acid for a brighter, even tone.",
                "url": "/#glow-serum",
                "price": 3400,
                "options": ["Size"],
                "variants": [
                    {"id": "gs-15", "options": ["15 ml"], "price": 2400, "available": True},
                    {"id": "gs-30", "options": ["30 ml"], "price": 3400, "compare_at": 4000, "available": True},
                    {"id": "gs-50", "options": ["50 ml"], "price": 4800, "available": True, "max_per_order": 2},
                ],
                "label": "GLOW SERUM",
                "look": {"shape": "dropper", "color": (0, 160, 170), "accent": (60, 60, 70)},
                "tag": "t2",
                "path": [(5.0, 0.84, 0.36), (8.0, 0.72, 0.50), (11.0, 0.58, 0.40)],
            },
            {
                "id": "cloud-sneaker",
                "title": "Cloud Runner Sneaker",
                "brand": "Stride Lab",
                "description": "Featherweight knit runner with a recycled foam sole.",
                "url": "/#cloud-sneaker",
                "price": 8900,
                "compare_at": 11000,
                "options": ["Size"],
                "variants": [
                    {"id": "cs-38", "options": ["EU 38"], "price": 8900, "compare_at": 11000, "available": True, "max_per_order": 2},
                    {"id": "cs-39", "options": ["EU 39"], "price": 8900, "compare_at": 11000, "available": True, "max_per_order": 2},
                    {"id": "cs-40", "options": ["EU 40"], "price": 8900, "compare_at": 11000, "available": True, "max_per_order": 2},
                    {"id": "cs-41", "options": ["EU 41"], "price": 8900, "compare_at": 11000, "available": True, "max_per_order": 2},
                    {"id": "cs-42", "options": ["EU 42"], "price": 8900, "compare_at": 11000, "available": True, "max_per_order": 2},
                ],
                "label": "CLOUD SNEAKER",
                "look": {"shape": "sneaker", "color": (40, 90, 230), "accent": (250, 250, 250)},
                "tag": "t3",
                "path": [(10.0, 0.12, 0.78), (13.0, 0.45, 0.72), (16.0, 0.82, 0.78)],
            },
            {
                "id": "iris-parfum",
                "title": "Midnight Iris Eau de Parfum",
                "brand": "Rouge & Co",
                "description": "Powdery iris, violet leaf and warm suede.",
                "url": "/#iris-parfum",
                "price": 6800,
                "options": ["Size"],
                "variants": [
                    {"id": "ip-30", "options": ["30 ml"], "price": 6800, "available": True},
                    {"id": "ip-50", "options": ["50 ml"], "price": 9200, "available": True},
                    {"id": "ip-100", "options": ["100 ml"], "price": 12800, "available": True, "max_per_order": 1},
                ],
                "label": "MIDNIGHT IRIS",
                "look": {"shape": "perfume", "color": (140, 60, 200), "accent": (212, 166, 64)},
                "tag": "t4",
                "path": [(14.0, 0.26, 0.30), (17.0, 0.34, 0.36), (19.5, 0.30, 0.44)],
            },
        ],
    },
    {
        "name": "square",
        "size": (720, 720),
        "duration": 12.0,
        "aspect": [1, 1],
        "currency": "JPY",
        "locale": "ja-JP",
        "watermark": "HANAMI SKIN",
        "scene": "tiles",
        "products": [
            {
                "id": "sakura-toner",
                "title": "Sakura Hydrating Toner",
                "brand": "Hanami Skin",
                "description": "Cherry-blossom toner with rice ferment for soft, plump skin.",
                "url": "/retailer.html#sakura-toner",
                "price": 4800,
                "options": ["Size"],
                "variants": [
                    {"id": "st-150", "options": ["150 ml"], "price": 4800, "available": True, "max_per_order": 5},
                    {"id": "st-300", "options": ["300 ml"], "price": 8200, "compare_at": 9600, "available": True, "max_per_order": 5},
                ],
                "label": "SAKURA TONER",
                "look": {"shape": "bottle", "color": (236, 110, 160), "accent": (245, 245, 245)},
                "tag": "t1",
                "path": [(1.0, 0.20, 0.30), (3.5, 0.36, 0.42), (6.0, 0.26, 0.58)],
            },
            {
                "id": "matcha-mask",
                "title": "Matcha Clay Mask",
                "brand": "Hanami Skin",
                "description": "Kyoto matcha and kaolin clay to clear and calm.",
                "url": "/retailer.html#matcha-mask",
                "price": 3200,
                "compare_at": 3800,
                "options": ["Size"],
                "variants": [
                    {"id": "mm-50", "options": ["50 g"], "price": 3200, "compare_at": 3800, "available": True},
                    {"id": "mm-100", "options": ["100 g"], "price": 5600, "available": True},
                ],
                "label": "MATCHA MASK",
                "look": {"shape": "jar", "color": (80, 150, 60), "accent": (240, 240, 236)},
                "tag": "t2",
                "path": [(4.0, 0.78, 0.28), (7.0, 0.66, 0.50), (10.0, 0.76, 0.70)],
            },
            {
                "id": "yuzu-balm",
                "title": "Yuzu Lip Balm",
                "brand": "Hanami Skin",
                "description": "Citrus balm in a pocket tin.",
                "url": "/retailer.html#yuzu-balm",
                "price": 1200,
                "options": ["Scent"],
                "variants": [
                    {"id": "yb-yuzu", "options": ["Yuzu"], "price": 1200, "available": True, "max_per_order": 4},
                    {"id": "yb-mint", "options": ["Yuzu & Mint"], "price": 1200, "available": False},
                    {"id": "yb-plain", "options": ["Unscented"], "price": 1000, "available": True},
                ],
                "label": "YUZU BALM",
                "look": {"shape": "tin", "color": (245, 196, 20), "accent": (250, 250, 245)},
                "tag": "t3",
                "path": [(8.0, 0.18, 0.74), (11.5, 0.42, 0.72)],
            },
        ],
    },
    {
        "name": "tall",
        "size": (540, 960),
        "duration": 12.0,
        "aspect": [9, 16],
        "currency": "KWD",
        "locale": "en-KW",
        "watermark": "DAR AL OUD",
        "scene": "night",
        "products": [
            {
                "id": "oud-royale",
                "title": "Oud Royale Parfum",
                "brand": "Dar Al Oud",
                "description": "Cambodian oud, saffron and rose in a hand-finished flacon.",
                "url": "/retailer.html#oud-royale",
                "price": 12500,
                "compare_at": 14000,
                "options": ["Size"],
                "variants": [
                    {"id": "or-50", "options": ["50 ml"], "price": 12500, "compare_at": 14000, "available": True, "max_per_order": 2},
                    {"id": "or-100", "options": ["100 ml"], "price": 21750, "compare_at": 24000, "available": True, "max_per_order": 2},
                ],
                "label": "OUD ROYALE",
                "look": {"shape": "perfume", "color": (220, 170, 60), "accent": (185, 185, 195)},
                "tag": "t1",
                "path": [(1.0, 0.32, 0.22), (4.0, 0.55, 0.34), (7.0, 0.40, 0.46)],
            },
            {
                "id": "rose-attar",
                "title": "Taif Rose Attar",
                "brand": "Dar Al Oud",
                "description": "Alcohol-free rose oil, roller vial.",
                "url": "/retailer.html#rose-attar",
                "price": 6250,
                "options": ["Size"],
                "variants": [
                    {"id": "ra-3", "options": ["3 ml"], "price": 6250, "available": True, "max_per_order": 3},
                    {"id": "ra-6", "options": ["6 ml"], "price": 11000, "available": True, "max_per_order": 3},
                    {"id": "ra-12", "options": ["12 ml"], "price": 19500, "available": False},
                ],
                "label": "ROSE ATTAR",
                "look": {"shape": "vial", "color": (235, 90, 150), "accent": (185, 185, 195)},
                "tag": "t2",
                "path": [(3.5, 0.70, 0.62), (6.0, 0.62, 0.72), (9.0, 0.36, 0.76)],
            },
            {
                "id": "white-musk",
                "title": "White Musk Body Mist",
                "brand": "Dar Al Oud",
                "description": "Clean musk and cotton flower for every day.",
                "url": "/retailer.html#white-musk",
                "price": 8750,
                "options": ["Size"],
                "variants": [
                    {"id": "wm-50", "options": ["50 ml"], "price": 8750, "available": True},
                    {"id": "wm-100", "options": ["100 ml"], "price": 14500, "available": True, "max_per_order": 2},
                ],
                "label": "WHITE MUSK",
                "look": {"shape": "flask", "color": (110, 210, 225), "accent": (185, 185, 195)},
                "tag": "t3",
                "path": [(7.5, 0.62, 0.20), (9.5, 0.52, 0.30), (11.5, 0.62, 0.40)],
            },
        ],
    },
]

# ----------------------------------------------------------------------------------------
# Looks: a product is a list of parts (kind, dx, dy, w, h, radius, colour) in units,
# relative to the product's centre. Part 0 is the key part: centred, in the key colour.
# ----------------------------------------------------------------------------------------

def dark(c, f=0.55):
    return tuple(int(v * f) for v in c)


def light(c, f=0.45):
    return tuple(int(v + (255 - v) * f) for v in c)


def parts_for(look):
    c, a = look["color"], look["accent"]
    s = look["shape"]
    if s == "lipstick":  # red bullet (key) above a metal tube with a band
        return [("rrect", 0, 0, 52, 96, 24, c),
                ("rrect", 0, 86, 66, 64, 6, a),
                ("rrect", 0, 70, 66, 6, 0, dark(a, 0.75))]
    if s == "dropper":  # square-shouldered serum bottle with a dropper
        return [("rrect", 0, 0, 90, 120, 16, c),
                ("rrect", 0, 0, 58, 38, 4, (250, 250, 250)),
                ("rrect", 0, -75, 34, 22, 3, a),
                ("ellipse", 0, -101, 36, 32, 0, (30, 30, 34))]
    if s == "bottle":  # toner bottle with a flip cap
        return [("rrect", 0, 0, 84, 140, 30, c),
                ("rrect", 0, 0, 54, 44, 6, a),
                ("rrect", 0, -87, 30, 26, 4, light(c, 0.65)),
                ("rrect", 0, -108, 46, 20, 6, a)]
    if s == "sneaker":  # knit upper (key) with laces, sole and heel tab
        return [("rrect", 0, 0, 180, 72, 36, c),
                ("rrect", -30, 0, 10, 30, 3, a),
                ("rrect", 0, 0, 10, 30, 3, a),
                ("rrect", 30, 0, 10, 30, 3, a),
                ("rrect", 6, 50, 208, 22, 10, a),
                ("rrect", -100, -10, 14, 40, 5, (60, 60, 70))]
    if s == "perfume":  # square flacon (key) with collar and cap
        return [("rrect", 0, 0, 112, 100, 16, c),
                ("rrect", 0, 0, 64, 12, 3, light(c, 0.7)),
                ("rrect", 0, -58, 26, 10, 2, dark(a, 0.8)),
                ("rrect", 0, -76, 48, 28, 6, a)]
    if s == "jar":  # wide jar (key) with a lid
        return [("rrect", 0, 0, 124, 80, 14, c),
                ("rrect", 0, 0, 70, 26, 5, a),
                ("rrect", 0, -57, 136, 26, 8, (54, 58, 52))]
    if s == "tin":  # round tin (key) with a lid print
        return [("ellipse", 0, 0, 112, 112, 0, c),
                ("ellipse", 0, 0, 56, 56, 0, a),
                ("ellipse", 0, 0, 30, 30, 0, c)]
    if s == "vial":  # slim roller vial (key) with a ball and a cap
        return [("rrect", 0, 0, 40, 130, 12, c),
                ("rrect", 0, 0, 20, 60, 4, light(c, 0.7)),
                ("ellipse", 0, -77, 18, 18, 0, (245, 245, 245)),
                ("rrect", 0, -96, 30, 30, 6, a)]
    if s == "flask":  # round flask (key) with a neck and a pump
        return [("ellipse", 0, 0, 120, 120, 0, c),
                ("ellipse", 0, 0, 44, 44, 0, light(c, 0.7)),
                ("rrect", 0, -72, 28, 18, 3, a),
                ("rrect", 0, -90, 40, 18, 4, a)]
    raise ValueError("unknown shape " + s)


def parts_bbox(parts):
    x0 = min(p[1] - p[3] / 2 for p in parts)
    x1 = max(p[1] + p[3] / 2 for p in parts)
    y0 = min(p[2] - p[4] / 2 for p in parts)
    y1 = max(p[2] + p[4] / 2 for p in parts)
    return x0, y0, x1, y1


# ----------------------------------------------------------------------------------------
# Path interpolation: the ONE function that both the renderer and the checker use, and
# the rule the widget applies to the manifest's keyframes (linear between keyframes).
# ----------------------------------------------------------------------------------------

def at(path, t):
    if t <= path[0][0]:
        return path[0][1], path[0][2]
    for (t0, x0, y0), (t1, x1, y1) in zip(path, path[1:]):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f
    return path[-1][1], path[-1][2]


def visible(p, t):
    return p["path"][0][0] <= t < p["path"][-1][0]


# ----------------------------------------------------------------------------------------
# Raster drawing into a bytearray of RGB rows. A pixel (x, y) is covered when its centre
# (x + 0.5, y + 0.5) lies inside the shape, so a shape centred at cx covers pixels
# symmetrically around cx and its centroid is cx to within a fraction of a pixel.
# ----------------------------------------------------------------------------------------

class Canvas:
    def __init__(self, w, h, data=None):
        self.w, self.h = w, h
        self.buf = bytearray(data) if data is not None else bytearray(w * h * 3)

    def span(self, y, x0, x1, col):
        """Fill pixels x0..x1 (inclusive) of row y."""
        if y < 0 or y >= self.h:
            return
        x0 = max(x0, 0)
        x1 = min(x1, self.w - 1)
        if x1 < x0:
            return
        o = (y * self.w + x0) * 3
        self.buf[o:o + (x1 - x0 + 1) * 3] = bytes(col) * (x1 - x0 + 1)

    def shape(self, kind, cx, cy, w, h, r, col):
        hw, hh = w / 2.0, h / 2.0
        r = min(r, hw, hh)
        ya, rows = fit(cy, hh)
        for y in range(max(ya, 0), min(ya + rows, self.h)):
            dy = abs(y + 0.5 - cy)
            if kind == "ellipse":
                half = hw * math.sqrt(max(0.0, 1.0 - (dy / hh) ** 2))
            else:
                e = dy - (hh - r)
                half = hw - r + math.sqrt(max(0.0, r * r - e * e)) if e > 0 else hw
            xa, cols = fit(cx, half)
            self.span(y, xa, xa + cols - 1, col)

    def rect(self, x, y, w, h, col):
        for yy in range(y, y + h):
            self.span(yy, x, x + w - 1, col)

    def text(self, s, x, y, scale, col):
        """Draw text with the 5x7 font; (x, y) is the top-left corner."""
        for ch in s:
            g = FONT.get(ch, FONT["?"])
            for gy, row in enumerate(g):
                gx = 0
                while gx < 5:
                    if row[gx] == "#":
                        run = gx
                        while run < 5 and row[run] == "#":
                            run += 1
                        for k in range(scale):
                            self.span(y + gy * scale + k, x + gx * scale, x + run * scale - 1, col)
                        gx = run
                    else:
                        gx += 1
            x += 6 * scale


def fit(c, half):
    """First pixel and pixel count of a run centred on c with half-length ~half.

    A run of n pixels from x0 has its centre at x0 + n/2, a multiple of 0.5; trying both
    n = round(2*half) and n + 1 puts that centre within 0.25 px of c, so a shape's pixels
    are centred on the exact (fractional) path position, not just within half a pixel.
    """
    best = None
    n0 = int(math.floor(2 * half + 0.5))
    for n in (n0, n0 + 1):
        x0 = int(math.floor(c - n / 2.0 + 0.5))
        err = abs(x0 + n / 2.0 - c)
        if best is None or err < best[0] - 1e-9:
            best = (err, x0, n)
    return best[1], best[2]


def text_width(s, scale):
    return len(s) * 6 * scale - scale


FONT = {
    "A": [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "B": ["#### ", "#   #", "#   #", "#### ", "#   #", "#   #", "#### "],
    "C": [" ### ", "#   #", "#    ", "#    ", "#    ", "#   #", " ### "],
    "D": ["#### ", "#   #", "#   #", "#   #", "#   #", "#   #", "#### "],
    "E": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#####"],
    "F": ["#####", "#    ", "#    ", "#### ", "#    ", "#    ", "#    "],
    "G": [" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ####"],
    "H": ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "I": [" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "J": ["  ###", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "],
    "K": ["#   #", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "#   #"],
    "L": ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"],
    "M": ["#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"],
    "N": ["#   #", "#   #", "##  #", "# # #", "#  ##", "#   #", "#   #"],
    "O": [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "P": ["#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "],
    "Q": [" ### ", "#   #", "#   #", "#   #", "# # #", "#  # ", " ## #"],
    "R": ["#### ", "#   #", "#   #", "#### ", "# #  ", "#  # ", "#   #"],
    "S": [" ####", "#    ", "#    ", " ### ", "    #", "    #", "#### "],
    "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  "],
    "U": ["#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
    "V": ["#   #", "#   #", "#   #", "#   #", "#   #", " # # ", "  #  "],
    "W": ["#   #", "#   #", "#   #", "# # #", "# # #", "# # #", " # # "],
    "X": ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"],
    "Y": ["#   #", "#   #", " # # ", "  #  ", "  #  ", "  #  ", "  #  "],
    "Z": ["#####", "    #", "   # ", "  #  ", " #   ", "#    ", "#####"],
    "0": [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
    "1": ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
    "3": ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
    "4": ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
    "5": ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
    "6": ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
    "7": ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
    "8": [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
    "9": [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
    " ": ["     "] * 7,
    ".": ["     ", "     ", "     ", "     ", "     ", " ##  ", " ##  "],
    ":": ["     ", " ##  ", " ##  ", "     ", " ##  ", " ##  ", "     "],
    "-": ["     ", "     ", "     ", " ### ", "     ", "     ", "     "],
    "&": [" ##  ", "#  # ", "# #  ", " #   ", "# # #", "#  # ", " ## #"],
    "/": ["    #", "    #", "   # ", "  #  ", " #   ", "#    ", "#    "],
    "s": ["     ", "     ", " ####", "#    ", " ### ", "    #", "#### "],
    "?": [" ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  "],
}

# ----------------------------------------------------------------------------------------
# Scenes: a static background per demo, drawn once, in muted colours far from every key
# colour so the checker can find the products by colour.
# ----------------------------------------------------------------------------------------

def mix(a, b, f):
    return tuple(int(round(a[i] + (b[i] - a[i]) * f)) for i in range(3))


def gradient(cv, y0, y1, top, bottom):
    for y in range(y0, y1):
        cv.span(y, 0, cv.w - 1, mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def background(demo):
    w, h = demo["size"]
    u = min(w, h) / 720.0
    cv = Canvas(w, h)
    scene = demo["scene"]
    if scene == "vanity":  # a warm wall, a round mirror, a shelf and a table top
        table = int(h * 0.66)
        gradient(cv, 0, table, (250, 238, 230), (236, 216, 208))
        cv.shape("ellipse", w * 0.62, h * 0.30, 380 * u, 300 * u, 0, (206, 190, 178))
        cv.shape("ellipse", w * 0.62, h * 0.30, 360 * u, 280 * u, 0, (226, 232, 236))
        cv.shape("ellipse", w * 0.58, h * 0.25, 120 * u, 60 * u, 0, (238, 242, 244))
        gradient(cv, table, h, (196, 166, 146), (168, 136, 118))
        cv.rect(0, table, w, max(2, int(6 * u)), (150, 122, 106))
        for i, x in enumerate((0.06, 0.93)):  # two neutral vases at the sides
            cv.shape("rrect", w * x, table - 70 * u, 60 * u, 140 * u, 24 * u, (120, 120, 118) if i else (214, 206, 196))
    elif scene == "tiles":  # bathroom tiles above a stone shelf
        shelf = int(h * 0.86)
        gradient(cv, 0, shelf, (236, 244, 240), (214, 228, 222))
        step = int(90 * u)
        for x in range(step, w, step):
            cv.rect(x, 0, max(1, int(2 * u)), shelf, (200, 214, 208))
        for y in range(step, shelf, step):
            cv.rect(0, y, w, max(1, int(2 * u)), (200, 214, 208))
        gradient(cv, shelf, h, (178, 184, 182), (150, 156, 154))
    elif scene == "night":  # dark blue gradient with small grey stars
        gradient(cv, 0, h, (26, 30, 56), (10, 10, 22))
        k = 0
        for i in range(60):  # fixed pseudo-random star field (a linear congruential sequence)
            k = (k * 1103515245 + 12345 + i) % 2147483648
            x = (k >> 8) % w
            y = (k >> 3) % h
            cv.shape("ellipse", x + 0.5, y + 0.5, 3 * u + (k % 3), 3 * u + (k % 3), 0, (150, 150, 166))
    # Watermark (brand) in the top right.
    scale = 3 if w >= 720 else 2
    tw = text_width(demo["watermark"], scale)
    cv.text(demo["watermark"], w - tw - int(24 * u), int(24 * u), scale, (96, 76, 80) if scene != "night" else (200, 190, 170))
    return bytes(cv.buf)


LABEL_BG = (34, 34, 40)
LABEL_FG = (250, 250, 250)


def layout(demo, p, t):
    """Pixel geometry of product p at time t: centre, parts in pixels, label box."""
    w, h = demo["size"]
    u = min(w, h) / 720.0
    fx, fy = at(p["path"], t)
    cx, cy = fx * w, fy * h
    parts = parts_for(p["look"])
    bx0, by0, bx1, by1 = parts_bbox(parts)
    scale = 2
    lw = text_width(p["label"], scale) + 16
    lh = 7 * scale + 12
    lx = int(round(cx - lw / 2))
    ly = int(round(cy + by1 * u + 12 * u))
    return cx, cy, u, parts, (lx, ly, lw, lh), (cx + bx0 * u, cy + by0 * u, cx + bx1 * u, cy + by1 * u)


def draw_frame(demo, bg, i):
    w, h = demo["size"]
    t = i / FPS
    cv = Canvas(w, h, bg)
    for p in demo["products"]:
        if not visible(p, t):
            continue
        cx, cy, u, parts, (lx, ly, lw, lh), _ = layout(demo, p, t)
        for kind, dx, dy, pw, ph, r, col in parts:
            cv.shape(kind, cx + dx * u, cy + dy * u, pw * u, ph * u, r * u, col)
        cv.shape("rrect", lx + lw / 2, ly + lh / 2, lw, lh, 8, LABEL_BG)
        cv.text(p["label"], lx + 8, ly + 6, 2, LABEL_FG)
    # Clock: seconds with two decimals and the frame number, top left.
    scale = 3 if w >= 720 else 2
    clock = "%.2f s" % t
    frame = "FRAME %d" % i
    bw = max(text_width(clock, scale), text_width(frame, 2)) + 24
    cv.shape("rrect", 16 + bw / 2, 16 + (7 * scale + 14 + 12 + 14) / 2, bw, 7 * scale + 14 + 12 + 14, 10, (20, 20, 24))
    cv.text(clock, 28, 26, scale, (255, 255, 255))
    cv.text(frame, 28, 26 + 7 * scale + 10, 2, (190, 190, 190))
    return cv.buf


# ----------------------------------------------------------------------------------------
# Outputs
# ----------------------------------------------------------------------------------------

def r4(v):
    return round(v + 0.0, 4)


def manifest(demo):
    products = []
    for p in demo["products"]:
        q = {k: p[k] for k in ("id", "title", "brand") if k in p}
        q["image"] = "/img/%s.svg" % p["id"]
        for k in ("url", "description", "price", "compare_at", "options", "variants"):
            if k in p:
                q[k] = p[k]
        products.append(q)
    tags = []
    for p in demo["products"]:
        path = p["path"]
        tags.append({
            "id": p["tag"], "product": p["id"], "start": path[0][0], "end": path[-1][0],
            "keyframes": [{"t": t, "x": r4(x), "y": r4(y)} for t, x, y in path],
        })
    return {
        "version": 1,
        "video": {"id": demo["name"], "aspect": demo["aspect"]},
        "currency": demo["currency"],
        "locale": demo["locale"],
        "products": products,
        "tags": tags,
        "checkout": CHECKOUT,
    }


def write_json(path, doc):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def bad_tags(hero):
    """hero.json with two broken tags among good ones (for validation tests)."""
    doc = json.loads(json.dumps(hero))
    doc["video"]["id"] = "hero-bad-tags"
    good = doc["tags"]
    doc["tags"] = [
        good[0],
        {"id": "t-unknown", "product": "lip-02", "start": 2.0, "end": 6.0,
         "keyframes": [{"t": 2.0, "x": 0.5, "y": 0.5}]},
        {"id": "t-backwards", "product": "glow-serum", "start": 9.0, "end": 9.0,
         "keyframes": [{"t": 9.0, "x": 0.6, "y": 0.4}]},
        good[1], good[2], good[3],
    ]
    return doc


def live_show(hero):
    """The live show of the demo (live.html, the producer console): hero's
    products and checkout on a live stream of the hero footage, which the
    reference server publishes as show "spring-launch"; pins and deals come
    from its events, so no tags."""
    doc = json.loads(json.dumps(hero))
    doc["video"] = {
        "id": "spring-launch",
        "aspect": hero["video"]["aspect"],
        "time_base": "program_date_time",
        "epoch": "2026-01-01T00:00:00Z",
    }
    doc["tags"] = []
    doc["live"] = {
        "show": "spring-launch",
        "events": "/api/live/spring-launch/events",
        "source": "events",
    }
    return doc


BROKEN = '{\n  "version": 1,\n  "video": { "id": "broken" },\n  "currency": "USD",\n  "products": [\n    { "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "price": 1900, }\n'


def hexc(c):
    return "#%02x%02x%02x" % tuple(c)


def svg(p):
    parts = parts_for(p["look"])
    x0, y0, x1, y1 = parts_bbox(parts)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = max(x1 - x0, y1 - y0) * 1.35
    vb = "%g %g %g %g" % (cx - side / 2, cy - side / 2, side, side)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s" width="240" height="240" role="img">' % vb,
           "<title>%s</title>" % p["title"].replace("&", "&amp;"),
           '<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>' % (cx - side / 2, cy - side / 2, side, side, hexc(light(p["look"]["color"], 0.88))),
           '<ellipse cx="%g" cy="%g" rx="%g" ry="%g" fill="#000" opacity=".08"/>' % (cx, y1 + side * 0.04, (x1 - x0) * 0.55, side * 0.04)]
    for kind, dx, dy, w, h, r, col in parts:
        if kind == "ellipse":
            out.append('<ellipse cx="%g" cy="%g" rx="%g" ry="%g" fill="%s"/>' % (dx, dy, w / 2, h / 2, hexc(col)))
        else:
            r = min(r, w / 2, h / 2)
            out.append('<rect x="%g" y="%g" width="%g" height="%g" rx="%g" fill="%s"/>' % (dx - w / 2, dy - h / 2, w, h, r, hexc(col)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def encode(demo, out):
    w, h = demo["size"]
    n = int(round(demo["duration"] * FPS))
    bg = background(demo)
    cmd = ["ffmpeg", "-v", "error", "-y",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "%dx%d" % (w, h), "-r", str(FPS), "-i", "-",
           "-an", "-c:v", "libvpx-vp9", "-pix_fmt", "yuv420p", "-row-mt", "1", "-threads", "2",
           "-deadline", "good", "-cpu-used", "4", "-b:v", "0", "-crf", "40", "-g", "25",
           "-fflags", "+bitexact", "-flags:v", "+bitexact",
           "-metadata", "title=%s demo (generated by www/gen/make_demo.py)" % demo["name"],
           out]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    for i in range(n):
        proc.stdin.write(draw_frame(demo, bg, i))
        if i % 100 == 0:
            print("  %s: frame %d/%d" % (demo["name"], i, n), flush=True)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("ffmpeg failed for " + out)


def self_test_looks():
    """Every look's key part must be centred on the product's centre when drawn alone,
    at any sub-pixel offset (as the checker measures it: holes filled)."""
    global TOL2
    for demo in DEMOS:
        u = min(demo["size"]) / 720.0
        for p in demo["products"]:
            for k in range(16):
                fx, fy = 200 + k / 16.0, 200 + (k * 7 % 16) / 16.0
                cv = Canvas(400, 400)
                for kind, dx, dy, w, h, r, col in parts_for(p["look"]):
                    cv.shape(kind, fx + dx * u, fy + dy * u, w * u, h * u, r * u, col)
                saved, TOL2 = TOL2, 1
                mx, my, _ = centroid(cv.buf, 400, 400, p["look"]["color"], (0, 0, 400, 400))
                TOL2 = saved
                if abs(mx - fx) > 0.3 or abs(my - fy) > 0.3:
                    sys.exit("look of %s is not centred on its key part: off by (%.2f, %.2f)" % (p["id"], mx - fx, my - fy))


def self_test_overlap(demo):
    """Warn when two products (or their labels) touch on screen at the same time."""
    n = int(round(demo["duration"] * FPS))
    for i in range(n):
        t = i / FPS
        boxes = []
        for p in demo["products"]:
            if visible(p, t):
                _, _, u, _, (lx, ly, lw, lh), (x0, y0, x1, y1) = layout(demo, p, t)
                box = (min(x0, lx), y0, max(x1, lx + lw), ly + lh)
                w, h = demo["size"]
                if box[0] < 0 or box[1] < 0 or box[2] > w or box[3] > h:
                    print("warning: %s %s leaves the frame at %.2f s" % (demo["name"], p["id"], t))
                boxes.append((p["id"], box))
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                A, B = boxes[a][1], boxes[b][1]
                if A[0] < B[2] + 8 and B[0] < A[2] + 8 and A[1] < B[3] + 8 and B[1] < A[3] + 8:
                    print("warning: %s: %s and %s overlap at %.2f s" % (demo["name"], boxes[a][0], boxes[b][0], t))


# ----------------------------------------------------------------------------------------
# --check: decode the encoded videos and compare each product's key-colour centroid with
# the manifest's interpolated keyframe position.
# ----------------------------------------------------------------------------------------

TOL2 = 60 * 60


def centroid(frame, w, h, key, box):
    """Centroid of the key-colour region inside box, holes filled.

    Each row counts from its first to its last key-colour pixel, so decorations drawn
    over the key part (labels, highlights) do not move the result. Returns (x, y, pixels)
    with pixel centres at +0.5, or (None, None, 0).
    """
    x0, y0, x1, y1 = (int(max(0, box[0])), int(max(0, box[1])), int(min(w, box[2])), int(min(h, box[3])))
    kr, kg, kb = key
    sx = sy = n = 0
    for y in range(y0, y1):
        o = (y * w + x0) * 3
        row = frame[o:o + (x1 - x0) * 3]
        first = last = None
        for j in range(0, len(row), 3):
            dr, dg, db = row[j] - kr, row[j + 1] - kg, row[j + 2] - kb
            if dr * dr + dg * dg + db * db < TOL2:
                if first is None:
                    first = j // 3
                last = j // 3
        if first is not None:
            k = last - first + 1
            sx += k * (x0 + (first + last + 1) / 2.0)
            sy += k * (y + 0.5)
            n += k
    return (sx / n, sy / n, n) if n else (None, None, 0)


def tags_from_manifest(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return {t["product"]: [(k["t"], k["x"], k["y"]) for k in t["keyframes"]] for t in doc["tags"]}


def measure(demo, frame, i, tags):
    """Yield (product, expected, measured, count) for every product visible at frame i."""
    w, h = demo["size"]
    t = i / FPS
    for p in demo["products"]:
        path = tags[p["id"]]
        if not (path[0][0] <= t < path[-1][0]):
            continue
        fx, fy = at(path, t)
        ex, ey = fx * w, fy * h
        u = min(w, h) / 720.0
        kp = parts_for(p["look"])[0]
        m = 24
        box = (ex - kp[3] * u / 2 - m, ey - kp[4] * u / 2 - m, ex + kp[3] * u / 2 + m, ey + kp[4] * u / 2 + m)
        mx, my, n = centroid(frame, w, h, p["look"]["color"], box)
        yield p, (ex, ey), (mx, my), n, box


def check(demo):
    name = demo["name"]
    w, h = demo["size"]
    video = os.path.join(WWW, "videos", name + ".webm")
    tags = tags_from_manifest(os.path.join(WWW, "manifests", name + ".json"))
    ok = True
    n = int(round(demo["duration"] * FPS))

    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                            "-show_entries", "stream=width,height,nb_read_frames,codec_name:format=duration,size",
                            "-of", "json", video], capture_output=True, text=True, check=True)
    info = json.loads(probe.stdout)
    st, fmt = info["streams"][0], info["format"]
    size = int(fmt["size"])
    print("%s: %s %dx%d, %s frames, %.2f s, %d bytes" % (
        name, st["codec_name"], st["width"], st["height"], st["nb_read_frames"], float(fmt["duration"]), size))
    if (st["width"], st["height"]) != (w, h) or int(st["nb_read_frames"]) != n or st["codec_name"] != "vp9":
        print("  FAIL: expected vp9 %dx%d with %d frames" % (w, h, n))
        ok = False
    if size > 1_500_000:
        print("  FAIL: larger than 1.5 MB")
        ok = False

    # Which frames to look at: every 5th, plus each tag's first and last frame and the
    # frames just outside its window (where the object must be absent).
    want = set(range(0, n, 5))
    absent = {}
    for p in demo["products"]:
        path = tags[p["id"]]
        first = math.ceil(path[0][0] * FPS - 1e-9)
        last = math.ceil(path[-1][0] * FPS - 1e-9) - 1
        want.update((first, last))
        for j, kf in ((first - 1, path[0]), (last + 1, path[-1])):
            if 0 <= j < n:
                absent.setdefault(j, []).append((p, kf))
    want.update(absent)

    fs = w * h * 3
    dec = subprocess.Popen(["ffmpeg", "-v", "error", "-i", video, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                           stdout=subprocess.PIPE)
    worst, count = 0.0, 0
    for i in range(n):
        frame = dec.stdout.read(fs)
        if len(frame) < fs:
            print("  FAIL: video ended at frame %d" % i)
            ok = False
            break
        if i not in want:
            continue
        for p, (ex, ey), (mx, my), cnt, _ in measure(demo, frame, i, tags):
            if not cnt:
                print("  FAIL: frame %d (%.2f s): %s not found" % (i, i / FPS, p["id"]))
                ok = False
                continue
            err = math.hypot(mx - ex, my - ey)
            worst, count = max(worst, err), count + 1
            if err > 1.0:
                print("  FAIL: frame %d (%.2f s): %s at (%.1f, %.1f), manifest says (%.1f, %.1f)" % (
                    i, i / FPS, p["id"], mx, my, ex, ey))
                ok = False
        for p, (_, kx, ky) in absent.get(i, []):
            _, _, cnt = centroid(frame, w, h, p["look"]["color"], (kx * w - 80, ky * h - 80, kx * w + 80, ky * h + 80))
            if cnt > 20:
                print("  FAIL: frame %d (%.2f s): %s visible outside its tag window (%d px)" % (i, i / FPS, p["id"], cnt))
                ok = False
    dec.stdout.close()
    dec.wait()
    print("  %d object positions checked, worst error %.2f px" % (count, worst))

    # Seeking: decode single frames with ffmpeg -ss (as a player seek would) and check them too.
    for p in demo["products"][:2]:
        path = tags[p["id"]]
        i = int(round((path[0][0] + path[-1][0]) / 2 * FPS))
        frame = subprocess.run(["ffmpeg", "-v", "error", "-ss", "%.2f" % (i / FPS), "-i", video, "-frames:v", "1",
                                "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
        for q, (ex, ey), (mx, my), cnt, _ in measure(demo, frame, i, tags):
            if q is p:
                err = math.hypot(mx - ex, my - ey) if cnt else float("inf")
                print("  seek -ss %.2f: %s at (%.1f, %.1f), manifest (%.1f, %.1f), error %.2f px" % (
                    i / FPS, p["id"], mx or -1, my or -1, ex, ey, err))
                ok = ok and err <= 1.0
    print("  %s" % ("OK" if ok else "FAILED"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="check the encoded videos against the manifests")
    ap.add_argument("--only", action="append", help="only this demo (hero, square, tall); repeatable")
    ap.add_argument("--no-video", action="store_true", help="write manifests and images, skip encoding")
    args = ap.parse_args()
    demos = [d for d in DEMOS if not args.only or d["name"] in args.only]

    if args.check:
        results = [check(d) for d in demos]
        sys.exit(0 if all(results) else 1)

    self_test_looks()
    for sub in ("videos", "manifests", "img"):
        os.makedirs(os.path.join(WWW, sub), exist_ok=True)
    for demo in demos:
        self_test_overlap(demo)
        doc = manifest(demo)
        write_json(os.path.join(WWW, "manifests", demo["name"] + ".json"), doc)
        if demo["name"] == "hero":
            write_json(os.path.join(WWW, "manifests", "bad-tags.json"), bad_tags(doc))
            write_json(os.path.join(WWW, "manifests", "live.json"), live_show(doc))
            # A test fixture, outside manifests/: the server's catalog reads
            # every manifests/*.json and would warn about it at each start.
            with open(os.path.join(WWW, "test", "broken.json"), "w", encoding="utf-8") as f:
                f.write(BROKEN)
        for p in demo["products"]:
            with open(os.path.join(WWW, "img", p["id"] + ".svg"), "w", encoding="utf-8") as f:
                f.write(svg(p))
        if not args.no_video:
            print("encoding %s ..." % demo["name"], flush=True)
            encode(demo, os.path.join(WWW, "videos", demo["name"] + ".webm"))
    print("done")


if __name__ == "__main__":
    main()
