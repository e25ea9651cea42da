"""LivePlot in-process: history kept, events seen, one display handle, interruption survived."""

from __future__ import annotations

from types import SimpleNamespace

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from kerasnb.plots import HistoryError, plot_history  # noqa: E402
from kerasnb.plots import live as live_module  # noqa: E402
from kerasnb.plots.live import LivePlot  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    return x, y


def new_model(learning_rate: float = 0.01) -> keras.Model:
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(learning_rate), "binary_crossentropy",
                  metrics=["accuracy"])
    return model


def fit(data, callbacks, epochs=4, **kwargs):
    x, y = data
    return new_model().fit(x, y, validation_split=0.25, epochs=epochs, batch_size=32, verbose=0,
                           callbacks=callbacks, **kwargs)


class Raise(keras.callbacks.Callback):
    """Fails like a buggy callback (or a learner pressing Stop) at a given point."""

    def __init__(self, epoch: int, error: BaseException, where: str = "epoch_end") -> None:
        super().__init__()
        self.epoch, self.error, self.where = epoch, error, where

    def on_epoch_end(self, epoch, logs=None):
        if self.where == "epoch_end" and epoch == self.epoch:
            raise self.error

    def on_train_batch_begin(self, batch, logs=None):
        if self.where == "batch" and self._epoch == self.epoch and batch == 2:
            raise self.error

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch


class FakeHandle:
    def __init__(self, bundle):
        self.bundles = [bundle]

    def update(self, bundle, raw=False):
        assert raw
        self.bundles.append(bundle)


class FakeShell:
    def __init__(self):
        self.kernel = object()
        self.hooks = []
        self.events = SimpleNamespace(register=self._register, unregister=self._unregister)

    def _register(self, name, fn):
        self.hooks.append((name, fn))

    def _unregister(self, name, fn):
        self.hooks.remove((name, fn))


@pytest.fixture
def notebook(monkeypatch):
    """Pretend to run in a kernel: record what LivePlot displays."""
    shell = FakeShell()
    shell.displays = []

    def display(bundle, raw=False, display_id=False):
        assert raw and display_id is True
        handle = FakeHandle(bundle)
        shell.displays.append(handle)
        return handle

    monkeypatch.setattr(live_module, "notebook_shell", lambda: shell)
    monkeypatch.setattr("IPython.display.display", display)
    return shell


def test_history_matches_keras_and_final_png_is_saved_in_a_script(data, tmp_path):
    live = LivePlot(save_path=tmp_path / "curves.png")
    history = fit(data, [live])
    assert live.history.keys() == history.history.keys()
    for key, values in history.history.items():
        np.testing.assert_allclose(live.history[key], values)
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"
    assert live.progress().startswith("done: epoch 4/4")
    assert "best val_loss" in live.progress()
    lines = {ln.get_label(): ln for ln in live.figure.axes[0].get_lines()}
    np.testing.assert_allclose(lines["validation"].get_ydata(), history.history["val_loss"])
    assert live.render_seconds and len(live.render_seconds) == 1  # scripts draw once, at the end


def test_a_script_without_save_path_renders_nothing(data):
    live = LivePlot()
    fit(data, [live], epochs=2)
    assert live.render_seconds == [] and live.png is None
    assert [ax.get_title() for ax in live.figure.axes] == ["loss", "accuracy"]


def test_one_display_handle_updated_in_place(data, notebook):
    live = LivePlot(interval=0, budget=1.0)
    fit(data, [live], epochs=4)
    assert len(notebook.displays) == 1
    bundles = notebook.displays[0].bundles
    assert len(bundles) >= 5  # the first display, one per epoch, the final one
    final = bundles[-1]
    assert final["text/plain"].startswith("done: epoch 4/4")
    assert "image/png" in final and final["image/png"] in final["text/html"]
    assert len({b.get("image/png") for b in bundles[1:]}) >= 4  # the image changed each epoch
    assert notebook.hooks == []  # the cell hook is removed once training ended


