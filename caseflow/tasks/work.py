"""The tasks workers run: render a document job, import a confirmed file of flags.

Each task takes row ids only (the row holds the state the UI shows) and opens its own app
context and database session; the domain code lives in its package, not here. `request_id`
names the request that queued the task in the worker's log lines (queue.name_log_lines).
"""

from __future__ import annotations

import logging

from caseflow.tasks.queue import huey, task_app

log = logging.getLogger(__name__)


@huey.task(name="documents.render")
def render_document(job_id: int, *, request_id: str = "-") -> None:
    """Render one document job; its row records running, done or failed."""
    from caseflow.documents import jobs

    jobs.run(task_app(), job_id)


@huey.task(name="intake.import_batch")
def import_batch(batch_id: int, *, request_id: str = "-") -> None:
    """Import every remaining chunk of a confirmed batch, committing chunk by chunk."""
    from caseflow.intake import imports

    with task_app().app_context():
        imports.run(batch_id)
