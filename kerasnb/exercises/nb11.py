"""Exercises of 11_scaling_out.ipynb.

>>> [ex.id for ex in EXERCISES]
['11.global-batch', '11.tf-config', '11.resume-epoch']
"""

from __future__ import annotations

from typing import Any

from kerasnb.exercises import Exercise, received

_HOSTS = ["10.0.0.1:2222", "10.0.0.2:2222", "10.0.0.3:2222"]


def _global_batch(answer: Any) -> str | None:
    if not isinstance(answer, int) or isinstance(answer, bool):
        return f"Expected a whole number of examples (an int), you gave {received(answer)}."
    if answer == 4 * 2 * 32:
        return None
    if answer == 32:
        return (
            "32 is what each replica sees. fit's batch_size is the global batch: it is split "
            "between all replicas of all workers."
        )
    if answer in (4 * 32, 2 * 32):
        return (
            f"{answer} counts the replicas of only one level. There are 4 machines with 2 GPUs "
            "each: how many replicas in sync is that?"
        )
    if answer in (32 // 8, 32 // 4, 32 // 2):
        return "You divided; the global batch is the per-replica batch times the replicas."
    return f"You gave {answer}; expected per-replica batch x replicas in sync (machines x GPUs)."


def _tf_config(answer: Any) -> str | None:
    if not isinstance(answer, dict):
        return f"Expected a dict like the ones printed above, you gave {received(answer)}."
    if set(answer) != {"cluster", "task"}:
        return f"TF_CONFIG has two keys, 'cluster' and 'task'; yours has {sorted(answer)}."
    cluster, task = answer["cluster"], answer["task"]
    if not isinstance(cluster, dict) or list(cluster) != ["worker"]:
        return "'cluster' maps the job name 'worker' to the list of all worker addresses."
    workers = cluster["worker"]
    if not isinstance(workers, list) or sorted(workers) != sorted(_HOSTS):
        return f"'cluster' -> 'worker' must list all three addresses {_HOSTS}, you gave {workers!r}."
    if workers != _HOSTS:
        return (
            "Same addresses, different order: every worker must see the list in the same order, "
            "because an index means a position in it. Keep the order given."
        )
    if not isinstance(task, dict) or task.get("type") != "worker":
        return "'task' says which job this process belongs to: {'type': 'worker', 'index': ...}."
    index = task.get("index")
    if index == 2:
        return "Index 2 is the third address; 10.0.0.2 is the second (indexes start at 0)."
    if index != 1:
        return f"'index' is the position of 10.0.0.2:2222 in the list (from 0), you gave {index!r}."
    return None


def _resume_epoch(answer: Any) -> str | None:
    if not isinstance(answer, int) or isinstance(answer, bool):
        return f"Expected a whole number of epochs (an int), you gave {received(answer)}."
    if answer == 3:
        return None
    if answer == 4:
        return (
            "Epoch 4 was running when the worker died, but nothing of it was saved: the last "
            "checkpoint is from the end of epoch 3, so epoch 4 starts again from its beginning "
            "and 3 epochs are kept."
        )
    if answer == 0:
        return "The checkpoint of epoch 3 is restored, so those three epochs are not repeated."
    return f"You gave {answer}; how many finished epochs did the last checkpoint hold?"


EXERCISES = [
    Exercise(
        id="11.global-batch",
        title="The global batch of a cluster",
        checker=_global_batch,
        hint="Replicas in sync = workers x devices per worker; fit's batch_size is per step "
        "for all of them together.",
        solution="answer = 32 * 4 * 2  # 256: 8 replicas in sync, 32 examples each",
        wrong=(32, 128, 64, 4, "256", 256.0, True, 100),
    ),
    Exercise(
        id="11.tf-config",
        title="TF_CONFIG of the second machine",
        checker=_tf_config,
        hint="Copy the shape of cluster.tf_config(1) above: the same 'cluster' on every "
        "machine, only 'task' differs.",
        solution=(
            'answer = {"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222", "10.0.0.3:2222"]},\n'
            '          "task": {"type": "worker", "index": 1}}'
        ),
        wrong=(
            {"cluster": {"worker": _HOSTS}, "task": {"type": "worker", "index": 2}},
            {"cluster": {"worker": _HOSTS}, "task": {"type": "worker", "index": 0}},
            {"cluster": {"worker": _HOSTS[::-1]}, "task": {"type": "worker", "index": 1}},
            {"cluster": {"worker": _HOSTS[:2]}, "task": {"type": "worker", "index": 1}},
            {"cluster": {"chief": _HOSTS}, "task": {"type": "worker", "index": 1}},
            {"cluster": {"worker": _HOSTS}, "task": {"type": "chief", "index": 1}},
            {"cluster": {"worker": _HOSTS}},
            "10.0.0.2:2222",
        ),
    ),
    Exercise(
        id="11.resume-epoch",
        title="What a killed worker keeps",
        checker=_resume_epoch,
        hint="A checkpoint is written at the end of each epoch; whatever happened after the "
        "last one is lost.",
        solution="answer = 3  # the checkpoint after epoch 3 is restored; epoch 4 runs again",
        wrong=(4, 0, 2, "3", 3.0),
    ),
]