def test_redraws_are_throttled_but_the_last_epoch_is_always_drawn(data, notebook):
    live = LivePlot(interval=3600)
    fit(data, [live], epochs=5)
    assert len(live.render_seconds) == 2  # the first epoch, then the final drawing
    final = notebook.displays[0].bundles[-1]
    xs = [ln for ln in live.figure.axes[0].get_lines() if ln.get_label() == "training"][0]
    assert xs.get_xdata().tolist() == [1, 2, 3, 4, 5]
    assert final["text/plain"].startswith("done: epoch 5/5")


def test_exception_in_another_callback_keeps_the_history(data, tmp_path):
    live = LivePlot(save_path=tmp_path / "stopped.png")
    with pytest.raises(RuntimeError, match="broken callback"):
        fit(data, [live, Raise(2, RuntimeError("broken callback"))], epochs=6)
    assert len(live.history["loss"]) == 3
    live.finalize()  # in a notebook the end of the cell does this; in a script, the exit
    assert live.progress().startswith("interrupted, showing the last complete epoch: epoch 3/6")
    assert (tmp_path / "stopped.png").exists()
    training = [ln for ln in live.figure.axes[0].get_lines() if ln.get_label() == "training"][0]
    assert training.get_xdata().tolist() == [1, 2, 3]


def test_keyboard_interrupt_in_a_notebook_cell_draws_the_last_complete_epoch(data, notebook):
    live = LivePlot(interval=3600, per_batch=True)
    with pytest.raises(KeyboardInterrupt):
        fit(data, [live, Raise(2, KeyboardInterrupt(), where="batch")], epochs=6)
    assert len(live.history["loss"]) == 2
    ((name, hook),) = notebook.hooks
    assert name == "post_run_cell"
    hook(SimpleNamespace(error_in_exec=KeyboardInterrupt(), error_before_exec=None))
    final = notebook.displays[0].bundles[-1]
    assert final["text/plain"].startswith("interrupted by KeyboardInterrupt")
    assert "epoch 2/6" in final["text/plain"] and "image/png" in final
    batch = [ln for ln in live.figure.axes[0].get_lines() if "per batch" in ln.get_label()][0]
    assert max(batch.get_xdata()) <= 2  # the batches of the incomplete third epoch are dropped
    assert notebook.hooks == []


def test_interrupted_before_the_first_epoch(notebook, data):
    live = LivePlot()
    with pytest.raises(KeyboardInterrupt):
        fit(data, [live, Raise(0, KeyboardInterrupt(), where="batch")], epochs=3)
    live.finalize()
    assert live.history == {} and live.figure is None
    final = notebook.displays[0].bundles[-1]
    assert final["text/plain"].startswith("interrupted before the first epoch ended")
    assert "image/png" not in final


def test_a_caught_interrupt_is_closed_when_the_next_fit_starts(data, notebook):
    live = LivePlot()
    with pytest.raises(RuntimeError):
        fit(data, [live, Raise(1, RuntimeError("stop"))], epochs=4)
    fit(data, [live], epochs=2)
    first, second = notebook.displays
    assert first.bundles[-1]["text/plain"].startswith("interrupted")
    assert "epoch 2/4" in first.bundles[-1]["text/plain"]
    assert second.bundles[-1]["text/plain"].startswith("done: epoch 2/2")


def test_early_stopping_and_checkpoint_epochs_are_marked(data, tmp_path):
    live = LivePlot()
    # loss falls, so "max" never improves: EarlyStopping stops at the 2nd epoch (index 1) and
    # the checkpoint saves only the first.
    stop = keras.callbacks.EarlyStopping(monitor="loss", mode="max", patience=1)
    save = keras.callbacks.ModelCheckpoint(tmp_path / "best.keras", monitor="loss", mode="max",
                                           save_best_only=True)
    fit(data, [live, stop, save], epochs=10)
    assert live.events.stopped == [(2, "EarlyStopping")]
    assert live.events.saved == [1]
    assert live.progress().startswith("stopped by EarlyStopping: epoch 2/10")


def test_every_epoch_checkpoint_with_templated_path(data, tmp_path):
    live = LivePlot()
    save = keras.callbacks.ModelCheckpoint(tmp_path / "m{epoch:02d}.weights.h5",
                                           save_weights_only=True)
    fit(data, [save, live], epochs=3)
    assert live.events.saved == [1, 2, 3]


