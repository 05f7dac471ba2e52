"""Pictures for the demo, painted with Pillow from a seed: same seed, same image.

Each motif is a simple, recognisable scene (a desk by a window, a bicycle on
a road, a camera aperture at dusk...), enough to make cards and heroes look
like a real site without downloading anything.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900


def _gradient(top, bottom):
    image = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return image


def _desk(draw, rng):
    # Window with a skyline, a desk, a laptop and a mug.
    draw.rectangle([120, 90, 760, 560], fill=(196, 222, 236), outline=(250, 250, 245), width=18)
    for x in range(140, 740, 70):
        h = rng.randint(90, 280)
        draw.rectangle([x, 560 - h, x + 55, 560], fill=(120, 150, 170))
    draw.line([(440, 90), (440, 560)], fill=(250, 250, 245), width=12)
    draw.rectangle([0, 640, WIDTH, 700], fill=(120, 84, 56))
    draw.rectangle([860, 420, 1280, 640], fill=(54, 58, 66))
    draw.rectangle([885, 440, 1255, 620], fill=(90, 170, 200))
    draw.polygon([(820, 640), (1320, 640), (1290, 665), (850, 665)], fill=(40, 42, 48))
    draw.rounded_rectangle([1380, 540, 1470, 640], radius=12, fill=(230, 110, 80))
    draw.arc([1440, 560, 1500, 620], start=-90, end=90, fill=(230, 110, 80), width=12)


def _bicycle(draw, rng):
    # A road, hills and a bicycle.
    for i in range(3):
        y = 460 + i * 60
        draw.ellipse([-300 + i * 500, y, 900 + i * 500, y + 500], fill=(70 + i * 20, 140 + i * 15, 90))
    draw.polygon([(700, HEIGHT), (900, HEIGHT), (820, 560), (780, 560)], fill=(60, 60, 66))
    cx, cy, r = 560, 700, 130
    for wheel_x in (cx, cx + 380):
        draw.ellipse([wheel_x - r, cy - r, wheel_x + r, cy + r], outline=(30, 30, 34), width=14)
        for k in range(12):
            a = k * math.pi / 6
            draw.line([(wheel_x, cy), (wheel_x + r * math.cos(a), cy + r * math.sin(a))], fill=(80, 80, 86), width=3)
    frame = (214, 60, 50)
    draw.line([(cx, cy), (cx + 160, cy - 200), (cx + 330, cy - 200), (cx + 380, cy)], fill=frame, width=16)
    draw.line([(cx + 160, cy - 200), (cx + 190, cy), (cx, cy)], fill=frame, width=16)
    draw.line([(cx + 190, cy), (cx + 330, cy - 200)], fill=frame, width=16)
    draw.line([(cx + 150, cy - 230), (cx + 210, cy - 230)], fill=(30, 30, 34), width=18)
    draw.line([(cx + 330, cy - 200), (cx + 320, cy - 260), (cx + 370, cy - 270)], fill=(30, 30, 34), width=12)
    sun = rng.randint(1150, 1400)
    draw.ellipse([sun, 120, sun + 170, 290], fill=(255, 214, 120))


def _aperture(draw, rng):
    # A lens aperture over a dusk sky with a few stars.
    for _ in range(60):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT // 2)
        draw.ellipse([x, y, x + 4, y + 4], fill=(255, 255, 230))
    cx, cy, r = WIDTH // 2, HEIGHT // 2 + 40, 300
    draw.ellipse([cx - r - 40, cy - r - 40, cx + r + 40, cy + r + 40], fill=(28, 28, 32))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(60, 64, 80))
    blades = 7
    for k in range(blades):
        a = 2 * math.pi * k / blades
        points = [
            (cx + r * math.cos(a), cy + r * math.sin(a)),
            (cx + r * math.cos(a + 1.1), cy + r * math.sin(a + 1.1)),
            (cx + 90 * math.cos(a + 0.6), cy + 90 * math.sin(a + 0.6)),
        ]
        shade = 70 + 12 * k
        draw.polygon(points, fill=(shade, shade + 6, shade + 20))
    draw.ellipse([cx - 70, cy - 70, cx + 70, cy + 70], fill=(250, 190, 110))


def _people(draw, rng):
    # Colleagues around a table, seen from above: circles and a long table.
    draw.rounded_rectangle([360, 330, 1240, 570], radius=40, fill=(164, 118, 80))
    palette = [(240, 120, 90), (80, 150, 210), (250, 200, 80), (120, 190, 120), (190, 120, 200)]
    for i in range(5):
        for y in (240, 660):
            x = 420 + i * 190 + rng.randint(-20, 20)
            draw.ellipse([x - 60, y - 60, x + 60, y + 60], fill=palette[(i + y) % len(palette)])
            draw.ellipse([x - 30, y - 30, x + 30, y + 30], fill=(238, 200, 170))
    for _ in range(6):
        x, y = rng.randint(420, 1180), rng.randint(360, 530)
        draw.rectangle([x, y, x + 70, y + 45], fill=(250, 250, 245))


MOTIFS = {"desk": _desk, "bicycle": _bicycle, "aperture": _aperture, "people": _people}


def paint(motif, seed, top=(60, 120, 160), bottom=(230, 200, 160)):
    """Return JPEG bytes of a 1600×900 picture of ``motif``, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - repeatable pictures, not secrets
    jitter = [rng.randint(-25, 25) for _ in range(3)]
    top = tuple(max(0, min(255, c + j)) for c, j in zip(top, jitter, strict=True))
    image = _gradient(top, bottom)
    MOTIFS[motif](ImageDraw.Draw(image), rng)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def paint_portrait(seed, colour):
    """Return PNG bytes of a 400×400 stylised portrait for an author profile."""
    rng = random.Random(seed)  # noqa: S311 - repeatable pictures, not secrets
    image = Image.new("RGB", (400, 400), colour)
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36), (255, 219, 172)])
    hair = rng.choice([(40, 30, 20), (90, 60, 30), (180, 140, 80), (20, 20, 20), (150, 150, 150)])
    draw.ellipse([60, 250, 340, 520], fill=tuple(max(0, c - 60) for c in colour))
    draw.ellipse([130, 90, 270, 250], fill=hair)
    draw.ellipse([140, 110, 260, 260], fill=skin)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
