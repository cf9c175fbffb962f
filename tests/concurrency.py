"""Run the same action in several threads at once, each with its own session and connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask

from caseflow.errors import Conflict
from caseflow.extensions import db


def race(app: Flask, actions: list[Callable[[], Any]]) -> list[Any]:
    """Start every action at the same moment; return each one's result or Conflict."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(i: int, action: Callable[[], Any]) -> None:
        with app.app_context():
            try:
                prepare = action()  # the action loads its objects, then returns the step to race
                barrier.wait(timeout=30)
                results[i] = prepare()
                db.session.commit()
            except Conflict as exc:
                db.session.rollback()
                results[i] = exc
            except Exception as exc:
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
