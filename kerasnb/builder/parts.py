"""The parts of a model spec: one input, one layer (plain, JSON-ready data).

>>> LayerSpec("d", "Dense", {"units": 3}, ["x"]).to_dict()
{'name': 'd', 'type': 'Dense', 'params': {'units': 3}, 'inputs': ['x']}
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

__all__ = ["InputSpec", "LayerSpec"]


@dataclass
class InputSpec:
    """One model input: the shape of a single sample, its dtype and its name.

    >>> InputSpec("image", [28, 28, 1]).to_dict()
    {'name': 'image', 'shape': [28, 28, 1], 'dtype': 'float32'}
    """

    name: str
    shape: list[int | None]
    dtype: str = "float32"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype}


@dataclass
class LayerSpec:
    """One layer: its catalogue type, its parameters, its name and the names it reads from.

    >>> LayerSpec("d", "Dense", {"units": 3}, ["x"]).to_dict()["inputs"]
    ['x']
    """

    name: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "params": copy.deepcopy(self.params),
                "inputs": list(self.inputs)}