def test_learning_rate_drops_are_found_whatever_the_callback_order(data):
    for order in ("before", "after"):
        live = LivePlot()
        schedule = keras.callbacks.LearningRateScheduler(lambda e: 0.01 if e < 2 else 0.001)
        fit(data, [live, schedule] if order == "before" else [schedule, live], epochs=4)
        assert live.events.lr_drops == [3], order
        np.testing.assert_allclose(live.history["learning_rate"], [0.01, 0.01, 0.001, 0.001])
        assert [ax.get_title() for ax in live.figure.axes][-1] == "learning rate"


def test_plot_history_accepts_a_liveplot(data):
    live = LivePlot()
    fit(data, [live], epochs=2)
    fig = plot_history(live)
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]


def test_continuing_training_appends_and_a_new_run_starts_over(data):
    x, y = data
    model = new_model()
    live = LivePlot()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[live])
    model.fit(x, y, initial_epoch=2, epochs=4, verbose=0, callbacks=[live])
    assert len(live.history["loss"]) == 4
    model.fit(x, y, epochs=1, verbose=0, callbacks=[live])
    assert len(live.history["loss"]) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"interval": -1}, r"interval must be a number of seconds >= 0.*-1"),
     ({"budget": 0}, r"budget must be a fraction.*0"),
     ({"last": 0}, "last=0; expected a whole number")],
)
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(HistoryError, match=message):
        LivePlot(**kwargs)


def test_watch_names_the_callbacks_explicitly(data, monkeypatch):
    def no_lookup(me):
        raise AssertionError("the frame lookup must not run when watch= is given")

    monkeypatch.setattr(live_module, "sibling_callbacks", no_lookup)
    stop = keras.callbacks.EarlyStopping(monitor="loss", mode="max", patience=1)
    live = LivePlot(watch=[stop])
    fit(data, [live, stop], epochs=10)
    assert live.events.stopped == [(2, "EarlyStopping")]


def test_the_callbacks_of_fit_are_found_without_watch(data):
    # The fallback reads Keras' CallbackList from the calling frame: if a Keras release calls
    # callbacks another way, this fails and LivePlot(watch=...) is the way to pass them.
    seen = []

    class Probe(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            seen.extend(live_module.sibling_callbacks(self))

    probe, other = Probe(), keras.callbacks.TerminateOnNaN()
    fit(data, [probe, other], epochs=1)
    assert other in seen


def test_x_axis_follows_the_epochs_seen_with_room_to_grow(data, notebook):
    live = LivePlot(interval=0, budget=1.0)
    x, y = data
    model = new_model()
    grabbed = []

    class Grab(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                grabbed.append(live.figure.axes[0].get_xlim())

    with pytest.raises(RuntimeError):
        model.fit(x, y, epochs=200, verbose=0, callbacks=[live, Grab(),
                                                          Raise(4, RuntimeError("stop"))])
    assert grabbed and grabbed[0][1] <= 10.5  # 3 epochs of 200 seen: the axis ends near 10
    live.finalize()
    assert live.figure.axes[0].get_xlim()[1] == pytest.approx(5.5)  # the last epoch seen


def test_progress_line_moves_every_epoch_while_the_image_waits(data, notebook, monkeypatch):
    # the line is pushed at most every _LINE_GAP seconds; with no gap every epoch end pushes it,
    # however fast this machine runs the epochs
    monkeypatch.setattr("kerasnb.plots.live._LINE_GAP", 0.0)
    live = LivePlot(interval=3600)
    fit(data, [live], epochs=5)
    texts = [b["text/plain"] for b in notebook.displays[0].bundles]
    assert len(live.render_seconds) == 2  # the picture: the first epoch and the final drawing
    for epoch in (2, 3, 4):  # the line: every epoch
        assert any(t.startswith(f"epoch {epoch}/5") for t in texts), texts


def test_unknown_monitor_is_warned_about_and_shown(data):
    live = LivePlot(monitor="val_acc")
    with pytest.warns(UserWarning, match="monitor='val_acc'"):
        fit(data, [live], epochs=2)
    assert "monitor 'val_acc' is not logged" in live.progress()


def test_the_figure_shows_itself_as_a_png(data):
    live = LivePlot()
    fit(data, [live], epochs=2)
    assert live.figure._repr_png_()[:4] == b"\x89PNG"
