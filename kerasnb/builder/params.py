"""Layer parameters: one ``Param`` row per constructor argument and one object per kind of value.

Each kind (:mod:`kerasnb.builder.kinds`) knows, in one place, how to check a value, write it
as Python source, pass it to Keras and describe its control; the catalogues only list rows.

>>> units = Param("units", "int", 32, "number of neurons", min=1, required=True)
>>> units.check(64, "Dense"), units.source(64), units.control(64)["widget"]
(64, '64', 'int')
>>> units.check(0, "Dense")
Traceback (most recent call last):
...
kerasnb.builder.errors.SpecError: Layer 'Dense': parameter 'units' has an invalid value
  received: 0
  needs:    at least 1
  fix:      units: number of neurons
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kerasnb.builder.errors import SpecError

if TYPE_CHECKING:
    from kerasnb.builder.kinds import Kind

ACTIVATIONS = ("linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "gelu", "silu",
               "softplus", "softsign", "relu6", "leaky_relu", "hard_sigmoid", "mish",
               "exponential")


class Invalid(Exception):
    """Raised by a kind's check: ``needs`` says what would be right (wrapped by the caller)."""

    def __init__(self, needs: str) -> None:
        super().__init__(needs)
        self.needs = needs


@dataclass(frozen=True)
class Param:
    """One constructor argument of a Keras layer (or of ImageDataGenerator).

    The first block is what Keras accepts; ``start``, ``advanced``, ``units`` and ``step``
    are how the augmentation preview shows it.

    >>> Param("rate", "float", 0.5, "fraction dropped", min=0, max=1, max_open=True).describe()
    'rate (float in [0, 1)): fraction dropped'
    """

    name: str
    kind: str  # a key of KINDS
    default: Any
    help: str = ""
    choices: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    min_open: bool = False  # the bound itself is not allowed
    max_open: bool = False
    size: int = 0  # tuple length for kind "ints"
    nullable: bool = False  # None is a valid value
    required: bool = False  # must be given; ``default`` is then a suggestion for controls
    positional: bool = False  # written positionally in generated code
    symmetric: bool = True  # kind "factor": a number f means [-f, f] (else [0, f])
    keras2: str | None = None  # the Keras 2 (or ImageDataGenerator) name, where it differed
    # preview-only presentation
    start: Any = None  # value a control starts at when the parameter is switched on
    advanced: bool = False  # not drawn as a control (the default is kept)
    units: str = ""
    step: float = 0.01
    span: tuple[float, float] | None = None  # a slider's range where Keras sets no bound

    @property
    def slider_range(self) -> tuple[float, float]:
        """The range a slider for this parameter covers: Keras' bounds, else ``span``.

        >>> Param("scale", "float", 1.0, span=(-10, 10)).slider_range
        (-10, 10)
        """
        lo, hi = self.span or (None, None)
        lo = self.min if self.min is not None else lo
        hi = self.max if self.max is not None else hi
        return (0.0 if lo is None else lo, 1.0 if hi is None else hi)

    @property
    def kind_of(self) -> Kind:
        from kerasnb.builder.kinds import KINDS

        return KINDS[self.kind]

    def check(self, value: Any, layer: str) -> Any:
        """Validate ``value`` and return its canonical (JSON) form, or raise SpecError."""
        try:
            return self.canonical(value)
        except Invalid as bad:
            raise self.bad(value, layer, bad.needs) from None

    def canonical(self, value: Any) -> Any:
        """The canonical form of ``value``, or :class:`Invalid` saying what is needed."""
        if value is None:
            if self.nullable:
                return None
            return self.kind_of.none(self)
        return self.kind_of.check(self, value)

    def problem(self, value: Any, where: str = "") -> str | None:
        """A sentence naming the parameter, what it got and what it needs; None when valid.

        >>> Param("cval", "float", 0.0, min=0, max=255).problem(300)
        'cval must be at most 255; got 300'
        """
        try:
            self.canonical(value)
        except Invalid as bad:
            return f"{where}{self.name} must be {bad.needs}; got {value!r}"
        return None

    def source(self, value: Any) -> str:
        """Python source for a canonical value."""
        return "None" if value is None else self.kind_of.source(self, value)

    def to_keras(self, value: Any) -> Any:
        """A canonical value as the Keras constructor wants it."""
        return None if value is None else self.kind_of.to_keras(self, value)

    def control(self, value: Any) -> dict[str, Any]:
        """A declarative description of the control that edits this parameter."""
        out = {"name": self.name, "value": value, "tooltip": self.describe()}
        return out | self.kind_of.control(self, value)

    def expanded(self, value: Any) -> Any:
        """``value`` with shorthand spelled out (an int for an ``ints`` tuple)."""
        return self.kind_of.expanded(self, value)

    def describe(self) -> str:
        """A one-line description, as shown next to a control."""
        text = f"{self.name} ({self.kind_of.describe(self)}): {self.help}"
        return text + (f" (Keras 2: {self.keras2})" if self.keras2 else "")

    def range_text(self) -> str:
        lo = "(" if self.min_open else "["
        hi = ")" if self.max_open else "]"
        return f"{lo}{num(self.min)}, {num(self.max)}{hi}"

    def bad(self, value: Any, layer: str, needs: str) -> SpecError:
        return SpecError(f"parameter {self.name!r} has an invalid value", layer=layer,
                         received=repr(value), needs=needs, fix=f"{self.name}: {self.help}")

    def in_range(self, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("a finite number")
        if self.min is not None and (value < self.min or (self.min_open and value == self.min)):
            raise Invalid(f"{'above' if self.min_open else 'at least'} {num(self.min)}")
        if self.max is not None and (value > self.max or (self.max_open and value == self.max)):
            raise Invalid(f"{'below' if self.max_open else 'at most'} {num(self.max)}")
        return value


def num(x: float | None) -> str:
    """A bound as text: ``1`` for 1.0, ``inf`` for None.

    >>> num(1.0), num(0.25), num(None)
    ('1', '0.25', 'inf')
    """
    if x is None:
        return "inf"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
