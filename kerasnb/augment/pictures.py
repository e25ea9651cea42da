"""The pictures the preview augments (bundled, your own, or uploaded) and the code that loads them.

>>> from kerasnb.augment.pictures import PreviewPictures
>>> pics = PreviewPictures(size=16)
>>> pics.use("digits"), pics.batch.shape, pics.notes
(True, (9, 8, 8, 3), ['digits are 8x8 pictures, shown enlarged'])
>>> pics.use("upload"), pics.notes   # nothing uploaded yet: the digits stay
(False, ['choose a picture with the upload button'])

No widgets here: the preview keeps one of these and shows ``batch``; bad pictures raise an
AugmentError that says what was received and what would be right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kerasnb.augment.errors import AugmentError
from kerasnb.augment.images import SOURCES, bounded_batch, decode_image, load_images

OWN = "your images"
UPLOAD = "upload"
MAX_PICTURES = 24


class PreviewPictures:
    """The batch shown (``batch``), the code that loads it (``code``) and notes about it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.batch = np.zeros((1, size, size, 3), "float32")
        self.code = ""
        self.notes: list[str] = []
        self._own: tuple[np.ndarray, list[str]] | None = None
        self._uploaded: tuple[np.ndarray, list[str]] | None = None

    @property
    def sources(self) -> list[str]:
        """The sources to offer: the bundled ones, your images once given, and upload."""
        return [*SOURCES, *([OWN] if self._own is not None else []), UPLOAD]

    def use(self, source: str) -> bool:
        """Show the pictures of ``source``; False (batch unchanged) when it has none yet."""
        if source in SOURCES:
            self.batch = load_images(source, size=self.size)
            self.notes = ["digits are 8x8 pictures, shown enlarged"] if source == "digits" else []
            self.code = ("from kerasnb.augment import load_images\n"
                         f"images = load_images({source!r}, size={self.size})")
            return True
        chosen = {OWN: self._own, UPLOAD: self._uploaded}.get(source)
        if chosen is None:
            self.notes = (["choose a picture with the upload button"] if source == UPLOAD
                          else [f"no pictures for {source!r} yet"])
            return False
        self.batch, notes = chosen
        self.notes = list(notes)
        self.code = ("images = ...  # your pictures: (n, height, width, 3), 0-255" if source == OWN
                     else "from kerasnb.augment import decode_image\nimages, _ = decode_image("
                          f"open('your_picture.png', 'rb').read(), size={self.size})")
        return True

    def set_own(self, images: Any) -> None:
        """Keep your own pictures (at most MAX_PICTURES, large ones made small) as OWN."""
        try:
            self._own = bounded_batch(images, MAX_PICTURES, 4 * self.size, self.size)
        except AugmentError as e:
            raise AugmentError(f"These pictures cannot be used: {e}") from None

    def set_upload(self, name: str, content: bytes) -> None:
        """Keep an uploaded picture file as UPLOAD; a file that is no picture says so."""
        try:
            self._uploaded = decode_image(content, size=self.size)
        except AugmentError as e:
            raise AugmentError(f"{name}: {e}") from None
