"""Scanned pages as grey-scale arrays: decoding, deskewing, registration to the template, cropping a
box and measuring its ink. OpenCV is imported inside the functions, never at import time."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

Gray = npt.NDArray[np.uint8]

MATCH_SIDE = 1200  # features are found on pages scaled down to this long side
MIN_INLIERS = 25
MAX_PAGE_PIXELS = 60_000_000


class UnreadablePage(ValueError):
    """A page that cannot be read at all; `reason_ja` / `reason_en` say why, for the queue."""

    def __init__(self, reason_ja: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_ja = reason_ja
        self.reason_en = reason_en


def decode(data: bytes) -> Gray:
    """An image file (PNG, JPEG, TIFF...) as grey-scale pixels."""
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PAGE_PIXELS:
                raise UnreadablePage("画像が大きすぎます。", "The image is too large.")
            gray = image.convert("L")
            return np.asarray(gray, dtype=np.uint8).copy()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise UnreadablePage(
            "画像として読み込めません。", f"The file cannot be read as an image ({exc.__class__.__name__})."
        ) from exc


def encode_png(gray: Gray) -> bytes:
    out = io.BytesIO()
    PILImage.fromarray(gray).save(out, format="PNG", optimize=False)
    return out.getvalue()


def _scaled(gray: Gray, side: int) -> tuple[Gray, float]:
    import cv2

    scale = min(1.0, side / max(gray.shape))
    if scale == 1.0:
        return gray, 1.0
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8), scale


def skew_angle(gray: Gray) -> float:
    """The page's rotation in degrees, from the long straight lines of the form (box edges, rules)."""
    import cv2

    small, _scale = _scaled(gray, MATCH_SIDE)
    edges = cv2.Canny(small, 50, 150)
    lines = cv2.HoughLinesP(
        edges, 1, np.pi / 1800, threshold=80, minLineLength=small.shape[1] // 5, maxLineGap=5
    )
    if lines is None:
        return 0.0
    angles = []
    for x1, y1, x2, y2 in np.asarray(lines).reshape(-1, 4):
        angle = float(np.degrees(np.arctan2(y2 - y1, x2 - x1)))
        if abs(angle) < 10:
            angles.append(angle)
    return float(np.median(angles)) if angles else 0.0


def rotate(gray: Gray, angle: float) -> Gray:
    import cv2

    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    rotated = cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    return np.asarray(rotated, dtype=np.uint8)


def deskew(gray: Gray) -> Gray:
    angle = skew_angle(gray)
    return rotate(gray, angle) if abs(angle) > 0.05 else gray


@dataclass(frozen=True)
class Alignment:
    image: Gray  # the scan warped onto the template's pixel grid
    registered: bool  # False when no reliable match was found and the page was only deskewed and scaled
    inliers: int


def align(scan: Gray, template: Gray) -> Alignment:
    """Register a scanned page onto the blank template: ORB features, matched and filtered with a
    ratio test, and a homography found with RANSAC. When too few features agree, the deskewed page is
    scaled to the template's size and marked as not registered (every field then goes to review)."""
    import cv2

    deskewed = deskew(scan)
    height, width = template.shape
    small_scan, scan_scale = _scaled(deskewed, MATCH_SIDE)
    small_template, template_scale = _scaled(template, MATCH_SIDE)
    orb = cv2.ORB_create(nfeatures=5000)  # type: ignore[attr-defined]  # missing from OpenCV's stubs
    kp_scan, des_scan = orb.detectAndCompute(small_scan, None)
    kp_template, des_template = orb.detectAndCompute(small_template, None)
    homography: Any = None
    inliers = 0
    if des_scan is not None and des_template is not None and len(kp_scan) > 8 and len(kp_template) > 8:
        matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
        pairs = matcher.knnMatch(des_scan, des_template, k=2)
        good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.75 * p[1].distance]
        if len(good) >= MIN_INLIERS:
            source = (
                np.array([kp_scan[m.queryIdx].pt for m in good], dtype=np.float32).reshape(-1, 1, 2)
                / scan_scale
            )
            target = (
                np.array([kp_template[m.trainIdx].pt for m in good], dtype=np.float32).reshape(-1, 1, 2)
                / template_scale
            )
            homography, mask = cv2.findHomography(source, target, cv2.RANSAC, 4.0)
            inliers = int(mask.sum()) if mask is not None else 0
    if homography is not None and inliers >= MIN_INLIERS and _plausible(homography):
        warped = cv2.warpPerspective(
            deskewed, homography, (width, height), flags=cv2.INTER_LINEAR, borderValue=255
        )
        return Alignment(np.asarray(warped, dtype=np.uint8), True, inliers)
    resized = cv2.resize(deskewed, (width, height), interpolation=cv2.INTER_AREA)
    return Alignment(np.asarray(resized, dtype=np.uint8), False, inliers)


def _plausible(homography: Any) -> bool:
    """A scan is the template moved, turned a little and scaled: no mirror, no wild perspective."""
    affine = homography[:2, :2]
    determinant = float(np.linalg.det(affine))
    return (
        0.4 < determinant < 2.5
        and abs(float(homography[2, 0])) < 1e-3
        and abs(float(homography[2, 1])) < 1e-3
    )


def crop(gray: Gray, *, x: int, y: int, width: int, height: int) -> Gray:
    page_height, page_width = gray.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(page_width, x + width), min(page_height, y + height)
    if x1 <= x0 or y1 <= y0:
        return np.full((1, 1), 255, dtype=np.uint8)
    return np.ascontiguousarray(gray[y0:y1, x0:x1])


def clean_box(gray: Gray) -> Gray:
    """A box's contents without its printed frame and ruled lines: long horizontal and vertical
    strokes are whitened, and a margin as wide as a frame line is cleared."""
    import cv2

    height, width = gray.shape
    if height < 8 or width < 8:
        return gray
    _threshold, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(15, int(width * 0.6)), 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, int(height * 0.8))))
    )
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    cleaned = gray.copy()
    cleaned[lines > 0] = 255
    margin = max(2, min(height, width) // 20)
    cleaned[:margin, :] = 255
    cleaned[-margin:, :] = 255
    cleaned[:, :margin] = 255
    cleaned[:, -margin:] = 255
    return cleaned


def ink_mask(gray: Gray) -> Gray:
    """Dark pixels: a fixed threshold, so that an empty box (all paper and noise) stays empty."""
    return np.asarray((gray < 128).astype(np.uint8), dtype=np.uint8)


def ink_ratio(gray: Gray) -> float:
    if gray.size == 0:
        return 0.0
    import cv2

    mask = cv2.morphologyEx(ink_mask(gray), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return float(mask.mean())


def trim_to_ink(gray: Gray, *, pad: int = 8) -> Gray | None:
    """The crop cut to its ink with a white margin, or None when the box is empty (specks of noise
    are ignored)."""
    import cv2

    mask = cv2.morphologyEx(ink_mask(gray), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 6]
    if not keep:
        return None
    x0 = min(int(stats[i, cv2.CC_STAT_LEFT]) for i in keep)
    y0 = min(int(stats[i, cv2.CC_STAT_TOP]) for i in keep)
    x1 = max(int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]) for i in keep)
    y1 = max(int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]) for i in keep)
    part = gray[y0:y1, x0:x1]
    return np.asarray(np.pad(part, pad, constant_values=255), dtype=np.uint8)
