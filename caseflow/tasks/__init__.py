"""Background work on a queue (Huey): documents, imports and the clock, run by workers."""

from caseflow.tasks.queue import huey

__all__ = ["huey"]
