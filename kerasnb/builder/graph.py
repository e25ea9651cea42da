"""The one graph order of a model: every layer after the layers it reads from.

Analysis, code, the Keras model, the summary and ``from_model`` all list layers in this
order: a depth-first walk from each output (in output order) that lists a layer after its
inputs (in the order they are listed), then the layers no output reaches, in the order given.
It is also the order Keras itself lists the layers of a functional model in.

>>> graph_order({"a": ["x"], "b": ["x"], "c": ["b", "a"]}, ["c"])
['b', 'a', 'c']
>>> graph_order({"a": ["b"], "b": ["a"]}, ["a"])
Traceback (most recent call last):
...
kerasnb.builder.graph.Cycle: a -> b -> a
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class Cycle(Exception):
    """The layers form a cycle; ``path`` lists it from its first layer back to that layer."""

    def __init__(self, path: list[str]) -> None:
        super().__init__(" -> ".join(path))
        self.path = path


def graph_order(inputs_of: Mapping[str, Sequence[str]], outputs: Sequence[str]) -> list[str]:
    """Node names (keys of ``inputs_of``) in graph order; names not in the mapping (model
    inputs, unknown names) are skipped. Raises :class:`Cycle` when there is no such order."""
    order: list[str] = []
    done: set[str] = set()
    for root in [*outputs, *inputs_of]:
        if root in done or root not in inputs_of:
            continue
        # iterative depth-first walk, so deep chains cannot exhaust the recursion limit
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(inputs_of[root])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
                order.append(node)
                continue
            if child in on_path:
                raise Cycle(path[path.index(child):] + [child])
            if child in done or child not in inputs_of:
                continue
            path.append(child)
            on_path.add(child)
            stack.append(iter(inputs_of[child]))
    return order
