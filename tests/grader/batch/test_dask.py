"""The same sandboxed jobs on a Dask cluster give the same gradebook as local workers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.batch.executors import DaskExecutor, LocalExecutor, make_executor
from grader.batch.jobs import GradingSpec
from grader.batch.run import run_batch
from grader.execution.interface import Limits

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DEEP_NN = Path(__file__).resolve().parents[3] / "assignments" / "deep_nn"
FAST = Limits(call_seconds=1.5, import_seconds=3)


def test_executor_addresses():
    spec = GradingSpec("deep_nn", str(DEEP_NN))
    assert isinstance(make_executor(spec, None, 2), LocalExecutor)
    dask = make_executor(spec, "dask://scheduler.example:8786")
    assert isinstance(dask, DaskExecutor) and dask.address == "tcp://scheduler.example:8786"
    with pytest.raises(ValueError, match="unknown executor"):
        make_executor(spec, "spark://x")


@pytest.mark.slow
def test_a_dask_cluster_grades_like_local_workers(tmp_path):
    distributed = pytest.importorskip("distributed")
    subs = tmp_path / "subs"
    subs.mkdir()
    for i, path in enumerate(sorted((FIXTURES / "submissions" / "correct_variants").glob("*.py"))[:3]):
        shutil.copy(path, subs / f"correct{i}.py")
    for name in ("relu_leaky", "compute_cost_sign_flipped"):
        shutil.copy(FIXTURES / "submissions" / "buggy" / f"{name}.py", subs / f"{name}.py")
    for name in ("infinite_loop", "syntax_error", "exit_early"):
        shutil.copy(FIXTURES / "adversarial" / f"{name}.py", subs / f"{name}.py")
    (subs / "empty.py").write_text("")
    local = run_batch(DEEP_NN, subs, tmp_path / "local", workers=2, limits=FAST)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        remote = run_batch(DEEP_NN, subs, tmp_path / "dask", executor=address, limits=FAST)
    assert remote.graded_now == 9
    assert (tmp_path / "dask" / "gradebook.csv").read_bytes() == (tmp_path / "local" / "gradebook.csv").read_bytes()
    assert {r.isolation for r in remote.results} == {local.isolation}
