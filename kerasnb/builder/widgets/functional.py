"""FunctionalBuilder: build a graph of layers with several inputs, branches, merges and
several outputs, choosing each layer's inputs from the existing ones.

>>> from kerasnb.builder import FunctionalBuilder
>>> builder = FunctionalBuilder(input_shape=(8,))
>>> builder.add_input((4,), name="extra")
>>> builder.add("Dense", inputs=["input_layer"], units=16)
>>> builder.add("Concatenate", inputs=["dense", "extra"])
>>> builder.add("Dense", inputs=["concatenate"], units=1, activation="sigmoid")
>>> builder.spec.outputs, builder.analysis.infos["concatenate"].shape_text
(['dense_1'], '(None, 20)')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from kerasnb.builder.args import names_arg
from kerasnb.builder.catalogue import DTYPES, layer_type
from kerasnb.builder.errors import SpecError
from kerasnb.builder.spec import InputSpec, ModelSpec
from kerasnb.builder.widgets.base import BuilderBase, start_spec
from kerasnb.builder.widgets.controls import parse_numbers


class FunctionalBuilder(BuilderBase):
    """A widget to build a functional ``keras.Model`` (a graph of layers).

    New layers read from the selected layer (merge layers from the current outputs) and
    become outputs in place of what they read; change that with the "reads from" list and
    the "output" checkbox. ``start`` may be a ModelSpec, a saved file or a Keras model.

    >>> from kerasnb.builder.examples import two_input_two_output
    >>> FunctionalBuilder(two_input_two_output()).spec.outputs
    ['main_output', 'aux_output']
    """

    title = "Functional model builder"

    def __init__(self, start: Any = None, *, input_shape: Sequence[int | None] = (32,),
                 dtype: str = "float32", name: str = "model") -> None:
        default = ModelSpec(inputs=[InputSpec("input_layer", list(input_shape), dtype)],
                            name=name)
        spec = start_spec(start, default)
        super().__init__(spec)
        self.input_list = w.Select(options=[], rows=3, description="inputs",
                                   layout=w.Layout(width="420px"))
        self.new_input_shape = w.Text(value="32", description="shape",
                                      layout=w.Layout(width="200px"))
        self.new_input_dtype = w.Dropdown(options=list(DTYPES), value="float32",
                                          description="dtype", layout=w.Layout(width="180px"))
        self.add_input_button = w.Button(description="Add input", icon="plus",
                                         layout=w.Layout(width="auto"))
        self.add_input_button.on_click(self._guarded(lambda _: self._add_input_clicked()))
        self.remove_input_button = w.Button(description="Remove input", icon="trash",
                                            layout=w.Layout(width="auto"))
        self.remove_input_button.on_click(self._guarded(lambda _: self._remove_input_clicked()))
        self.set_input_button = w.Button(description="Set shape", icon="pencil",
                                         tooltip="give the selected input the shape and dtype",
                                         layout=w.Layout(width="auto"))
        self.set_input_button.on_click(self._guarded(lambda _: self._set_input_clicked()))

        self.layer_list = w.Select(options=[], rows=12, description="layers",
                                   layout=w.Layout(width="520px"))
        self.layer_list.observe(self._guarded(self._on_select), names="value")
        self.add_button = w.Button(description="Add layer", icon="plus")
        self.add_button.on_click(self._guarded(lambda _: self._add_clicked()))
        self.remove_button = w.Button(description="Remove", icon="trash")
        self.remove_button.on_click(self._guarded(lambda _: self._remove_selected()))
        self.inputs_select = w.SelectMultiple(options=[], rows=5, description="reads from",
                                              layout=w.Layout(width="330px"),
                                              style={"description_width": "130px"})
        self.inputs_select.observe(self._guarded(lambda change: self._on_inputs()), names="value")
        self.reads_hint = w.HTML(
            "<small>Ctrl-click (Cmd-click on a Mac) to choose several; a merge layer (Add, "
            "Concatenate, ...) reads 2 or more.</small>", layout=w.Layout(margin="0 0 0 134px"))
        self.is_output = w.Checkbox(value=False, description="output of the model",
                                    indent=False)
        self.is_output.observe(self._guarded(lambda change: self._on_output()), names="value")

        edit = w.VBox([
            w.HBox([self.input_list, w.VBox([self.remove_input_button])]),
            w.HBox([self.new_input_shape, self.new_input_dtype, self.add_input_button,
                    self.set_input_button]),
            w.HBox([self.type_picker, self.add_button, self.remove_button]),
            self.layer_list,
        ])
        self._widget = w.VBox([
            w.HTML(f"<h4 style='margin:4px 0'>{self.title}</h4>"),
            w.HBox([edit, w.VBox([self.param_title, self.inputs_select, self.reads_hint, self.is_output,
                                  self.param_box], layout=w.Layout(margin="0 0 0 16px"))]),
            self.error_html, self.totals_html, self.status_html, self.tabs])
        self._widget.add_class("kerasnb-builder")
        self.layer_list.add_class("kerasnb-layer-list")
        self.selected = spec.layers[-1].name if spec.layers else None
        self._changed(rebuild_panel=True)

    # ------------------------------------------------------------------ editing API
    def add_input(self, shape: Sequence[int | None], dtype: str = "float32",
                  name: str | None = None) -> None:
        """Add a model input (the shape of one sample).

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add_input((3,), name="extra")
        >>> [i.name for i in b.spec.inputs]
        ['input_layer', 'extra']
        """
        self._try(self._spec.add_input, shape, dtype, name, rebuild_panel=False)

    def remove_input(self, name: str) -> None:
        """Remove an input; layers that read it lose that connection.

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add_input((3,), name="extra"); b.remove_input("extra")
        >>> [i.name for i in b.spec.inputs]
        ['input_layer']
        """
        self._try(self._spec.remove_input, name, rebuild_panel=True)

    def add(self, type_name: str, inputs: Sequence[str] | str | None = None,
            name: str | None = None, output: bool = True, **params: Any) -> None:
        """Add a layer reading from ``inputs`` (default: the selected layer, or the current
        outputs for a merge layer). It replaces its inputs among the outputs.

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add("Dense", inputs="input_layer", units=2)
        >>> b.spec.outputs
        ['dense']
        """
        def do() -> None:
            lt = layer_type(type_name)
            ins = self._default_inputs(lt.is_merge) if inputs is None else names_arg(
                inputs, "inputs")
            new = self._spec.add_layer(type_name, lt.suggested() | params, ins, name)
            if output:
                self._spec.set_outputs([o for o in self._spec.outputs if o not in ins] + [new])
            self.selected = new
        self._try(do)

    def connect(self, name: str, inputs: Sequence[str]) -> None:
        """Choose which inputs/layers the layer ``name`` reads from.

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2); b.add("Dense", units=1); b.connect("dense_1", ["dense"])
        >>> b.spec.layer("dense_1").inputs
        ['dense']
        """
        self._try(self._spec.set_inputs_of, name, inputs, rebuild_panel=False)

    def set_outputs(self, names: Sequence[str]) -> None:
        """Choose the model's outputs (in order).

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2); b.add("Dense", units=1); b.set_outputs(["dense_1"])
        >>> b.spec.outputs
        ['dense_1']
        """
        self._try(self._spec.set_outputs, names, rebuild_panel=False)

    def remove(self, name: str) -> None:
        """Remove a layer; layers that read it lose that connection.

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2); b.remove("dense")
        >>> b.spec.layers
        []
        """
        def do() -> None:
            self._spec.remove(name)
            self.selected = self._spec.layers[-1].name if self._spec.layers else None
        self._try(do)

    def set_param(self, name: str, key: str, value: Any) -> None:
        """Change one parameter of a layer (the design is kept if the value is invalid).

        >>> b = FunctionalBuilder(input_shape=(4,))
        >>> b.add("Dense", units=2); b.set_param("dense", "units", 5)
        >>> b.analysis.infos["dense"].shape
        (5,)
        """
        self._try(self._spec.set_param, name, key, value, rebuild_panel=name == self.selected)

    # ------------------------------------------------------------------ internals
    def _default_inputs(self, merge: bool) -> list[str]:
        if merge:  # the current outputs, else the ends of the branches (read by no layer)
            if len(self._spec.outputs) >= 2:
                return list(self._spec.outputs)
            read = {i for layer in self._spec.layers for i in layer.inputs}
            ends = [n for n in self._spec.names if n not in read]
            ends = sorted(ends, key=lambda n: n != self.selected)
            return ends if len(ends) >= 2 else ([self.selected] if self.selected else [])
        if self.selected:
            return [self.selected]
        return [self._spec.inputs[-1].name] if self._spec.inputs else []

    def _add_clicked(self) -> None:
        self.add(self.type_picker.value)

    def _typed_input_shape(self) -> list[int | None] | None:
        """The shape typed in the input box, or None after showing why it cannot be read."""
        try:
            return parse_numbers(self.new_input_shape.value) or []
        except SpecError as err:
            self._action_errors = [err]
            self._render()
            return None

    def _add_input_clicked(self) -> None:
        shape = self._typed_input_shape()
        if shape is not None:
            self.add_input(shape, self.new_input_dtype.value)

    def _set_input_clicked(self) -> None:
        if not self.input_list.value:
            return
        shape = self._typed_input_shape()
        if shape is not None:
            self._try(self._spec.set_input, self.input_list.value, shape,
                      self.new_input_dtype.value, rebuild_panel=False)

    def _remove_input_clicked(self) -> None:
        if self.input_list.value:
            self.remove_input(self.input_list.value)

    def _remove_selected(self) -> None:
        if self.selected is not None:
            self.remove(self.selected)

    def _on_select(self, change: dict[str, Any]) -> None:
        if self._busy or change["new"] is None or change["new"] == self.selected:
            return
        self.selected = change["new"]
        self._rebuild_panel()
        self._render()

    def _on_inputs(self) -> None:
        if self._busy or self.selected is None:
            return
        self.connect(self.selected, list(self.inputs_select.value))

    def _on_output(self) -> None:
        if self._busy or self.selected is None:
            return
        outs = [o for o in self._spec.outputs if o != self.selected]
        self.set_outputs(outs + [self.selected] if self.is_output.value else outs)

    def _refresh_structure(self) -> None:
        infos = self.analysis.infos
        inputs = [(f"{i.name}  {infos[i.name].shape_text if i.name in infos else '?'}  "
                   f"{i.dtype}", i.name) for i in self._spec.inputs]
        if list(self.input_list.options) != inputs:
            chosen_input = self.input_list.value
            self.input_list.options = inputs
            if chosen_input in [name for _, name in inputs]:
                self.input_list.value = chosen_input
        options = []
        for layer in self._spec.layers:
            info = infos.get(layer.name)
            shape = info.shape_text if info else "?"
            flag = "  ✖ problem" if info is not None and info.error else ""
            out = "  [output]" if layer.name in self._spec.outputs else ""
            reads = ", ".join(layer.inputs) or "nothing"
            options.append((f"{layer.name} ({layer.type}) ← {reads}  → {shape}{out}{flag}",
                            layer.name))
        if list(self.layer_list.options) != options:
            self.layer_list.options = options
        if self.layer_list.value != self.selected:
            self.layer_list.value = self.selected
        layer = next((x for x in self._spec.layers if x.name == self.selected), None)
        others = [n for n in self._spec.names if layer is None or n != layer.name]
        if list(self.inputs_select.options) != others:
            self.inputs_select.options = others
        chosen = tuple(i for i in (layer.inputs if layer else []) if i in others)
        if self.inputs_select.value != chosen:
            self.inputs_select.value = chosen
        self.is_output.value = bool(layer and layer.name in self._spec.outputs)
