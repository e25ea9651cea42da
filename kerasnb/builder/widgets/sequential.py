"""SequentialBuilder: assemble a stack of layers and see shapes, errors and code live.

>>> from kerasnb.builder import SequentialBuilder
>>> builder = SequentialBuilder(input_shape=(28, 28, 1))
>>> builder.add("Conv2D", filters=8, kernel_size=3)
>>> builder.add("Flatten")
>>> builder.add("Dense", units=10, activation="softmax")
>>> builder.analysis.infos["dense"].shape_text
'(None, 10)'
>>> builder.spec.compile_settings()["loss"]
'sparse_categorical_crossentropy'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from kerasnb.builder.catalogue import DTYPES, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import ModelSpec
from kerasnb.builder.widgets.base import BuilderBase, start_spec
from kerasnb.builder.widgets.controls import parse_numbers


class SequentialBuilder(BuilderBase):
    """A widget to build a ``keras.Sequential`` model layer by layer.

    >>> builder = SequentialBuilder(input_shape=(20,))
    >>> builder.add("Dense", units=1, activation="sigmoid")
    >>> builder.spec.compile_settings()["loss"]
    'binary_crossentropy'

    ``start`` may be a ModelSpec, a saved spec file, or an existing Keras model whose layers
    form a stack. ``builder.spec``, ``builder.code`` and ``builder.model`` give the design.
    """

    title = "Sequential model builder"

    def __init__(self, start: Any = None, *, input_shape: Sequence[int | None] = (28, 28, 1),
                 dtype: str = "float32", name: str = "sequential") -> None:
        spec = start_spec(start, ModelSpec.sequential(input_shape, [], dtype=dtype, name=name))
        self._check_kind(spec)
        super().__init__(spec)
        self.input_shape = w.Text(value=", ".join("None" if d is None else str(d)
                                                  for d in spec.inputs[0].shape),
                                  description="input shape", continuous_update=False,
                                  layout=w.Layout(width="260px"))
        self.input_dtype = w.Dropdown(options=list(DTYPES),
                                      value=spec.inputs[0].dtype, description="dtype",
                                      layout=w.Layout(width="200px"))
        self.input_shape.observe(self._guarded(lambda change: self._on_input()), names="value")
        self.input_dtype.observe(self._guarded(lambda change: self._on_input()), names="value")

        self.layer_list = w.Select(options=[], rows=12, layout=w.Layout(width="520px"),
                                   description="layers")
        self.layer_list.observe(self._guarded(self._on_select), names="value")
        self.add_button = w.Button(description="Add at end", icon="plus")
        self.insert_button = w.Button(description="Insert above", icon="level-up")
        self.remove_button = w.Button(description="Remove", icon="trash")
        self.up_button = w.Button(description="Up", icon="arrow-up")
        self.down_button = w.Button(description="Down", icon="arrow-down")
        self.add_button.on_click(self._guarded(lambda _: self.add(self.type_picker.value)))
        self.insert_button.on_click(self._guarded(lambda _: self._insert_clicked()))
        self.remove_button.on_click(self._guarded(lambda _: self._remove_selected()))
        self.up_button.on_click(self._guarded(lambda _: self._move(-1)))
        self.down_button.on_click(self._guarded(lambda _: self._move(1)))
        for b in (self.add_button, self.insert_button):
            b.layout = w.Layout(width="auto")
        for b in (self.remove_button, self.up_button, self.down_button):
            b.layout = w.Layout(width="110px")

        edit = w.VBox([
            w.HBox([self.input_shape, self.input_dtype]),
            w.HBox([self.type_picker, self.add_button, self.insert_button]),
            w.HBox([self.layer_list,
                    w.VBox([self.up_button, self.down_button, self.remove_button])]),
        ])
        self._widget = w.VBox([
            w.HTML(f"<h4 style='margin:4px 0'>{self.title}</h4>"),
            w.HBox([edit, w.VBox([self.param_title, self.param_box],
                                 layout=w.Layout(margin="0 0 0 16px"))]),
            self.error_html, self.totals_html, self.status_html, self.tabs])
        self._widget.add_class("kerasnb-builder")
        self.layer_list.add_class("kerasnb-layer-list")
        self.selected = spec.layers[-1].name if spec.layers else None
        self._changed(rebuild_panel=True)

    # ------------------------------------------------------------------ editing API
    def add(self, type_name: str, name: str | None = None, **params: Any) -> None:
        """Add a layer at the end (suggested values for required parameters not given).

        >>> b = SequentialBuilder(input_shape=(20,))
        >>> b.add("Dense")
        >>> b.spec.layer("dense").params
        {'units': 32}
        """
        self._add_at(len(self._spec.layers), type_name, name, params)

    def insert(self, index: int, type_name: str, name: str | None = None,
               **params: Any) -> None:
        """Insert a layer at position ``index`` (0 = right after the input).

        >>> b = SequentialBuilder(input_shape=(8, 8, 1))
        >>> b.add("Dense", units=2)
        >>> b.insert(0, "Flatten")
        >>> [x.name for x in b.spec.layers], b.errors
        (['flatten', 'dense'], [])
        """
        self._add_at(index, type_name, name, params)

    def remove(self, name: str) -> None:
        """Remove a layer by name.

        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense"); b.remove("dense")
        >>> b.spec.layers
        []
        """
        names = [x.name for x in self._spec.layers]
        i = names.index(name) if isinstance(name, str) and name in names else 0

        def do() -> None:  # the spec names the layers when ``name`` is not one of them
            self._spec.remove(name)
            rest = [x.name for x in self._spec.layers]
            self.selected = rest[min(i, len(rest) - 1)] if rest else None

        self._try(do)

    def move(self, name: str, offset: int) -> None:
        """Move a layer up (offset -1) or down (+1).

        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dense"); b.add("Dropout"); b.move("dropout", -1)
        >>> [x.name for x in b.spec.layers]
        ['dropout', 'dense']
        """
        def do() -> None:
            self._spec.move(name, offset)
            self.selected = name

        self._try(do)

    def set_param(self, name: str, key: str, value: Any) -> None:
        """Change one parameter of a layer (the design is kept if the value is invalid).

        >>> b = SequentialBuilder(input_shape=(4,))
        >>> b.add("Dropout", rate=0.5)
        >>> b.set_param("dropout", "rate", 2.0)
        >>> b.spec.layer("dropout").params, b.errors[0].needs
        ({'rate': 0.5}, 'below 1')
        """
        self._try(self._spec.set_param, name, key, value, rebuild_panel=name == self.selected)

    # ------------------------------------------------------------------ internals
    def _check_kind(self, spec: ModelSpec) -> None:
        if not (spec.is_chain or (len(spec.inputs) == 1 and not spec.layers)):
            raise SpecError("this model is not a plain stack of layers",
                            fix="use FunctionalBuilder for models with branches, several "
                                "inputs or several outputs")

    def _add_at(self, index: int, type_name: str, name: str | None,
                params: dict[str, Any]) -> None:
        def do() -> None:
            full = layer_type(type_name).suggested() | params
            layer = self._spec.insert(index, type_name, full, name)
            self.selected = layer.name

        self._try(do)

    def _insert_clicked(self) -> None:
        names = [x.name for x in self._spec.layers]
        index = names.index(self.selected) if self.selected in names else 0
        self._add_at(index, self.type_picker.value, None, {})

    def _remove_selected(self) -> None:
        if self.selected is not None:
            self.remove(self.selected)

    def _move(self, offset: int) -> None:
        if self.selected is not None:
            self.move(self.selected, offset)

    def _on_select(self, change: dict[str, Any]) -> None:
        if self._busy or change["new"] is None or change["new"] == self.selected:
            return
        self.selected = change["new"]
        self._rebuild_panel()

    def _on_input(self) -> None:
        if self._busy:
            return
        try:
            shape = parse_numbers(self.input_shape.value)
        except SpecError as err:
            self._action_errors = [err]
            self._render()
            return
        self._try(self._spec.set_input, self._spec.inputs[0].name, shape or [],
                  self.input_dtype.value, rebuild_panel=False)

    def _refresh_structure(self) -> None:
        options = []
        failing = {e.layer for e in self.analysis.errors}
        for i, layer in enumerate(self._spec.layers):
            info = self.analysis.infos.get(layer.name)
            shape = info.shape_text if info else "?"
            flag = "  ✖ problem" if layer.name in failing else ""
            options.append((f"{i + 1:>2}. {layer.name}  ({layer.type})  → {shape}{flag}",
                            layer.name))
        if list(self.layer_list.options) != options:
            self.layer_list.options = options
        if self.layer_list.value != self.selected:
            self.layer_list.value = self.selected
