"""The one error type of the model builders: a message a learner can act on.

>>> err = SpecError("needs 3-D input", layer="conv2d", received="(None, 64)",
...                 needs="(None, height, width, channels)", fix="add a Reshape before it")
>>> print(err)
Layer 'conv2d': needs 3-D input
  received: (None, 64)
  needs:    (None, height, width, channels)
  fix:      add a Reshape before it
"""

from __future__ import annotations

from kerasnb.errors import KerasnbError


class SpecError(KerasnbError):
    """A model spec that cannot become a Keras model, explained for a learner.

    >>> str(SpecError("a cycle: a -> b -> a"))
    'a cycle: a -> b -> a'

    Attributes: ``message``, ``layer`` (name or None), ``received``, ``needs``, ``fix``.
    """

    def __init__(
        self,
        message: str,
        *,
        layer: str | None = None,
        received: str | None = None,
        needs: str | None = None,
        fix: str | None = None,
    ) -> None:
        def text(value: object) -> str | None:  # whatever was passed, shown as text
            return value if value is None or isinstance(value, str) else f"{value!r:.200}"

        self.message = str(message)
        self.layer = text(layer)
        self.received = text(received)
        self.needs = text(needs)
        self.fix = text(fix)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        head = f"Layer {self.layer!r}: {self.message}" if self.layer else self.message
        lines = [head]
        for label, value in (("received", self.received), ("needs", self.needs),
                             ("fix", self.fix)):
            if value:
                lines.append(f"  {label + ':':<9} {value}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, str | None]:
        """The parts of the message, e.g. for a widget.

        >>> SpecError("bad", layer="d").as_dict()["layer"]
        'd'
        """
        return {"message": self.message, "layer": self.layer, "received": self.received,
                "needs": self.needs, "fix": self.fix}
