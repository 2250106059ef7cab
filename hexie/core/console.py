"""Terminal helpers for the `hexie` CLI: follow a Job with a rich progress bar."""

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .models import Job

console = Console()


def follow_job(job: Job, *, poll_seconds: float = 0.5) -> Job:
    """Show `job`'s progress until it finishes (it may run here, in a thread, or on a worker)."""
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task(f"{job.kind} #{job.pk}", total=job.total or None)
        while True:
            job.refresh_from_db()
            bar.update(task, completed=job.progress, total=job.total or None)
            if job.finished:
                break
            time.sleep(poll_seconds)
    if job.status == Job.Status.FAILED:
        console.print(f"[red]失败 / failed:[/red] {job.error}")
    return job
