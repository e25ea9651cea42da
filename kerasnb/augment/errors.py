"""The one exception type of the augmentation preview.

>>> from kerasnb.augment.errors import AugmentError
>>> str(AugmentError("rotation_range must be between 0 and 180 degrees; got 400"))
'rotation_range must be between 0 and 180 degrees; got 400'
"""

from __future__ import annotations

from kerasnb.errors import KerasnbError


class AugmentError(KerasnbError):
    """Bad augmentation settings or bad images, with a message that says what would be right.

    >>> try:
    ...     raise AugmentError("zoom_range must be >= 0; got -2")
    ... except ValueError as e:
    ...     print(e)
    zoom_range must be >= 0; got -2
    """
