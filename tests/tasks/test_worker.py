"""A real worker process takes document jobs off Redis and off the SQLite queue, across restarts."""

from __future__ import annotations

import pytest
import redis

from caseflow.documents import jobs
from caseflow.documents.models import DocumentJob, JobStatus
from caseflow.extensions import db
from caseflow.tasks import queue
from tests.documents.conftest import case, cast  # noqa: F401  (fixtures)
from tests.tasks.worker import kill, redis_url, start_worker, wait_for, worker_env

#: One xdist worker for every test on Redis db 8: their task workers would take each other's tasks.
pytestmark = pytest.mark.xdist_group("redis-db8")


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["redis", "sqlite"])
def tasks_url(request, tmp_path, worker_id):
    """The queue's storage: this xdist worker's Redis database (emptied) or a SQLite file."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tasks.db'}"
    url = redis_url(worker_id)
    if not redis_answers(url):
        pytest.skip("no Redis on 127.0.0.1:6379")
    with queue.using(url) as huey:
        huey.flush()
    return url


def status_of(job_id: int) -> JobStatus:
    db.session.expire_all()
    return db.session.get(DocumentJob, job_id).status


def test_a_job_queued_while_the_worker_is_down_runs_when_it_restarts(app, cast, case,  # noqa: F811
                                                                      tasks_url, tmp_path):
    env, log = worker_env(app, tasks_url, tmp_path / "instance"), tmp_path / "worker.log"
    kill(start_worker(env, log))  # a worker that was running, then died
    job = jobs.request_case_file(case, actor=cast.supervisor, url_root="http://x/")
    db.session.commit()
    with queue.using(tasks_url) as huey:
        # A worker's scheduler enqueues the every-minute tasks as it starts: if the dead one
        # got that far, its timers would be pending beside the job (seen once in CI).
        huey.flush()
        jobs.start(job.id)
        assert huey.pending_count() == 1 and status_of(job.id) is JobStatus.QUEUED
    worker = start_worker(env, log)
    try:
        wait_for(lambda: status_of(job.id) in (JobStatus.DONE, JobStatus.FAILED),
                 what="the restarted worker to render the job")
        assert status_of(job.id) is JobStatus.DONE, log.read_text()
        assert db.session.get(DocumentJob, job.id).document.number.split("/")[1].startswith("HS-")
    finally:
        kill(worker)
