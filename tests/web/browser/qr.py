"""Reading the kiosk's QR code from the page, as a phone camera would."""

from __future__ import annotations

import cv2
import numpy as np
from playwright.sync_api import Page


def qr_link(page: Page) -> str:
    """The link in the kiosk's QR code, as a phone camera reads it. OpenCV's detector now and then misses a code
    in a small screenshot (a loaded machine once): it gets the picture again, and larger, before giving up."""
    for _ in range(3):
        picture = page.locator(".qr svg").screenshot()
        image = cv2.imdecode(np.frombuffer(picture, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
        assert image is not None
        for scale in (1, 2, 3):
            larger = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
            link, _, _ = cv2.QRCodeDetector().detectAndDecode(larger)
            if link:
                return str(link)
        page.wait_for_timeout(200)
    return ""
