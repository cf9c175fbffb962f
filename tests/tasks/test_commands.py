"""flask tasks worker | status."""

from __future__ import annotations

from caseflow.tasks import queue


def test_the_worker_refuses_to_start_when_tasks_run_inline(app):
    result = app.test_cli_runner().invoke(args=["tasks", "worker"])
    assert result.exit_code == 2 and "TASKS_IMMEDIATE" in result.output


def test_status_counts_the_waiting_tasks(app, tmp_path):
    from caseflow.tasks import work

    with queue.using(f"sqlite:///{tmp_path / 'tasks.db'}"):
        work.render_document(12345)
        work.render_document(12346)
        result = app.test_cli_runner().invoke(args=["tasks", "status"])
    assert result.exit_code == 0 and result.output.strip() == "pending 2, scheduled 0"
